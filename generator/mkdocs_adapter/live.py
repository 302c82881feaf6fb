"""``mkdocs serve --dirty``: an edit under ``content/`` renders only the pages it changed.

MkDocs' serve calls a full ``build()`` on every change: a new config, every file (27,000
at 10,000 entries), the navigation, the pages whose Markdown changed, then a walk of the
site. After an edit of an entry most of that is what the last build had. So the server's
builder is wrapped (:meth:`Live.serve`): when everything MkDocs watches besides the
content folder is as it was (:func:`fingerprint`: ``mkdocs.yml``, the hand-written pages,
the theme overrides), the generator runs, and if its output has the same pages and files
as the last run's, with no content error then or now, only the pages whose Markdown
changed are converted and written, and the files that changed written, into the last
build's site with the last build's config, files, navigation and theme (:meth:`Live.quick`).
Pagefind indexes their search copies after the pages are written, in the background
(``Search.index_later``): until it is done, search finds an edited page by its words
before the edit. Anything else (``mkdocs.yml``, the theme, a hand-written page, an entry added or
removed, a content error, a page in the navigation whose title changed) is the full build,
as before, which reuses the generator's run.

This uses what MkDocs 1.6 has but does not promise: ``build._populate_page`` and
``_build_page`` (what its ``build()`` runs for each page), the server's ``builder`` and
``_watched_paths``; without them every rebuild is the full build.

>>> live = Live(lambda: Generations(serving=True), lambda: None)     # doctest: +SKIP
>>> live.serve(server, config, Path("content"), Path("."), dirty=True)  # doctest: +SKIP
>>> fingerprint(["mkdocs.yml"]) == fingerprint(["mkdocs.yml"])     # nothing changed
True
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..build import Output
from .generation import Generations
from .preview import watch_content
from .search import Search

try:  # (not promised by MkDocs: see above)
    from mkdocs.commands.build import _build_page, _populate_page
except ImportError:  # pragma: no cover
    _build_page = _populate_page = None  # type: ignore[assignment]

log = logging.getLogger("mkdocs.plugins.briefing")

#: What a file was when looked at: its path, size and time of change.
Fingerprint = frozenset[tuple[str, int, int]]


def fingerprint(paths: Iterable[str]) -> Fingerprint:
    """Every file under ``paths`` (files or folders) as (path, size, time of change)."""
    found: set[tuple[str, int, int]] = set()
    for top in paths:
        for folder, _, names in os.walk(top) if os.path.isdir(top) else [("", [], [top])]:
            for name in names:
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                found.add((path, st.st_size, st.st_mtime_ns))
    return frozenset(found)


@dataclass
class Last:
    """The last build of the preview, for :meth:`Live.quick` to render into."""

    config: MkDocsConfig
    files: Files
    nav: Any
    env: Any
    watched: Fingerprint
    #: Its documentation pages (``Files.documentation_pages``), once a quick one needs them.
    docs: Sequence[File] | None = None


class Live:
    """The preview's quick rebuilds (see the module's docstring), over one ``mkdocs serve``.

    The plugin hands it each full build's navigation and theme (:meth:`seen`) and says
    when one went through (:meth:`built`); :meth:`serve` wraps the server's builder.
    """

    def __init__(
        self, runs: Callable[[], Generations], search: Callable[[], Search | None]
    ) -> None:
        self.runs, self.search = runs, search
        self.last: Last | None = None
        self.content = self.root = Path()
        #: The paths MkDocs watches besides the content folder (None: not known).
        self.paths: list[str] | None = None
        self.nav: Any = None
        self.pending: Last | None = None
        self.watching: Fingerprint = frozenset()
        #: What the last good build saw of the paths, and whether this rebuild's differ:
        #: then a dirty build renders every page (the title, the theme may have changed).
        self.shown: Fingerprint | None = None
        self.elsewhere = False
        #: The generator ran for this rebuild already: the full build does not run it again.
        self.ahead = False

    def generate(self, config: MkDocsConfig, content: Path, root: Path) -> None:
        """A full build's generator run (``on_pre_build``), unless :meth:`quick` ran it for
        this rebuild."""
        if not self.ahead:
            self.runs().generate(content, root, config)
        self.ahead = False

    def before(self) -> Output | None:
        """What a dirty build compares the output with (``Generations.before``); None, so
        every page is rendered again, when ``mkdocs.yml`` or the theme changed."""
        return None if self.elsewhere else self.runs().before()

    def seen(self, config: MkDocsConfig, files: Files, env: Any) -> None:
        """A full build has read every page (``on_env``)."""
        self.pending = Last(config, files, self.nav, env, self.watching)

    def built(self) -> None:
        """The full build went through: the next edit may render into it."""
        if self.pending is not None and self.paths is not None:
            self.last, self.pending = self.pending, None
            self.shown = self.last.watched

    def serve(
        self, server: Any, config: MkDocsConfig, content: Path, root: Path, *, dirty: bool
    ) -> None:
        """Watch ``content`` (``on_serve``: ``preview.watch_content``) and wrap ``server``'s
        builder: with ``dirty``, a rebuild is :meth:`quick` if it can be."""
        watch_content(server, content)
        watched = getattr(server, "_watched_paths", None)
        if not dirty or watched is None or _populate_page is None or not hasattr(server, "builder"):
            return  # (another MkDocs: every rebuild is the full build)
        self.content, self.root = content, root
        top = os.path.abspath(content)
        theme = [config.theme.custom_dir] if config.theme.custom_dir else []
        paths = {os.path.abspath(p) for p in [*watched, *config.watch, *theme]}
        self.paths = sorted(p for p in paths if p != top)
        if self.pending is not None:  # the first build (the watchers start after it)
            self.pending.watched = fingerprint(self.paths)
            self.built()
        full = server.builder

        def builder(config: MkDocsConfig | None = None) -> None:
            watched = fingerprint(self.paths or [])
            self.elsewhere = self.shown is not None and watched != self.shown
            if config is None and self.quick(watched):
                return
            self.watching = watched  # (taken before the build reads anything)
            full(config)

        server.builder = builder

    def quick(self, watched: Fingerprint) -> bool:
        """Render into the last build what the edit changed; False: the full build must.

        The cyclic garbage collector waits meanwhile (as in ``build.generate``): the
        preview holds millions of long-lived objects (every entry, page and file of the
        last build, the cache's tables), and a full collection set off by converting
        the pages walks all of them (~0.5 s at 10,000 entries); it runs later, when the
        edit is on screen.
        """
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._quick(watched)
        finally:
            if was_enabled:
                gc.enable()

    def _quick(self, watched: Fingerprint) -> bool:
        last, self.last, self.ahead = self.last, None, False
        if last is None or watched != last.watched:
            return False
        self.runs().generate(self.content, self.root, last.config)
        self.ahead = True  # the full build takes this run's output
        runs = self.runs()
        before, output = runs.previous, runs.output
        if runs.errors or runs.previous_errors or before is None or output is None:
            return False
        if not _same_shape(before, output):
            return False
        pages = sorted(p for p, text in output.pages.items() if before.pages[p] != text)
        changed = sorted(p for p, data in output.files.items() if before.files[p] != data)
        if not self._render(last, output, pages, changed):
            return False
        self.ahead = False
        self.last = last
        log.info(
            f"--dirty: the content changed, nothing else: {len(pages)} pages and "
            f"{len(changed)} files made again"
        )
        return True

    def _render(self, last: Last, output: Output, pages: list[str], changed: list[str]) -> bool:
        """Convert and write ``pages``, write the files of ``changed``; False if a page of
        the navigation now has another title (every page shows them)."""
        config, files = last.config, last.files
        if last.docs is None:  # (the same files in every quick rebuild: listed once)
            last.docs = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        titles = [page.title for page in last.nav.pages]
        search = self.search()
        if search is not None:
            search.defer()
        for path in pages:
            page = _page(files, path)
            page.file.content_string = output.pages[path]
            _populate_page(page, config, files)
        if titles != [page.title for page in last.nav.pages]:
            if search is not None:
                search.defer(False)  # (the full build indexes them)
            return False
        for path in pages:
            page = _page(files, path)
            excluded = page.file.inclusion.is_excluded()
            _build_page(page, config, last.docs, last.nav, last.env, excluded=excluded)
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        for path in changed:
            made = files.get_file_from_path(path)
            assert made is not None
            data = output.files[path]
            if isinstance(data, str):
                made.content_string = data
            else:
                made.content_bytes = data
            made.copy_file()
        if search is not None:  # (the page first: the index follows in the background)
            search.index_later(Path(config.site_dir))
        return True


def _page(files: Files, path: str) -> Any:
    file = files.get_file_from_path(path)
    assert file is not None and file.page is not None
    return file.page


def _same_shape(before: Output, now: Output) -> bool:
    """The same pages, files and assets: the navigation, the sitemap and the site's files
    are those of the last build."""
    return (
        before.pages.keys() == now.pages.keys()
        and before.files.keys() == now.files.keys()
        and before.assets == now.assets
    )
