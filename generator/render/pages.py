"""Render the linked site to its pages: Markdown templates with HTML blocks inside.

Each ``render_*`` returns (docs path, Markdown) pairs and records the page's HTML blocks
in :attr:`Renderer.blocks` (see ``html.py``). Region, theme and month listings are split
into pages of :data:`html.PAGE_SIZE` entries, so no page grows with the archive; the
first page of a region or theme also has its sub-regions, chart and top risks.

>>> pages = dict(Renderer(load_site(Path("content"))).render_all())   # doctest: +SKIP
>>> pages["articles/pakistan-145-militants-killed-balochistan.md"][:3]  # doctest: +SKIP
'---'
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from markupsafe import Markup

from ..link import Site
from ..model import Entry, Region, Theme
from . import charts
from .html import HtmlBlocks, Pager, make_blocks_env, paginate
from .markdown import LISTING_LIMIT, make_env

Pages = list[tuple[str, str]]


class Renderer:
    """Renders every page of a site; ``render_*`` return (docs path, Markdown) pairs."""

    def __init__(self, site: Site, home_intro: str = ""):
        self.site = site
        self.env = make_env()
        self.blocks_env = make_blocks_env()
        self.home_intro = Markup(home_intro)
        #: The HTML blocks of each page, in page order (each appears verbatim in the page).
        self.blocks: dict[str, tuple[str, ...]] = {}

    def _page(self, template: str, page_src: str, **ctx: Any) -> tuple[str, str]:
        html = HtmlBlocks(self.blocks_env, page_src, self.site)
        text = self.env.get_template(template).render(
            page_src=page_src, site=self.site, chart=html.chart, html=html, **ctx
        )
        if html.blocks:
            self.blocks[page_src] = tuple(html.blocks)
        return page_src, text

    def render_article(self, entry: Entry) -> tuple[str, str]:
        s = self.site
        a = entry.article
        by_cat, grid = charts.risk_categories(a.risks)
        more: list[tuple[Region | Theme, tuple[Entry, ...]]] = [
            (r, s.more_on(s.by_region[r.id], entry)) for r in s.regions_of(entry)[:1]
        ]
        more += [(t, s.more_on(s.by_theme[t.id], entry)) for t in s.themes_of(entry)[:1]]
        return self._page(
            "article.md.jinja",
            entry.src,
            entry=entry,
            a=a,
            regions=s.regions_of(entry),
            themes=s.themes_of(entry),
            casualty_chart=charts.casualty_ledger(a.casualties),
            risks=[(r, entry) for r in a.risks],
            risk_chart=by_cat,
            risk_grid=grid,
            more=[(term, items) for term, items in more if items],
        )

    def _listing(self, template: str, src: str, entries: Sequence[Entry], **ctx: Any) -> Pages:
        """Every page of one listing; ``first`` holds what only its first page shows."""
        first = ctx.pop("first", {})
        later = dict.fromkeys(first)
        return [
            self._page(
                template,
                pager.src,
                entries=entries,
                pager=pager,
                **ctx,
                **(first if pager.first else later),
            )
            for pager in paginate(src, entries)
        ]

    def render_region(self, region_id: str) -> Pages:
        region = self.site.taxonomy.regions[region_id]
        entries = self.site.by_region[region_id]
        first = {
            "children": [self.site.taxonomy.regions[c] for c in region.children],
            "over_time": charts.casualties_over_time(entries, f"Reported killed in {region.name}"),
            "risks": charts.top_risks(entries),
        }
        return self._listing(
            "region.md.jinja",
            region.src,
            entries,
            region=region,
            lineage=self.site.taxonomy.lineage(region_id),
            first=first,
        )

    def render_theme(self, theme_id: str) -> Pages:
        theme = self.site.taxonomy.themes[theme_id]
        entries = self.site.by_theme[theme_id]
        first = {
            "over_time": charts.casualties_over_time(entries, f"Reported killed: {theme.name}"),
            "risks": charts.top_risks(entries),
        }
        return self._listing("theme.md.jinja", theme.src, entries, theme=theme, first=first)

    def render_month(self, year: int, month: int) -> Pages:
        entries = self.site.by_month[(year, month)]
        src = f"archive/{year}/{month:02d}.md"
        return self._listing("archive_month.md.jinja", src, entries, year=year, month=month)

    def render_all(self) -> Iterator[tuple[str, str]]:
        s = self.site
        for entry in s.entries:
            yield self.render_article(entry)
        for rid in s.taxonomy.regions:
            yield from self.render_region(rid)
        for tid in s.taxonomy.themes:
            yield from self.render_theme(tid)
        yield self._page("regions_index.md.jinja", "regions/index.md")
        yield self._page("themes_index.md.jinja", "themes/index.md")
        yield self._page("archive_index.md.jinja", "archive/index.md")
        for year, month in s.by_month:
            yield from self.render_month(year, month)
        yield self._page(
            "home.md.jinja",
            "index.md",
            intro=self.home_intro,
            latest=s.entries[:LISTING_LIMIT],
            overview=charts.casualties_over_time(s.entries, "Reported killed across the briefing"),
        )


__all__ = ["Pager", "Renderer"]
