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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import reference
from .content.assessment_check import (
    Known,
    find_assessments,
    known_from,
    validate_assessments,
)
from .content.assessments import Assessment
from .content.entries import Found, find_entries
from .content.link import Site
from .content.load import Document
from .content.model import Entry, Taxonomy
from .content.schedule import build_day, link_published
from .content.validate import (
    load_documents,
    load_taxonomy,
    raw_ids,
    taxonomy_source,
    validate_documents,
)
from .errors import ContentError, ContentErrors
from .incremental.assessments import Memo, load_assessments_cached, read_assessments
from .incremental.cache import Cache, Loaded
from .incremental.cached_load import load_entries_cached
from .render.assessment_data import render_assessment_data
from .render.facets import Facets, render_search_data, search_facets
from .render.feeds import render_feeds
from .render.opendata import render_opendata
from .render.pages import Renderer, compile_templates
from .render.reuse import NO_REUSE, Reuse
from .render.urls import Links, robots_txt
from .schema_export import ASSESSMENT_PATH as ASSESSMENT_SCHEMA
from .schema_export import SITE_PATH as SCHEMA_PATH
from .schema_export import article_schema, assessment_schema, schema_json

ASSETS = Path(__file__).parent / "assets"
#: Where the theme's pages find our scripts, stylesheet and the one copy of plotly.js:
#: every page loads the stylesheet and ``ASSET_JS`` (the header's search box); the theme
#: adds ``CHARTS_JS`` to pages with a chart (``theme_overrides/main.html``), which loads
#: plotly.js.
ASSET_JS = "assets/briefing/search.js"
ASSET_CSS = "assets/briefing/briefing.css"
CHARTS_JS = "assets/briefing/charts.js"
#: The search page's script, loaded by ``search.js`` on that page only.
SEARCH_PAGE_JS = "assets/briefing/search-page.js"
PLOTLY_JS = "assets/briefing/plotly-briefing.min.js"
#: plotly.js is a custom bundle of the traces the site draws, built from pinned sources by
#: ``tools/plotly-bundle/`` and committed (README, "The site's plotly.js"), with the
#: licences of everything in it, served beside it.
PLOTLY_LICENSE = "assets/briefing/plotly-briefing.min.LICENSE.txt"
GEO_JSON = "assets/briefing/geo/geo.json"
#: The theme's icons every page shows, as symbols the pages point at (tools/icons/sprite.py;
#: theme_overrides/partials/briefing-icon.html).
ICONS_SVG = "assets/briefing/icons.svg"
#: Material's inline scripts of every page, served once (theme_overrides/partials/javascripts/).
THEME_JS = "assets/briefing/theme.js"
#: Every file copied into the site from ``generator/assets/``, by where it is served.
ASSET_FILES = {
    ASSET_JS: ASSETS / "search.js",
    ASSET_CSS: ASSETS / "briefing.css",
    CHARTS_JS: ASSETS / "charts.js",
    PLOTLY_JS: ASSETS / "plotly-briefing.min.js",
    PLOTLY_LICENSE: ASSETS / "plotly-briefing.min.LICENSE.txt",
    # The maps' one boundary file, fetched once by plotly.js and cached like the script,
    # and the empty base map plotly.js asks for beside it (render/maps.py says why).
    GEO_JSON: ASSETS / "geo" / "geo.json",
    "assets/briefing/geo/world_110m.json": ASSETS / "geo" / "world_110m.json",
    SEARCH_PAGE_JS: ASSETS / "search-page.js",
    ICONS_SVG: ASSETS / "icons.svg",
    THEME_JS: ASSETS / "theme.js",
}
#: The generated pages the navigation lists (``nav:`` of mkdocs.yml names them); every
#: other generated page is kept out of it.
LISTED = (
    "index.md",
    "watch/index.md",
    "regions/index.md",
    "themes/index.md",
    "archive/index.md",
    "track-record/index.md",
)


