"""The whole pipeline without MkDocs: content folder -> pages and assets.

Gather everything, then link, then render (MkDocs' own ``build()``): cross-links form a
graph, so nothing is rendered while files are still being read.

>>> out = generate(Path("content"))            # doctest: +SKIP
>>> out.pages["articles/pakistan-145-militants-killed-balochistan.md"][:3]   # doctest: +SKIP
'---'
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field
from pathlib import Path

from . import reference
from .content.entries import Found, find_entries
from .content.link import Site
from .content.schedule import build_day, link_published
from .content.validate import load_documents, load_taxonomy, taxonomy_source, validate_documents
from .errors import ContentError, ContentErrors
from .incremental.cache import Cache, Loaded, load_entries_cached
from .render.facets import Facets, render_search_data, search_facets
from .render.feeds import render_feeds
from .render.opendata import render_opendata
from .render.pages import Renderer
from .render.reuse import NO_REUSE
from .render.urls import Links, robots_txt
from .schema_export import SITE_PATH as SCHEMA_PATH
from .schema_export import article_schema, schema_json

ASSETS = Path(__file__).parent / "assets"
#: Where the theme's pages find our script, stylesheet and the one copy of plotly.js.
ASSET_JS = "assets/briefing/briefing.js"
ASSET_CSS = "assets/briefing/briefing.css"
#: The search page's script, loaded by briefing.js on that page only.
SEARCH_JS = "assets/briefing/search-page.js"
PLOTLY_JS = "assets/briefing/plotly.min.js"
#: The generated pages the navigation lists (``nav:`` of mkdocs.yml names them); every
#: other generated page is kept out of it.
LISTED = ("index.md", "regions/index.md", "themes/index.md", "archive/index.md")


@dataclass(frozen=True)
class Output:
    """What one generation produces, every key a path relative to the docs folder.

    ``pages``: Markdown pages; ``assets``: files copied from disk (plotly.js, our script);
    ``files``: other generated files held in memory (feeds, data exports, the schema);
    ``blocks``: where each page's HTML blocks are in its Markdown, as (start, end) offsets
    in order (the plugin hides them from Python-Markdown: ``mkdocs_adapter/passthrough.py``);
    ``facets``: what search narrows by, for each entry page.
    """

    site: Site
    pages: dict[str, str]
    assets: dict[str, Path] = field(default_factory=dict)
    files: dict[str, str | bytes] = field(default_factory=dict)
    blocks: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    #: The search index's facets of each entry page (``render/facets.py``).
    facets: dict[str, Facets] = field(default_factory=dict)


def plotly_js() -> Path:
    """plotly.min.js from the installed plotly package: served from the site, never a CDN."""
    import plotly  # only to locate its bundled file; the build path never builds figures

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found in the plotly package at {path}")
    return path


def content_files(content: Path, root: Path) -> Found:
    """Every entry file under ``content/articles`` and what is named like one but is not
    (``content/entries.py``: the rule ``briefing validate`` uses too)."""
    return find_entries(content / "articles", root, content)


def load_entries(content: Path, root: Path | None = None) -> Loaded:
    """Load and validate everything under ``content``: the taxonomy and every entry.
    Raises ContentErrors naming every problem."""
    root = root or content.parent
    errors: list[ContentError] = []
    tax_doc = load_taxonomy(*taxonomy_source(content, root), errors)
    found = content_files(content, root)
    errors.extend(found.problems)
    docs = load_documents(found.files, errors)
    taxonomy, entries = validate_documents(tax_doc, docs, errors)
    if errors or taxonomy is None:
        raise ContentErrors(errors)
    return taxonomy, entries


def load_site(
    content: Path, root: Path | None = None, *, day: dt.date | None = None, preview: bool = False
) -> Site:
    """Load, validate and link everything under ``content`` as published on ``day``
    (default: the build day, ``schedule.build_day``); raise ContentErrors on any problem."""
    taxonomy, entries = load_entries(content, root)
    return link_published(taxonomy, entries, day or build_day(), preview=preview)


def generate(
    content: Path,
    root: Path | None = None,
    *,
    site_url: str | None = None,
    site_name: str = "Briefing",
    cache: Cache | None = None,
    day: dt.date | None = None,
    preview: bool = False,
) -> Output:
    """Content folder -> every generated page, asset and file. Raises ContentErrors.

    ``site_url`` makes the links in feeds and data absolute; without it they are relative
    to the file that holds them (see ``render/urls.py``). ``cache`` (``Cache.open(folder)``;
    the caller saves it) reuses validated entries, pages and files whose inputs did not
    change, keyed by content hash (``incremental/cache.py``). Entries dated after ``day``
    (default: the build day) are held back, or with ``preview`` shown and marked
    (``content/schedule.py``).

    The cyclic garbage collector is paused meanwhile: generation makes hundreds of
    thousands of long-lived objects (YAML nodes, entries, pages) and almost no cycles, and
    each automatic collection walks all of them (a quarter of the cold time at 1,000).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(content, root, site_url, site_name, cache, day or build_day(), preview)
    finally:
        if was_enabled:
            gc.enable()


def _generate(
    content: Path,
    root: Path | None,
    site_url: str | None,
    site_name: str,
    cache: Cache | None,
    day: dt.date,
    preview: bool,
) -> Output:
    root = root or content.parent
    taxonomy, entries = _load(content, root, cache)
    site = link_published(taxonomy, entries, day, preview=preview)
    # The one seam where reuse plugs in: rendering gets plain callables (render/reuse.py).
    reuse = cache.reuse(site) if cache is not None else NO_REUSE
    home = content / "home.md"
    intro = home.read_text(encoding="utf-8") if home.is_file() else "# Briefing\n"
    renderer = Renderer(site, intro, reuse)
    links = Links(site_url)
    # Article pages in a second process (where there are many to render) while this one
    # renders the rest: listings, feeds, data files (``incremental/parallel.py``).
    with renderer.start_articles() as articles:
        listings = list(renderer.render_listings())
        files: dict[str, str | bytes] = {
            **render_feeds(site, links, site_name, reuse),
            **render_opendata(site, links, reuse),
            **render_search_data(site, reuse),
            "robots.txt": robots_txt(links),
            SCHEMA_PATH: reuse.memo("schema", [], lambda: schema_json(article_schema())),
        }
        pages = dict(articles.result())
    pages.update(listings)
    # About > Field reference, and the schema: made of the code alone.
    pages[reference.PAGE] = reuse.memo("reference", [], reference.render_reference)
    assets = {
        ASSET_JS: ASSETS / "briefing.js",
        ASSET_CSS: ASSETS / "briefing.css",
        SEARCH_JS: ASSETS / "search-page.js",
        PLOTLY_JS: plotly_js(),
    }
    return Output(site, pages, assets, files, renderer.blocks, search_facets(site))


def _load(content: Path, root: Path, cache: Cache | None) -> Loaded:
    """:func:`load_entries`, or with ``cache`` its validated entries where unchanged."""
    if cache is None:
        return load_entries(content, root)
    cache.start()
    found = content_files(content, root)
    return load_entries_cached(
        cache,
        taxonomy_source(content, root),
        found.files if not found.problems else None,
        lambda: load_entries(content, root),
    )
