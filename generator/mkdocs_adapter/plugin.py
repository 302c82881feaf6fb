"""The MkDocs plugin ``briefing``: wires MkDocs' events to the modules beside it, no more.

- ``on_pre_build``: the whole pipeline runs *before* MkDocs cleans ``site/``, so bad
  content stops the build and leaves the previous site whole (``generation.py``; in
  ``mkdocs serve`` the last good pages stay, with the errors on each: ``preview.py``).
- ``on_files``: the generated pages and files, as virtual files (``files.py``).
- ``on_page_*``: HTML blocks skip Python-Markdown (``passthrough.py``); each page's
  content goes to Pagefind (``search.py``), which indexes while MkDocs writes the pages.
- ``on_config``/``on_shutdown``: a build writes a staging folder, swapped in for
  ``site/`` only on success (``staging.py``).
- ``on_serve``: ``mkdocs serve --dirty`` renders only what an edit changed (``live.py``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from ..build import ASSET_CSS, ASSET_JS
from .compact import compact_html, compact_json
from .dirty import quiet_dirty_warning, theme_compiled
from .files import Spill, add_output, rebuild_hand_written, rebuild_pages, unchanged_since
from .generation import Generations, leave_memory_to_the_os
from .live import Live
from .passthrough import Passthrough
from .preview import banner
from .search import Search, search_plugin
from .staging import StagedBuild

log = logging.getLogger("mkdocs.plugins.briefing")


class BriefingConfig(Config):
    content_dir = c.Type(str, default="content")
    #: Work kept between builds (relative to mkdocs.yml); an empty string turns it off.
    cache_dir = c.Type(str, default=".cache/briefing")
    #: Index the site with Pagefind (the header's search box); false leaves it to another plugin.
    pagefind = c.Type(bool, default=True)
    #: Pages per Pagefind run: bigger sites are indexed in shards the search box merges,
    #: which bounds the indexer's memory (~300 KB a page) at a few KB more per query.
    search_shard_pages = c.Type(int, default=3000)


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.serving = self.dirty = False  # until on_startup says (MkDocs' build() skips it)
        self.runs = Generations(serving=False)
        self.live = Live(lambda: self.runs, lambda: self.search)
        self.staged = StagedBuild(atomic=False, dirty=False)
        self.search: Search | None = None
        self.spill: Spill | None = None
        self.blocks = Passthrough()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving, self.dirty = command == "serve", dirty
        self.runs = Generations(serving=self.serving, once=command in ("build", "gh-deploy"))
        self.staged = StagedBuild(atomic=command in ("build", "gh-deploy"), dirty=dirty)
        if dirty:
            quiet_dirty_warning()
        leave_memory_to_the_os()  # (the process ends with the command)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.content = self.root / self.config.content_dir
        cache = self.root / self.config.cache_dir if self.config.cache_dir else None
        self.runs.cache_dir = cache
        if ASSET_CSS not in config.extra_css:
            config.extra_css.append(ASSET_CSS)
        if ASSET_JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(ASSET_JS)
        if not config.site_url:
            log.info("site_url is not set (env SITE_URL): feeds and data use relative links")
        if self.config.pagefind and self.search is None:
            s, dirty = self.config.search_shard_pages, self.dirty
            self.search = Search(config, cache=cache, shards=s, serving=self.serving, dirty=dirty)
        self.staged.configure(config, cache)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.search is not None:
            self.search.begin(self.staged.last)
        self.live.generate(config, self.content, self.root)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.runs.output is not None
        if self.dirty:
            rebuild_hand_written(files)
        # Feeds and data files wait on disk in a build; serve compares them with the last.
        self.spill = None if self.serving else Spill()
        unchanged = unchanged_since(self.live.before()) if self.serving else self.staged.unchanged
        return add_output(files, config, self.runs.output, unchanged, self.spill)

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        rebuild_pages(page.file for page in nav.pages)  # every page shows their titles
        self.live.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        return self.blocks.hide(page, markdown, self.runs.output)

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        html = self.blocks.restore(page, html)
        if self.search is None:
            return html
        self.search.add_page(page, html, self.runs.output.facets if self.runs.output else {})
        return self.blocks.searched(page, html)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        env.bytecode_cache = theme_compiled(None if self.serving else self.runs.cache_dir)
        compact_json(env)  # (Material's __config)
        # Every page is converted and none is written yet: Pagefind indexes meanwhile.
        self.staged.seen(files)
        if self.search is not None:
            self.search.start(files, Path(config.site_dir), self.staged.published)
        self.live.seen(config, files, env)
        return env

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.search is not None:
            self.search.wait(self.staged.record)
        self.staged.built(config, self.search.kept if self.search is not None else None)
        self.live.built()

    def on_build_error(self, *, error: Exception) -> None:
        self.staged.failed()

    def on_shutdown(self) -> None:
        self.runs.shutdown()
        if self.search is not None:
            self.search.close()
        if self.spill is not None:
            self.spill.remove()
        self.staged.close()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        self.live.serve(server, config, self.content, self.root, dirty=self.dirty)
        return server

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        searched = search_plugin(config) is not None  # then written compact: compact.py
        output = compact_html(self.blocks.finish(page, output, searched=searched))
        return banner(output, self.runs.errors) if self.runs.errors else output
