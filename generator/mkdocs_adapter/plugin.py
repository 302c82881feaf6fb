"""The MkDocs plugin: the only module that imports mkdocs. It wires, it does not think.

- ``on_pre_build``: load, validate, link and render everything *before* MkDocs cleans
  ``site/``, so bad content fails the build and leaves the previous site whole.
- ``on_files``: add the generated pages and assets as virtual files (nothing is written
  into the docs folder, which would make ``mkdocs serve`` rebuild forever).
- ``mkdocs serve``: watch ``content/``; when an edit breaks an entry, log each error,
  keep serving the last good pages and show the errors at the top of every page.
- Search: each page's converted content goes to Pagefind (``search.py``), which indexes
  it in a second process while MkDocs renders the pages into Material's template.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, cast

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..build import ASSET_CSS, ASSET_JS, Output, generate
from ..content.schedule import BuildDayError, scheduled_note
from ..errors import ContentError, ContentErrors
from ..incremental.cache import Cache
from ..render.markdown import escape_front_matter
from . import passthrough
from .preview import watch_content
from .search import BUNDLE, SearchIndex, SearchIndexError
from .staging import Staging, StagingError, prune_stale

log = logging.getLogger("mkdocs.plugins.briefing")
_LISTED = (
    "index.md",
    "watch/index.md",
    "regions/index.md",
    "themes/index.md",
    "archive/index.md",
    "track-record/index.md",
)
_BODY = re.compile(r"<body[^>]*>")


class BriefingConfig(Config):
    content_dir = c.Type(str, default="content")
    #: Validated entries and article pages kept between builds (relative to mkdocs.yml);
    #: an empty string turns the cache off.
    cache_dir = c.Type(str, default=".cache/briefing")
    #: Index the site with Pagefind (the header's search box); false leaves search to
    #: another plugin, such as Material's ``search``.
    pagefind = c.Type(bool, default=True)
    #: Pages per Pagefind run: bigger sites are indexed in shards the search box merges,
    #: which bounds the indexer's memory (~300 KB a page) at a few KB more per query.
    search_shard_pages = c.Type(int, default=3000)


class _GeneratedFile(File):
    """A generated file that tells a dirty build whether it changed since the last one,
    so ``mkdocs serve --dirty`` renders only the pages an edit touched."""

    changed = True

    @classmethod
    def make(cls, config: MkDocsConfig, path: str, changed: bool, **kw: Any) -> File:
        file = cast(_GeneratedFile, cls.generated(config, path, **kw))
        file.changed = changed
        return file

    def is_modified(self) -> bool:
        return self.changed


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.output: Output | None = None
        self.errors: tuple[ContentError, ...] = ()
        self.content = Path("content")
        self.atomic = self.dirty = self.finished = False
        self.staging: Staging | None = None
        self.nonce = passthrough.new_nonce()
        self.hidden: dict[str, tuple[str, ...]] = {}
        self.cache: Cache | None = None
        self.previous: Output | None = None
        self.previous_errors: tuple[ContentError, ...] = ()
        self.search: SearchIndex | None = None
        self.search_temp: Path | None = None
        self.files_temp: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        # build / gh-deploy write into a staging folder that replaces site/ only when the
        # whole build succeeded (see staging.py); serve keeps MkDocs' own behaviour.
        self.atomic = command in ("build", "gh-deploy")
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.content = root / self.config.content_dir
        if ASSET_CSS not in config.extra_css:
            config.extra_css.append(ASSET_CSS)
        if ASSET_JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(ASSET_JS)
        if not config.site_url:
            log.info("site_url is not set (env SITE_URL): feeds and data use relative links")
        if self.config.pagefind and self.search is None:
            self.search = self._search_index(config)
        if self.atomic and self.staging is None:
            try:
                self.staging = Staging(Path(config.site_dir), copy=self.dirty)
            except StagingError as exc:
                raise PluginError(str(exc)) from None
            for path in self.staging.removed:
                log.info(f"Removed {path.name}, left beside the site by a build that was stopped")
            self.site_config, self.finished = config, False
            config.site_dir = str(self.staging.path)
        return config

    def _search_index(self, config: MkDocsConfig) -> SearchIndex:
        clash = [name for name in ("search", "material/search") if name in config.plugins]
        if clash:
            raise PluginError(
                f"plugins: the briefing plugin indexes the site with Pagefind; remove "
                f"'{clash[0]}' from plugins, or set 'pagefind: false' under briefing"
            )
        if self.dirty and not self.serving and self.config.cache_dir:
            # `mkdocs build --dirty` converts only changed pages: the others' copies are kept
            folder = self.root / self.config.cache_dir / "search"
        else:  # a folder of this process's own, so a build beside `mkdocs serve` is safe
            self.search_temp = Path(tempfile.mkdtemp(prefix="briefing-search-"))
            folder = self.search_temp / "pages"
        return SearchIndex(
            folder,
            language=config.theme.get("language") or "en",
            shard_pages=self.config.search_shard_pages,
            on_failure=log.error if self.serving else None,
        )

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.started = time.time()
        if self.search is not None:
            self.search.begin()
        if self.cache is None and self.config.cache_dir:
            self.cache = Cache.open(self.root / self.config.cache_dir)
        self.previous, self.previous_errors = self.output, self.errors
        try:
            self.output = generate(
                self.content,
                self.root,
                site_url=config.site_url or None,
                site_name=config.site_name,
                cache=self.cache,
                preview=self.serving,  # serve shows scheduled entries, marked
            )
            self.errors = ()
            if note := scheduled_note(self.output.site):
                log.info(note)
            if self.cache is not None and not self.serving:
                _save(self.cache)  # serve saves once, on shutdown
                self.cache = None  # and needs it no more: its tables are big
        except BuildDayError as exc:
            raise PluginError(str(exc)) from None
        except ContentErrors as exc:
            if not self.serving:
                raise PluginError(f"content errors, nothing was built:\n{exc.report()}") from None
            self.errors = tuple(exc.errors)
            for err in self.errors:
                log.error(str(err))
            if self.output is None:  # nothing good yet: serve the errors, wait for a fix
                self.output = _placeholder()
                log.error("no pages until these are fixed: every page shows the errors")
            else:
                log.error("keeping the last good pages until these are fixed")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.output is not None
        if self.dirty:
            # MkDocs does not read a page it does not rebuild, so the navigation would lose
            # its title and search its text: the hand-written pages are few, rebuild them.
            for file in files.documentation_pages():
                file.is_modified = _always  # type: ignore[method-assign]
        # Only a dirty build (mkdocs serve --dirty) asks: unchanged files are not rebuilt.
        before = self.previous if self.errors == self.previous_errors else None
        for path, text in self.output.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{path} clashes with a generated page; rename or remove it"
                )
            level = InclusionLevel.UNDEFINED if path in _LISTED else InclusionLevel.NOT_IN_NAV
            changed = before is None or before.pages.get(path) != text
            files.append(_GeneratedFile.make(config, path, changed, content=text, inclusion=level))
        for path, source in self.output.assets.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
        if not self.serving:
            # Feeds and data files (hundreds of MB at 10,000 entries) wait on disk, not in
            # memory, for MkDocs to copy them; serve keeps them to tell what an edit changed.
            self.files_temp = Path(tempfile.mkdtemp(prefix="briefing-files-"))
            for path, content in self.output.files.items():
                target = self.files_temp / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
                files.append(File.generated(config, path, abs_src_path=str(target)))
            self.output.files.clear()
            return files
        for path, content in self.output.files.items():
            changed = before is None or before.files.get(path) != content
            files.append(_GeneratedFile.make(config, path, changed, content=content))
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        if self.output is not None and page.file.src_uri in self.output.pages:
            page.meta = escape_front_matter(page.meta)
            # HTML blocks skip Python-Markdown (passthrough.py): same HTML, less work.
            src = page.file.src_uri
            spans = self.output.blocks.get(src, ())
            markdown, used = passthrough.hide(markdown, self.output.pages[src], spans, self.nonce)
            self.hidden[src] = used
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        used = self.hidden.get(page.file.src_uri, ())
        if used:  # blocks kept out of search are comments until a search plugin has read it
            html = passthrough.restore(html, used, self.nonce, later=True)
        if self.search is None:
            return html
        if _searchable(page):
            self.search.add(page.file.dest_uri, html, page.title)
        if used:  # indexed: the page is whole again, and nothing is held until on_post_page
            html = passthrough.restore_later(html, used, self.nonce, searched=True)
            del self.hidden[page.file.src_uri]
        # Drop the hints, as Material's search plugin does after reading them.
        return passthrough.SEARCH_ATTRIBUTE.sub("", html)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Every page is converted by now and none is rendered yet: Pagefind indexes them
        # while MkDocs renders (a dirty build keeps the files of the pages it skipped).
        self.made = {file.dest_uri for file in files}
        if self.search is not None:
            if self.dirty:
                for file in files.documentation_pages():
                    if not file.is_modified():
                        self.search.keep(file.dest_uri)
            self.search.start(Path(config.site_dir))
        return env

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.search is not None and not self.serving:  # the preview does not wait
            try:
                self.search.wait()
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None
        if self.dirty:  # it started from the last site: what this build did not make goes
            keep = self.made | set(config.theme.static_templates) | {"sitemap.xml.gz"}
            removed = prune_stale(Path(config.site_dir), keep, self.started, (BUNDLE + "/",))
            if removed:
                more = " ..." if len(removed) > 5 else ""
                log.info(
                    f"--dirty: removed what is no longer built: {', '.join(removed[:5])}{more}"
                )
        self.finished = True

    def on_build_error(self, *, error: Exception) -> None:
        self.finished = False

    def on_shutdown(self) -> None:
        """Swap the staged site in, or drop it; MkDocs calls this after build() returns or
        raises (a strict-mode abort comes after on_post_build, so it is decided here)."""
        if self.serving and self.cache is not None:
            _save(self.cache)
        if self.search is not None:
            try:
                self.search.finish()
            except SearchIndexError as exc:
                log.error(str(exc))
        for temp in (self.search_temp, self.files_temp):
            if temp is not None:
                shutil.rmtree(temp, ignore_errors=True)
        if self.staging is None:
            return
        staging, self.staging = self.staging, None
        self.site_config.site_dir = str(staging.final)  # gh-deploy reads it afterwards
        if self.finished:
            try:
                if warning := staging.commit():
                    log.warning(warning)
            except StagingError as exc:
                log.error(str(exc))
                raise Abort("Aborted: the site was not replaced") from None
            log.info(f"Site written to {staging.final}")
        else:
            staging.discard()
            log.error(f"Build failed: {staging.final} was not changed")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        watch_content(server, self.content)
        return server

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        used = self.hidden.pop(page.file.src_uri, ())
        if used:
            searched = any(name in config.plugins for name in ("search", "material/search"))
            output = passthrough.restore_later(output, used, self.nonce, searched=searched)
        if not self.errors:
            return output
        text = "\n".join(str(e) for e in self.errors)
        banner = (
            f'<pre class="bp-build-error" role="alert">Content errors: this preview shows '
            f"the last good version until they are fixed.\n{html.escape(text)}</pre>"
        )
        return _BODY.sub(lambda m: m.group(0) + banner, output, count=1)


def _save(cache: Cache) -> None:
    """Keep the cache for the next build; if it cannot be written, that build is cold."""
    try:
        cache.save()
    except OSError as exc:
        log.info(f"could not save the build cache in {cache.folder}: {exc.strerror or exc}")


def _always() -> bool:
    return True


def _searchable(page: Any) -> bool:
    """Pages kept out of search say so in front matter (``search: {exclude: true}``)."""
    search = page.meta.get("search") if isinstance(page.meta, dict) else None
    return not (isinstance(search, dict) and search.get("exclude"))


def _placeholder() -> Output:
    """``mkdocs serve`` started on broken content: the navigation's generated pages, each
    saying so; the error banner (``on_post_page``) lists the errors on every page."""
    text = "# Not built yet\n\nThe site is built once the content errors above are fixed.\n"
    return Output(site=None, pages=dict.fromkeys(_LISTED, text))  # type: ignore[arg-type]
