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
(included by ``partials/header.html``), run by ``generator/assets/search.js``, which
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
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from ..render.facets import UNDATED, Facets

log = logging.getLogger("mkdocs.plugins.briefing")

#: The folder of the search bundle in the site, the list of its other shards in it (read
#: by the search box), and what Pagefind skips inside a page.
BUNDLE = "pagefind"
SHARDS = "shards.json"
EXCLUDE = ("[data-search-exclude]", ".headerlink", ".bp-build-error")
#: Pagefind's own search interfaces: the header's search box (assets/search.js) uses none.
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


def _tag(attr: str, key: str, value: str) -> str:
    return f'<meta {attr}="{key}[content]" content="{html.escape(value)}">'


def facet_tags(facets: Facets | None) -> str:
    """What Pagefind reads of a page's facets, as ``<meta>`` tags for its head: filters
    (``region`` with every ancestor, ``theme``, ``kind``, ``date``: a day, so a range is
    the days in it), the sort key ``newest`` (ascending: newest first, then by id), and
    what a result shows (``date``, ``section``, ``kind``, ``regions``: the entry's own,
    space-separated). Every page carries the sort key, or a sorted search would drop it
    (Pagefind #259): a page that is no entry sorts after the entries.

    >>> facet_tags(None)
    '<meta data-pagefind-sort="newest[content]" content="~">'
    >>> f = Facets("brief", "2026-02-02", "World", ("ir",), ("ir", "world"), ("nuclear",),
    ...            newest="7 x", url="x/")
    >>> print(facet_tags(f).replace("><", ">\\n<"))  # doctest: +NORMALIZE_WHITESPACE
    <meta data-pagefind-sort="newest[content]" content="7 x">
    <meta data-pagefind-filter="date[content]" content="2026-02-02">
    <meta data-pagefind-filter="kind[content]" content="brief">
    <meta data-pagefind-filter="region[content]" content="ir">
    <meta data-pagefind-filter="region[content]" content="world">
    <meta data-pagefind-filter="theme[content]" content="nuclear">
    <meta data-pagefind-meta="date[content]" content="2026-02-02">
    <meta data-pagefind-meta="kind[content]" content="brief">
    <meta data-pagefind-meta="section[content]" content="World">
    <meta data-pagefind-meta="regions[content]" content="ir">
    """
    if facets is None:
        return _tag("data-pagefind-sort", "newest", UNDATED)
    filters = [("date", facets.date), ("kind", facets.kind)]
    filters += [("region", r) for r in facets.within] + [("theme", t) for t in facets.themes]
    meta = [("date", facets.date), ("kind", facets.kind), ("section", facets.section)]
    meta.append(("regions", " ".join(facets.regions)))
    return "".join(
        [_tag("data-pagefind-sort", "newest", facets.newest)]
        + [_tag("data-pagefind-filter", k, v) for k, v in filters]
        + [_tag("data-pagefind-meta", k, v) for k, v in meta]
    )


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

    def begin(self) -> None:
        """A new build: forget which pages were seen (a dirty build keeps the files)."""
        self.finish()
        self.seen.clear()
        self.folder.mkdir(parents=True, exist_ok=True)

    def add(
        self, dest: str, content: str, title: str | None = None, facets: Facets | None = None
    ) -> None:
        """Index one page: ``dest`` is its file in the site (``articles/x/index.html``),
        ``facets`` what the search page narrows it by (an entry's; :func:`facet_tags`)."""
        head = f"<title>{html.escape(title)}</title>" if title else ""
        doc = (
            f'<!doctype html><html lang="{html.escape(self.language)}"><head>'
            f'<meta charset="utf-8">{head}{facet_tags(facets)}</head>'
            f"<body>{searched_part(content)}</body></html>"
        )
        path = self.folder / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc, encoding="utf-8")
        self.seen.add(dest)

    def keep(self, dest: str) -> None:
        """A page a dirty build did not convert again: its file from before stays."""
        if (self.folder / dest).is_file():
            self.seen.add(dest)

    def prune(self) -> None:
        """Remove the files of pages that are gone or now kept out of search."""
        for path in list(self.folder.rglob("*.html")):
            if path.relative_to(self.folder).as_posix() not in self.seen:
                path.unlink()

    def start(self, site_dir: Path) -> None:
        """Index the pages in the background, shard after shard, into site/pagefind (after
        :meth:`begin`, which ended the previous index)."""
        self.prune()
        bundle = (site_dir / BUNDLE).resolve()
        shutil.rmtree(bundle, ignore_errors=True)
        pages = sorted(self.seen)
        count = max(1, -(-len(pages) // self.shard_pages))
        runs: list[tuple[Path, Path]] = [(self.folder, bundle)]
        if count > 1:
            links = self.folder.parent / f"{self.folder.name}-shards"
            shutil.rmtree(links, ignore_errors=True)
            size = -(-len(pages) // count)
            runs = []
            for n in range(count):
                tree = links / str(n)
                for dest in pages[n * size : (n + 1) * size]:
                    (tree / dest).parent.mkdir(parents=True, exist_ok=True)
                    try:
                        os.link(self.folder / dest, tree / dest)
                    except OSError:  # a file system without hard links
                        shutil.copyfile(self.folder / dest, tree / dest)
                runs.append((tree, bundle if n == 0 else bundle / "more" / str(n)))
        self.log.write_bytes(b"")
        self.failure = None
        self.thread = threading.Thread(target=self._run, args=(runs, bundle), name="pagefind")
        self.thread.start()

    def _run(self, runs: list[tuple[Path, Path]], bundle: Path) -> None:
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
                if self.on_failure is not None:
                    self.on_failure(self.failure)
                return
        for pattern in UNUSED:
            for path in bundle.glob(pattern):
                path.unlink()
        more = [f"{out.relative_to(bundle).as_posix()}/" for _, out in runs[1:]]
        (bundle / SHARDS).write_text(json.dumps({"more": more}), encoding="utf-8")

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
        self.cancelled.set()
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
        thread, self.thread = self.thread, None
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
        if dirty and not serving and cache is not None:
            # `mkdocs build --dirty` converts only changed pages: the others' copies are kept
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

    def begin(self) -> None:
        self.index.begin()

    def add_page(self, page: Any, html: str, facets: Mapping[str, Facets] | None = None) -> None:
        """A converted page: its search copy with its facets (by page source), unless it
        is kept out of search."""
        if searchable(page.meta):
            found = (facets or {}).get(page.file.src_uri)
            self.index.add(page.file.dest_uri, html, page.title, found)

    def start(self, files: Files, site_dir: Path) -> None:
        """Every page is converted: index them (a dirty build keeps the copies of the
        pages it did not convert again)."""
        if self.dirty:
            for file in files.documentation_pages():
                if not file.is_modified():
                    self.index.keep(file.dest_uri)
        self.index.start(site_dir)

    def wait(self) -> None:
        """The end of a build: Pagefind has finished (a failure stops the build)."""
        if self.serving:  # the preview does not wait
            return
        try:
            self.index.wait()
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None

    def close(self) -> None:
        try:
            self.index.finish()
        except SearchIndexError as exc:
            log.error(str(exc))
        if self.temp is not None:
            shutil.rmtree(self.temp, ignore_errors=True)