@dataclass(frozen=True)
class Output:
    """What one generation produces, every key a path relative to the docs folder.

    ``pages``: Markdown pages; ``assets``: files copied from disk (plotly.js, our scripts);
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


def content_files(content: Path, root: Path) -> Found:
    """Every entry file under ``content/articles`` and what is named like one but is not
    (``content/entries.py``: the rule ``briefing validate`` uses too)."""
    return find_entries(content / "articles", root, content)


def load_content(
    content: Path, root: Path | None = None
) -> tuple[Taxonomy, list[Entry], list[Assessment]]:
    """Load and validate everything under ``content``: the taxonomy, every entry and every
    assessment. Raises ContentErrors naming every problem."""
    root = root or content.parent
    errors: list[ContentError] = []
    tax_doc = load_taxonomy(*taxonomy_source(content, root), errors)
    found = content_files(content, root)
    errors.extend(found.problems)
    docs = load_documents(found.files, errors)
    taxonomy, entries = validate_documents(tax_doc, docs, errors)
    assessments = check_assessment_files(content, root, taxonomy, tax_doc, docs, errors)
    if errors or taxonomy is None:
        raise ContentErrors(errors)
    return taxonomy, entries, assessments


def check_assessment_files(
    content: Path,
    root: Path,
    taxonomy: Taxonomy | None,
    tax_doc: Document | None,
    article_docs: list[Document],
    errors: list[ContentError],
) -> list[Assessment]:
    """Every assessment under ``content/assessments``, checked against the taxonomy and the
    raw entries; each problem appended to ``errors``."""
    regions = taxonomy.regions if taxonomy is not None else raw_ids(tax_doc, "regions")
    tax_path = tax_doc.path if tax_doc is not None else "content/taxonomy.yaml"
    known = known_from(regions, tax_path, article_docs, errors)
    found = find_assessments(content, root)
    errors.extend(found.problems)
    return validate_assessments(load_documents(found.files, errors), known, errors)


def load_assessments(
    content: Path,
    root: Path,
    taxonomy: Taxonomy,
    entries: list[Entry],
    cache: Cache | None,
    found: Found | None = None,
) -> list[Assessment]:
    """The assessments (``found``: the files under ``content/assessments``, if listed
    already), once every entry is known valid: checked against them (through ``cache``
    where their files did not change); raises ContentErrors naming each problem."""
    tax_shown = taxonomy_source(content, root)[1]
    known = Known(frozenset(taxonomy.regions), {e.id: e.date for e in entries}, tax_shown)
    listed = found or find_assessments(content, root)

    def uncached() -> list[Assessment]:
        errors: list[ContentError] = list(listed.problems)
        checked = validate_assessments(load_documents(listed.files, errors), known, errors)
        if errors:
            raise ContentErrors(errors)
        return checked

    if cache is None or listed.problems:
        return uncached()
    return load_assessments_cached(_memo(cache), listed.files, known, uncached)


def _memo(cache: Cache) -> Memo:
    """``Reuse.memo`` through ``cache``, for the assessments' own checks."""
    return Reuse(recall=cache.recall, keep=cache.keep).memo


def load_entries(content: Path, root: Path | None = None) -> Loaded:
    """The taxonomy and every entry of ``content``; raises ContentErrors naming every
    problem, the assessments' included."""
    taxonomy, entries, _ = load_content(content, root)
    return taxonomy, entries


def load_site(
    content: Path, root: Path | None = None, *, day: dt.date | None = None, preview: bool = False
) -> Site:
    """Load, validate and link everything under ``content`` as published on ``day``
    (default: the build day, ``schedule.build_day``); raise ContentErrors on any problem."""
    taxonomy, entries, assessments = load_content(content, root)
    return link_published(
        taxonomy, entries, day or build_day(), preview=preview, assessments=assessments
    )


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
    Afterwards they are all counted old (:func:`_as_old`), or the first collection would
    walk every one of them as young.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(content, root, site_url, site_name, cache, day or build_day(), preview)
    finally:
        if was_enabled:
            _as_old()
            gc.enable()


def _as_old() -> None:
    """Move every object the collector tracks to its oldest generation, unexamined.

    Objects made while it was paused are all young to it: the next collection, due at the
    first allocation, would walk each of them (~0.1 s at 1,000 entries; the few cycles
    it finds are left for the next full collection instead). ``gc.freeze()`` sets them
    all apart and ``gc.unfreeze()`` puts them back as the oldest generation.

    >>> gc.disable(); young = [[] for _ in range(1000)]; gc.get_count()[0] >= 1000
    True
    >>> _as_old(); young = gc.get_count()[0]; gc.enable(); young < 100, gc.get_freeze_count()
    (True, 0)
    """
    gc.freeze()
    gc.unfreeze()


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
    taxonomy, entries, assessments = _load(content, root, cache)
    site = link_published(taxonomy, entries, day, preview=preview, assessments=assessments)
    # The one seam where reuse plugs in: rendering gets plain callables (render/reuse.py).
    reuse = cache.reuse(site) if cache is not None else NO_REUSE
    home = content / "home.md"
    intro = home.read_text(encoding="utf-8") if home.is_file() else "# Briefing\n"
    renderer = Renderer(site, intro, reuse)
    links = Links(site_url)
    # Two processes where there are many article pages to render (a cold build; see
    # ``incremental/parallel.py``): one renders the feeds and data files, then article
    # pages from the first; this one the listings, then article pages from the last.
    # (A third process for the files cost more in its start and copies than it saved on
    # two cores.)
    work, then = _files_work(site, links, site_name, reuse)
    with renderer.start_articles(first=work) as articles:
        listings = list(renderer.render_listings())
        # About > Field reference, and the schema: made of the code alone.
        listings.append((reference.PAGE, reuse.memo("reference", [], reference.render_reference)))
        facets = search_facets(site)
        rendered, made = articles.result()
        pages = dict(rendered)
        files = then(made)
    pages.update(listings)
    return Output(site, pages, dict(ASSET_FILES), files, renderer.blocks, facets)


