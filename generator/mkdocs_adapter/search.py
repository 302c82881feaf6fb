"""Site search with Pagefind: its Python side, in one room. A chunked index, so a query
downloads a few hundred KB whatever the size of the site (Material's own search downloads
one index of every page: 75 MiB at 10,000 articles).

What is indexed is each page's *content* as Python-Markdown made it (its search copy,
:meth:`SearchIndex.add`), without the template around it (navigation, header, footer)
and without what is kept out of search: blocks whose first tag says
``data-search-exclude`` (charts, data tables, chips, lists of links; the passthrough
keeps them as comments until the page is indexed, :func:`unsearched`), sections under a
heading that says it (:func:`searched_part`), pages whose front matter says
``search: {exclude: true}``. The hints are removed from the pages once read
(:data:`SEARCH_ATTRIBUTE`), as Material's search plugin does.

Every page is converted before any is put in Material's template, so Pagefind (a
separate process, written in Rust) indexes them on the second core while MkDocs renders
and writes the pages (:class:`Search`: one per ``mkdocs`` process, over its builds). A
big site is indexed in shards, listed in ``pagefind/shards.json`` (:data:`SHARDS`).

The reader's side: the header's search box, ``theme_overrides/partials/briefing-search.html``
(included by ``partials/header.html``), run by ``generator/assets/briefing.js``, which
merges the shards.

>>> index = SearchIndex(Path(".cache/briefing/search"), language="en")  # doctest: +SKIP
>>> index.add("articles/x/index.html", "<h1>Title</h1><p>Text</p>")     # doctest: +SKIP
>>> index.start(Path("site"))          # Pagefind runs in the background  # doctest: +SKIP
>>> index.wait()                       # raises SearchIndexError if it failed  # doctest: +SKIP
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from .dirty import Record, digest

log = logging.getLogger("mkdocs.plugins.briefing")

#: The folder of the search bundle in the site, the list of its other shards in it (read
#: by the search box), and what Pagefind skips inside a page.
BUNDLE = "pagefind"
SHARDS = "shards.json"
EXCLUDE = ("[data-search-exclude]", ".headerlink", ".bp-build-error")
#: Pagefind's own search interfaces: the header's search box (briefing.js) uses none.
UNUSED = (
    "pagefind-ui.*",
    "pagefind-component-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-highlight.js",
)


_HEADING = re.compile(r"<h([1-6])\b[^>]*>")
#: The hints for search in a page; Material's search plugin removes them after indexing it.
SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
#: The search plugins of MkDocs and Material, which remove the hints themselves.
SEARCH_PLUGINS = ("search", "material/search")


def unsearched(block: str) -> bool:
    """An HTML block kept out of search as a whole: its first tag says so.

    >>> unsearched('<ul data-search-exclude="true"><li>x</li></ul>'), unsearched("<p>x</p>")
    (True, False)
    """
    end = block.find(">")
    return "data-search-exclude" in block[:end]


def without_hints(html: str) -> str:
    """``html`` without the hints for search, as Material's search plugin leaves a page.

    >>> without_hints('<p data-search-exclude="true">x</p>')
    '<p>x</p>'
    """
    return SEARCH_ATTRIBUTE.sub("", html)


def searchable(meta: Any) -> bool:
    """A page is searched unless its front matter says ``search: {exclude: true}``.

    >>> searchable({}), searchable({"search": {"exclude": True}})
    (True, False)
    """
    search = meta.get("search") if isinstance(meta, dict) else None
    return not (isinstance(search, dict) and search.get("exclude"))


def searched_part(content: str) -> str:
    """The content without the sections whose heading says ``data-search-exclude``: as in
    Material's search, such a heading keeps its whole section (to the next heading of the
    same or a higher level) out of the index.

    >>> searched_part('<h2>A</h2>a<h2 data-search-exclude>B</h2>b<h3>C</h3>c<h2>D</h2>d')
    '<h2>A</h2>a<h2>D</h2>d'
    """
    parts: list[str] = []
    pos = skipping = 0
    for m in _HEADING.finditer(content):
        level = int(m.group(1))
        if skipping and level > skipping:
            continue
        if not skipping:
            parts.append(content[pos : m.start()])
        skipping = level if "data-search-exclude" in m.group(0) else 0
        pos = m.start()
    if not skipping:
        parts.append(content[pos:])
    return "".join(parts)


def shard_pages(pages: list[str], size: int) -> list[list[str]]:
    """``pages`` in shards of at most ``size``, each page in the shard its path's hash
    names, so a new or removed page changes its own shard only (not every shard after
    it, as cutting the sorted list would). A shard left empty is left out.

    >>> shard_pages(["a/", "b/", "c/", "d/"], 2)
    [['a/', 'd/'], ['b/', 'c/']]
    """
    size = max(1, size)
    count = max(1, -(-len(pages) // size))
    while True:
        shards: list[list[str]] = [[] for _ in range(count)]
        for page in pages:
            shards[int(digest(page)[:8], 16) % count].append(page)
        if max(map(len, shards)) <= size or count >= len(pages):
            return [shard for shard in shards if shard] or [[]]
        count += 1


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def _shard(bundle: Path, n: int) -> Path:
    return bundle if n == 0 else bundle / "more" / str(n)


def _has_index(folder: Path) -> bool:
    return (folder / "pagefind-entry.json").is_file()


def _clear(folder: Path, n: int) -> None:
    """Empty the folder of shard ``n`` (the first shard's is the bundle: the others stay)."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if n == 0 and path.name == "more":
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


class SearchIndexError(RuntimeError):
    """Pagefind failed: the message carries what it printed."""


class SearchIndex:
    """The pages to index, as small HTML files under ``folder`` at their site paths.

    Pagefind holds every page it indexes in memory (~300 KB a page: 3.3 GB for 10,000), so
    a site of more than ``shard_pages`` pages is indexed in shards, one Pagefind run after
    another: ``pagefind/`` and ``pagefind/more/<n>/``, listed in ``pagefind/shards.json``,
    which the search box merges (Pagefind's ``mergeIndex``). A query then loads a few KB of
    each shard's index besides the results it shows.
    """

    def __init__(
        self,
        folder: Path,
        *,
        language: str = "en",
        shard_pages: int = 3000,
        on_failure: Callable[[str], None] | None = None,
    ) -> None:
        self.folder = folder
        self.language = language
        self.shard_pages = max(1, shard_pages)
        self.seen: set[str] = set()
        self.log: Path = folder.parent / f"{folder.name}.log"
        self.thread: threading.Thread | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.cancelled = threading.Event()
        self.failure: str | None = None
        #: ``mkdocs serve``: nothing waits for the index; a failure is reported through
        #: this when it happens, and a new build stops an index it makes obsolete.
        self.on_failure = on_failure
        #: The hash of each page's copy, and of each shard (what a shard is made of), in
        #: this build and in the last (from this process, or the record of the last build).
        self.hashes: dict[str, str] = {}
        self.shards: list[str] = []
        self.known: dict[str, str] = {}
        self.known_shards: list[str] = []
        #: Shards indexed again by the last :meth:`start` (the others were kept).
        self.indexed: list[int] = []

    def begin(self) -> None:
        """A new build: forget which pages were seen (a dirty build keeps the files)."""
        self.finish()
        self.known, self.known_shards = self.hashes, self.shards
        self.seen.clear()
        self.hashes, self.shards = {}, []
        self.folder.mkdir(parents=True, exist_ok=True)

    def add(self, dest: str, content: str, title: str | None = None) -> None:
        """Index one page: ``dest`` is its file in the site (``articles/x/index.html``)."""
        head = f"<title>{html.escape(title)}</title>" if title else ""
        doc = (
            f'<!doctype html><html lang="{html.escape(self.language)}"><head>'
            f'<meta charset="utf-8">{head}</head><body>{searched_part(content)}</body></html>'
        )
        path = self.folder / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        data = doc.encode("utf-8")
        if self.known.get(dest) != digest(data) or not path.is_file():
            path.write_bytes(data)
        self.seen.add(dest)
        self.hashes[dest] = digest(data)

    def keep(self, dest: str) -> None:
        """A page a dirty build did not convert again: its file from before stays."""
        if dest in self.known and (self.folder / dest).is_file():
            self.seen.add(dest)
            self.hashes[dest] = self.known[dest]

    def prune(self) -> None:
        """Remove the files of pages that are gone or now kept out of search (those the
        last build indexed; after a build from nothing, any file not seen)."""
        if self.known:
            for dest in self.known.keys() - self.seen:
                (self.folder / dest).unlink(missing_ok=True)
            return
        for path in list(self.folder.rglob("*.html")):
            if path.relative_to(self.folder).as_posix() not in self.seen:
                path.unlink()

    def start(self, site_dir: Path) -> None:
        """Index the pages in the background, shard after shard, into site/pagefind (after
        :meth:`begin`, which ended the previous index). A shard whose pages are the same
        as in the last build, whose index is still in ``site_dir``, is kept."""
        self.prune()
        bundle = (site_dir / BUNDLE).resolve()
        shards = shard_pages(sorted(self.seen), self.shard_pages)
        self.shards = [
            digest("".join(f"{dest}\0{self.hashes[dest]}\n" for dest in pages)) for pages in shards
        ]
        same = len(self.shards) == len(self.known_shards) and (bundle / SHARDS).is_file()
        if not same:
            shutil.rmtree(bundle, ignore_errors=True)
        self.indexed = [
            n
            for n, made in enumerate(self.shards)
            if not same or made != self.known_shards[n] or not _has_index(_shard(bundle, n))
        ]
        for n in self.indexed:
            _clear(_shard(bundle, n), n)
        runs: list[tuple[Path, Path]] = []
        links = self.folder.parent / f"{self.folder.name}-shards"
        shutil.rmtree(links, ignore_errors=True)
        for n in self.indexed:
            if len(shards) == 1:
                runs.append((self.folder, bundle))
                continue
            tree = links / str(n)
            for dest in shards[n]:
                (tree / dest).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(self.folder / dest, tree / dest)
                except OSError:  # a file system without hard links
                    shutil.copyfile(self.folder / dest, tree / dest)
            runs.append((tree, _shard(bundle, n)))
        self.log.write_bytes(b"")
        self.failure = None
        more = [f"more/{n}/" for n in range(1, len(shards))]
        self.thread = threading.Thread(target=self._run, args=(runs, bundle, more), name="pagefind")
        self.thread.start()

    def _run(self, runs: list[tuple[Path, Path]], bundle: Path, more: list[str]) -> None:
        env = {**os.environ, "RUST_BACKTRACE": "0"}
        for pages, out in runs:
            cmd = [
                sys.executable, "-m", "pagefind",
                "--site", str(pages),
                "--output-path", str(out),
                "--exclude-selectors", ",".join(EXCLUDE),
                "--force-language", self.language,
                "--quiet",
            ]  # fmt: skip
            if self.cancelled.is_set():
                return
            with self.log.open("ab") as log:
                self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
                if self.cancelled.is_set():
                    self.proc.terminate()
                code = self.proc.wait()
            if self.cancelled.is_set():
                return
            if code != 0:
                text = self.log.read_text("utf-8", errors="replace").strip()
                self.failure = f"Pagefind failed (exit {code}) on {pages}:\n{text}"
                self.shards = []  # nothing of this index is kept for the next build
                if self.on_failure is not None:
                    self.on_failure(self.failure)
                return
        for pattern in UNUSED:
            for path in bundle.glob(pattern):
                path.unlink()
        bundle.mkdir(parents=True, exist_ok=True)
        shards = bundle / SHARDS
        shards.unlink(missing_ok=True)  # (a new file: a dirty build's is a hard link)
        shards.write_text(json.dumps({"more": more}), encoding="utf-8")

    def wait(self) -> None:
        """Wait for the index of this build; raise SearchIndexError if Pagefind failed."""
        thread, self.thread = self.thread, None
        if thread is not None:
            thread.join()
        failure, self.failure = self.failure, None
        if failure:
            raise SearchIndexError(failure)

    def stop(self) -> None:
        """Stop a running index: the build that wanted it is superseded."""
        thread, self.thread = self.thread, None
        if thread is not None and thread.is_alive():
            self.cancelled.set()
            proc = self.proc
            if proc is not None and proc.poll() is None:
                proc.terminate()
            self.shards = []  # stopped midway: the next build indexes every shard
        if thread is not None:
            thread.join()
        self.proc, self.failure = None, None
        self.cancelled.clear()

    def finish(self) -> None:
        """Before the next build touches the pages: wait for the index (``mkdocs build``;
        raises SearchIndexError) or, in ``mkdocs serve``, stop it: it is out of date."""
        if self.on_failure is None:
            self.wait()
        else:
            self.stop()


def search_plugin(config: MkDocsConfig) -> str | None:
    """The MkDocs or Material search plugin configured beside ours, if any."""
    return next((name for name in SEARCH_PLUGINS if name in config.plugins), None)


class Search:
    """The Pagefind index over one ``mkdocs`` process's builds (``mkdocs serve`` makes many).

    ``begin`` each build; ``add_page`` each converted page; ``start`` once all are
    converted (Pagefind runs while MkDocs writes the pages); ``wait`` at the end of a
    build (``mkdocs serve`` does not wait: a failure is logged when it happens, and the
    next build stops an index it makes obsolete); ``close`` when the process ends.
    """

    def __init__(
        self, config: MkDocsConfig, *, cache: Path | None, shards: int, serving: bool, dirty: bool
    ) -> None:
        clash = search_plugin(config)
        if clash:
            raise PluginError(
                f"plugins: the briefing plugin indexes the site with Pagefind; remove "
                f"'{clash}' from plugins, or set 'pagefind: false' under briefing"
            )
        self.serving, self.dirty = serving, dirty
        self.temp: Path | None = None
        if not serving and cache is not None and _writable(cache / "search"):
            # kept for the next `mkdocs build --dirty`, which converts only changed pages
            folder = cache / "search"
        else:  # a folder of this process's own, so a build beside `mkdocs serve` is safe
            self.temp = Path(tempfile.mkdtemp(prefix="briefing-search-"))
            folder = self.temp / "pages"
        self.index = SearchIndex(
            folder,
            language=config.theme.get("language") or "en",
            shard_pages=shards,
            on_failure=log.error if serving else None,
        )

    def begin(self, last: Record | None = None) -> None:
        """A new build; ``last``: the record of the build whose site this one starts from
        (``mkdocs build --dirty``), which says what its search copies and shards hold."""
        self.index.begin()
        if last is not None:
            self.index.known, self.index.known_shards = last.search, last.shards

    def add_page(self, page: Any, html: str) -> None:
        """A converted page: its search copy, unless it is kept out of search."""
        if searchable(page.meta):
            self.index.add(page.file.dest_uri, html, page.title)

    def start(self, files: Files, site_dir: Path) -> None:
        """Every page is converted: index them (a dirty build keeps the copies of the
        pages it did not convert again)."""
        if self.dirty:
            for file in files.documentation_pages():
                if not file.is_modified():
                    self.index.keep(file.dest_uri)
        self.index.start(site_dir)
        if self.dirty:
            count, again = len(self.index.shards), len(self.index.indexed)
            log.info(f"--dirty: search: {again} of {count} shards indexed again")

    def wait(self, record: Record | None = None) -> None:
        """The end of a build: Pagefind has finished (a failure stops the build); what
        it indexed goes in ``record``, for the next dirty build."""
        if self.serving:  # the preview does not wait
            return
        try:
            self.index.wait()
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        if record is not None:
            record.search, record.shards = dict(self.index.hashes), list(self.index.shards)

    def close(self) -> None:
        try:
            self.index.finish()
        except SearchIndexError as exc:
            log.error(str(exc))
        if self.temp is not None:
            shutil.rmtree(self.temp, ignore_errors=True)
