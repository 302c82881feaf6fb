"""Pagefind's index of a site: the search copies of its pages, its shards, the runs.

Pagefind holds every page it indexes in memory (~300 KB a page), so a big site is indexed
in shards (:func:`shard_pages`), one Pagefind run after another, into ``pagefind/`` and
``pagefind/more/<n>/``, listed in ``pagefind/shards.json`` for the search box to merge. The
pages a new entry changes (the front page, the indexes, its month) are in a small shard
of their own, and entries and assessments in shards counted from the oldest, so a new
entry dated today joins the last one (:func:`shard_pages`); a build indexes again only
the shards whose pages' copies changed (:meth:`SearchIndex.start`).
What of a page is searched, and the index over the builds of one process, are
``search.py``'s.

>>> index = SearchIndex(Path(".cache/briefing/search"), language="en")  # doctest: +SKIP
>>> index.add("articles/x/index.html", "<h1>Title</h1><p>Text</p>")     # doctest: +SKIP
>>> index.start(Path("site"))          # Pagefind runs in the background  # doctest: +SKIP
>>> index.wait()                       # raises SearchIndexError if it failed  # doctest: +SKIP
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from ..render.facets import UNDATED, Facets
from .dirty import digest

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


def shard_pages(
    pages: list[str], size: int, order: Mapping[str, str] | None = None
) -> list[list[str]]:
    """``pages`` in shards of at most ``size``, so that what a day's publishing changes
    is in few of them, and small ones.

    The pages of entries and assessments (those with a ``newest`` key in ``order``: the
    site's order, newest first) are cut into shards of ``size`` counted from the oldest,
    like the listings' pages: a full shard keeps its pages, and a new entry dated today
    joins the last, part-full one. The other pages (the front page, the indexes, region,
    theme and month pages, hand-written pages: those a new entry changes) come first, in
    as few shards as hold them, each page in the one its path's hash names, so one more
    of them changes its own only. A shard left empty is left out; pages that fit in one
    shard are in one.

    >>> shard_pages(["a/", "b/", "c/", "d/"], 2)
    [['a/', 'd/'], ['b/', 'c/']]
    >>> day = {"x/": "3 x/", "y/": "2 y/", "z/": "1 z/", "new/": "0 new/"}
    >>> shard_pages(["a/", "b/", *day], 2, day)  # the oldest first: x/ and y/ stay together
    [['a/', 'b/'], ['x/', 'y/'], ['z/', 'new/']]
    """
    size = max(1, size)
    if len(pages) <= size:  # one run of Pagefind: it is the cheapest
        return [list(pages)]
    order = order or {}
    dated = sorted((p for p in pages if order.get(p, UNDATED) != UNDATED), key=lambda p: order[p])
    dated.reverse()  # the oldest first
    others = [p for p in pages if order.get(p, UNDATED) == UNDATED]
    shards = _hashed(others, size) if others else []
    shards += [dated[at : at + size] for at in range(0, len(dated), size)]
    return shards or [[]]


def _hashed(pages: list[str], size: int) -> list[list[str]]:
    """``pages`` in as few shards of at most ``size`` as their paths' hashes allow."""
    count = max(1, -(-len(pages) // size))
    while True:
        shards: list[list[str]] = [[] for _ in range(count)]
        for page in pages:
            shards[int(digest(page)[:8], 16) % count].append(page)
        if max(map(len, shards)) <= size or count >= len(pages):
            return [shard for shard in shards if shard]
        count += 1


def writable(folder: Path) -> bool:
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


def link_tree(tree: Path, source: Path, pages: list[str]) -> None:
    """Make ``tree`` hold exactly ``pages``, each a hard link to its copy in ``source``
    (a copy where the file system has none): what one Pagefind run indexes.

    The tree of a shard is kept from build to build and only mended: a page's copy is
    rewritten in place (the link sees it), so a link goes or comes only with a page that
    left or joined the shard, or whose copy was made anew. Removing and making the tree
    again cost a folder per page, and a removed folder costs milliseconds on a file
    system that discards freed blocks (seconds a shard).

    >>> import tempfile
    >>> src, tree = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp()) / "0"
    >>> for name in ("a/index.html", "b/index.html"):
    ...     (src / name).parent.mkdir(parents=True); _ = (src / name).write_text(name)
    >>> link_tree(tree, src, ["a/index.html", "b/index.html"])
    >>> link_tree(tree, src, ["b/index.html"])
    >>> sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.html"))
    ['b/index.html']
    """
    wanted = set(pages)
    if tree.is_dir():
        for path in list(tree.rglob("*")):
            if not path.is_dir() and path.relative_to(tree).as_posix() not in wanted:
                path.unlink()
    for dest in pages:
        target, copy = tree / dest, source / dest
        try:
            if os.path.samestat(target.stat(), copy.stat()):
                continue
            target.unlink()
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(copy, target)
        except OSError:  # a file system without hard links: copied, every time
            shutil.copyfile(copy, target)


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
        #: Each page's copy: its hash and its place in the site's order (``"<hash>
        #: <newest key>"``, which says its shard: :func:`shard_pages`); and the hash of each
        #: shard (what it is made of); in this build and in the last (from this process,
        #: or the record of the last build).
        self.hashes: dict[str, str] = {}
        self.shards: list[str] = []
        self.known: dict[str, str] = {}
        self.known_shards: list[str] = []
        #: Shards indexed again by the last :meth:`start` (the others were kept), and
        #: whether any could be kept (the last index and its list of shards were found).
        self.indexed: list[int] = []
        self.reused = False

    def begin(self) -> None:
        """A new build: forget which pages were seen (a dirty build keeps the files)."""
        self.finish()
        self.known, self.known_shards = self.hashes, self.shards
        self.seen.clear()
        self.hashes, self.shards = {}, []
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
            f"<body>{content}</body></html>"
        )
        path = self.folder / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        data = doc.encode("utf-8")
        made = f"{digest(data)} {facets.newest if facets else UNDATED}"
        if self.known.get(dest) != made or not path.is_file():
            path.write_bytes(data)
        self.seen.add(dest)
        self.hashes[dest] = made

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

    def start(self, site_dir: Path, last: Path | None = None) -> None:
        """Index the pages in the background, shard after shard, into site/pagefind (after
        :meth:`begin`, which ended the previous index). A shard whose pages are the same
        as in the last build, whose index is still in ``last`` (the last site, updated in
        place by a dirty build) or else in ``site_dir``, is kept there (:meth:`kept`)."""
        self.prune()
        bundle = (site_dir / BUNDLE).resolve()
        old = bundle if last is None else (last / BUNDLE).resolve()
        order = {dest: made.partition(" ")[2] or UNDATED for dest, made in self.hashes.items()}
        shards = shard_pages(sorted(self.seen), self.shard_pages, order)
        self.shards = [
            digest("".join(f"{dest}\0{self.hashes[dest]}\n" for dest in pages)) for pages in shards
        ]
        known = self.known_shards if (old / SHARDS).is_file() else []
        if not known:
            shutil.rmtree(bundle, ignore_errors=True)
        for n in range(len(shards), len(known)):  # shards that are no more
            shutil.rmtree(_shard(bundle, n), ignore_errors=True)
        if len(shards) == 1:
            shutil.rmtree(bundle / "more", ignore_errors=True)
        self.indexed = [
            n
            for n, made in enumerate(self.shards)
            if n >= len(known) or made != known[n] or not _has_index(_shard(old, n))
        ]
        # (a dirty build in place keeps, in the last site, the shards not indexed again)
        self.reused = bool(known)
        for n in self.indexed:
            _clear(_shard(bundle, n), n)
        runs: list[tuple[Path, Path]] = []
        links = self.folder.parent / f"{self.folder.name}-shards"
        if links.is_dir():  # the pages of a shard that is no more
            for tree in links.iterdir():
                if not tree.name.isdigit() or int(tree.name) >= len(shards):
                    shutil.rmtree(tree, ignore_errors=True)
        for n in self.indexed:
            if len(shards) == 1:
                runs.append((self.folder, bundle))
                continue
            tree = links / str(n)
            link_tree(tree, self.folder, shards[n])  # (only the shards indexed again)
            runs.append((tree, _shard(bundle, n)))
        self.log.write_bytes(b"")
        self.failure = None
        more = [f"more/{n}/" for n in range(1, len(shards))]
        self.thread = threading.Thread(target=self._run, args=(runs, bundle, more), name="pagefind")
        self.thread.start()

    def kept(self, path: str) -> bool:
        """Is ``path`` (in the site: ``pagefind/...``) a file of a shard this build kept
        as the last build left it (not indexed again)? A dirty build updating the site in
        place removes the other files of the last index it did not write again.

        >>> index = SearchIndex(Path("x")); index.reused, index.shards = True, ["a", "b"]
        >>> index.indexed = [1]
        >>> index.kept("pagefind/fragment/a.pf_fragment"), index.kept("pagefind/more/1/x")
        (True, False)
        """
        if not self.reused or not path.startswith(f"{BUNDLE}/"):
            return False
        parts = path.split("/")
        n = int(parts[2]) if len(parts) > 3 and parts[1] == "more" and parts[2].isdigit() else 0
        return n < len(self.shards) and n not in self.indexed

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
            for pattern in UNUSED:  # (in every shard: ~0.4 MB each)
                for path in out.glob(pattern):
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