def render_files(
    site: Site, links: Links, site_name: str, reuse: Reuse = NO_REUSE
) -> dict[str, str | bytes]:
    """Every generated file that is not a page: feeds, data files, the schemas, robots.txt."""
    return {
        **render_feeds(site, links, site_name, reuse),
        **render_opendata(site, links, reuse),
        **render_assessment_data(site, links, reuse),
        **render_search_data(site, reuse),
        "robots.txt": robots_txt(links),
        SCHEMA_PATH: reuse.memo("schema", [], lambda: schema_json(article_schema())),
        ASSESSMENT_SCHEMA: reuse.memo(
            "assessment-schema", [], lambda: schema_json(assessment_schema())
        ),
    }


#: What a second process did through ``Reuse``, done again here in order: a recall that
#: found something (``value`` None: the cache marks it used) or a value to keep; a piece
#: of one entry it made (``each``: the kind, then the entry's id and the parts).
Reused = list[tuple[str, list[str], Any]]
EACH = " each"  # (no kind of ``Reuse.memo`` starts with a space)
#: The files a second process made, and what it did through ``Reuse``.
Made = tuple[dict[str, str | bytes], Reused]


def _files_work(
    site: Site, links: Links, site_name: str, reuse: Reuse
) -> tuple[Callable[[], Made], Callable[[Made], dict[str, str | bytes]]]:
    """:func:`render_files` as work for a second process (``work``) and what this one
    does with its result (``then``). The child's cache is a copy: what it found and made
    is sent back with the files and told to ``reuse`` here, so the cache ends as if this
    process had done the work."""
    log: Reused = []

    def recall(kind: str, parts: Sequence[str]) -> Any:
        value = reuse.recall(kind, parts)
        if value is not None:
            log.append((kind, list(parts), None))
        return value

    def keep(kind: str, parts: Sequence[str], value: Any) -> None:
        log.append((kind, list(parts), value))

    def each(kind: str, entry: Entry, parts: Sequence[str], make: Callable[[], Any]) -> Any:
        def made() -> Any:
            value = make()
            log.append((EACH, [kind, entry.id, *parts], value))
            return value

        return reuse.each(kind, entry, parts, made)

    def work() -> Made:
        mine = Reuse(recall, keep, reuse.ident, each)
        return render_files(site, links, site_name, mine), log

    def then(done: Made) -> dict[str, str | bytes]:
        files, reused = done
        for kind, parts, value in reused:
            if kind == EACH:
                if (entry := site.by_id.get(parts[1])) is not None:
                    reuse.each(parts[0], entry, parts[2:], _given(value))
            elif value is None:
                reuse.recall(kind, parts)
            else:
                reuse.keep(kind, parts, value)
        return files

    return work, then


def _given(value: Any) -> Callable[[], Any]:
    return lambda: value


def _load(
    content: Path, root: Path, cache: Cache | None
) -> tuple[Taxonomy, list[Entry], list[Assessment]]:
    """:func:`load_content`, or with ``cache`` its validated entries and assessments where
    unchanged."""
    if cache is None:
        return load_content(content, root)
    cache.start()
    found = content_files(content, root)
    assessment_files = find_assessments(content, root)

    def meanwhile() -> None:  # (while a second process loads entries)
        # (both processes render with them: compiled once, here)
        compile_templates()
        # (each assessment file's own checks, found in the cache by load_assessments)
        if not assessment_files.problems:
            read_assessments(_memo(cache), assessment_files.files)

    taxonomy, entries = load_entries_cached(
        cache,
        taxonomy_source(content, root),
        found.files if not found.problems else None,
        lambda: load_entries(content, root),
        meanwhile=meanwhile,
    )
    # (only when every entry is valid: assessments' problems are then all there is)
    assessments = load_assessments(content, root, taxonomy, entries, cache, assessment_files)
    return taxonomy, entries, assessments
