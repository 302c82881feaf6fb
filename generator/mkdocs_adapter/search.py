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
and writes the pages (:class:`Search`: one per ``mkdocs`` process, over its builds). The
index itself, its shards and the Pagefind runs: ``search_index.py``.

The reader's side: the header's search box, ``theme_overrides/partials/briefing-search.html``
(included by ``partials/header.html``), run by ``generator/assets/search.js``, which
merges the shards.

>>> search = Search(config, cache=None, shards=3000, serving=False, dirty=False)  # doctest: +SKIP
>>> search.begin(); search.add_page(page, html)   # each converted page  # doctest: +SKIP
>>> search.start(files, Path("site")); search.wait()                   # doctest: +SKIP
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from ..render.facets import Facets
from .dirty import Record
from .search_index import BUNDLE, SHARDS, SearchIndex, SearchIndexError, shard_pages, writable

__all__ = ["BUNDLE", "SHARDS", "Search", "SearchIndex", "search_plugin", "shard_pages"]

log = logging.getLogger("mkdocs.plugins.briefing")

_HEADING = re.compile(r"<h([1-6])\b[^>]*>")
#: HTML comments, which Pagefind ignores: the passthrough's marks of blocks kept out of
#: search carry a nonce of the build, which would make a page's copy differ every build.
_COMMENT = re.compile(r"<!--.*?-->", re.S)
#: The hints for search in a page; Material's search plugin removes them after indexing it.
SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]*\"")
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
    >>> without_hints('<h2 data-search-exclude="" id="sources">Sources</h2>')  # a heading's
    '<h2 id="sources">Sources</h2>'
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


def search_plugin(config: MkDocsConfig) -> str | None:
    """The MkDocs or Material search plugin configured beside ours, if any."""
    return next((name for name in SEARCH_PLUGINS if name in config.plugins), None)


#: The pages converted for :meth:`Search.index_later`: each page's copy, title and facets.
Later = dict[str, tuple[str, str | None, Facets | None] | None]


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
        if not serving and cache is not None and writable(cache / "search"):
            # kept for the next `mkdocs build --dirty`, which converts only changed pages
            folder = cache / "search"
        else:  # a folder of this process's own, so a build beside `mkdocs serve` is safe
            self.temp = Path(tempfile.mkdtemp(prefix="briefing-search-"))
            folder = self.temp / "pages"
        #: ``mkdocs serve``'s quick rebuilds (``live.py``): the pages converted, indexed
        #: after the build by :meth:`index_later` (a page kept out of search: None).
        self.later: Later | None = None
        self.worker: threading.Thread | None = None
        self.hurried = threading.Event()
        self.index = SearchIndex(
            folder,
            language=config.theme.get("language") or "en",
            shard_pages=shards,
            on_failure=log.error if serving else None,
        )

    def begin(self, last: Record | None = None) -> None:
        """A new build; ``last``: the record of the build whose site this one starts from
        (``mkdocs build --dirty``), which says what its search copies and shards hold."""
        self.hurry()
        self.index.begin()
        if last is not None:
            self.index.known, self.index.known_shards = last.search, last.shards

    def add_page(self, page: Any, html: str, facets: Mapping[str, Facets] | None = None) -> None:
        """A converted page: its search copy with its facets (by page source), unless it
        is kept out of search."""
        dest = page.file.dest_uri
        if not searchable(page.meta):
            if self.later is not None:
                self.later[dest] = None
            return
        copy = _COMMENT.sub("", searched_part(html))  # (the blocks' marks vary per build)
        found = (facets or {}).get(page.file.src_uri)
        if self.later is not None:
            self.later[dest] = (copy, page.title, found)
        else:
            self.index.add(dest, copy, page.title, found)

    def defer(self, later: bool = True) -> None:
        """``mkdocs serve``: the pages converted next are indexed by :meth:`index_later`
        (``later`` false: as they come, after all)."""
        self.later = {} if later else None

    def index_later(self, site_dir: Path) -> None:
        """Index, in the background, the pages converted since :meth:`defer`, keeping
        every other page's copy (the quick rebuild of ``live.py``: the same pages as the
        last build). The index running (or waiting) is not stopped, so its shards are
        not all indexed again: this one waits for it, and edits are indexed in turn."""
        later, self.later = self.later or {}, None
        before = self.worker

        def work() -> None:
            try:
                index(before, later)
            except Exception as exc:  # (a thread's: MkDocs would not see it)
                log.error(f"search: the edited pages were not indexed: {exc!r}")

        def index(before: threading.Thread | None, later: Later) -> None:
            if before is not None:
                before.join()
            running = self.index.thread  # (its failure, if it fails, is logged then)
            while running is not None and running.is_alive() and not self.hurried.is_set():
                running.join(0.2)
            known = self.index.hashes
            self.index.begin()
            for dest in sorted(known.keys() - later.keys()):
                self.index.keep(dest)
            for dest, page in later.items():
                if page is not None:
                    self.index.add(dest, *page)
            if not self.hurried.is_set():  # (else the next build indexes them)
                self.index.start(site_dir)

        self.worker = threading.Thread(target=work, name="search-later")
        self.worker.start()

    def hurry(self) -> None:
        """Before a full build: the copies :meth:`index_later` has to write are written,
        the index it waits for or runs is stopped (the full build indexes what changed)."""
        worker, self.worker = self.worker, None
        if worker is not None:
            self.hurried.set()
            self.index.stop()
            worker.join()
            self.hurried.clear()

    def start(self, files: Files, site_dir: Path, published: Path | None = None) -> None:
        """Every page is converted: index them into ``site_dir`` (a dirty build keeps the
        copies of the pages it did not convert again, and, from ``published``, the last
        site, the shards whose pages are the same: :meth:`kept`)."""
        if self.dirty:
            for file in files.documentation_pages():
                if not file.is_modified():
                    self.index.keep(file.dest_uri)
        self.index.start(site_dir, published)
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

    def kept(self, path: str) -> bool:
        """Is ``path``, a file of the last site, part of the search index this build
        keeps as it was (``SearchIndex.kept``)?"""
        return self.index.kept(path)

    def close(self) -> None:
        self.hurry()
        try:
            self.index.finish()
        except SearchIndexError as exc:
            log.error(str(exc))
        if self.temp is not None:
            shutil.rmtree(self.temp, ignore_errors=True)
