"""Render the linked site to Markdown pages with Jinja2 templates (StrictUndefined).

Escaping happens in exactly one place: every ``{{ value }}`` in a ``*.md.jinja`` template
passes through :func:`escape_markdown` (Jinja's ``finalize``, with autoescaping on so
that macro output, already escaped, is not escaped twice), so entry text keeps its
inline Markdown (emphasis, links) but can never become raw HTML. HTML fragments
(``*.html.jinja``: charts, data tables) use Jinja's own HTML autoescaping. A value that is
already safe markup is wrapped in :class:`markupsafe.Markup` and passes unchanged.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from ..link import Site
from ..model import Entry, Region, Theme
from ..schema import LIKELIHOOD, LIKELIHOOD_RANGES, SEVERITY
from . import charts
from .charts import Chart
from .urls import feed_path, region_csv_path

TEMPLATES = Path(__file__).parent / "templates"
_BLOCK_START = re.compile(r"^(\s*)([#>+=|-]|\*(?=\s)|\d+[.)](?=\s))")
_SPACE = re.compile(r"\s*\n\s*")
LISTING_LIMIT = 10


def escape_markdown(value: Any) -> Any:
    """Make entry text safe to drop into Markdown: no raw HTML, no block syntax.

    >>> escape_markdown('<img src=x onerror=alert(1)> *fine*')
    '&lt;img src=x onerror=alert(1)&gt; *fine*'
    >>> escape_markdown('# not a heading')
    '\\\\# not a heading'
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    text = str(value)
    if not isinstance(value, str):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPACE.sub(" ", text.strip())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BLOCK_START.sub(r"\1\\\2", text)


def _finalize(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(escape_markdown(value))


def _longdate(d: Any) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def _json(value: Any) -> Markup:
    """A front-matter value: JSON is YAML, and it cannot break out of its line."""
    return Markup(json.dumps(value, ensure_ascii=False))


@pass_context
def _url(ctx: Any, target: str) -> str:
    """Relative link from the page being rendered to another docs file."""
    return posixpath.relpath(target, posixpath.dirname(ctx["page_src"]) or ".")


def _chart_attr(figure: dict[str, Any]) -> str:
    return json.dumps(figure, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def make_env() -> Environment:
    md = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    md.filters.update(
        longdate=_longdate,
        json=_json,
        chart_attr=_chart_attr,
        regions_lookup=lambda rid, site: site.taxonomy.regions[rid],
    )
    md.globals.update(
        url=_url,
        LIKELIHOOD=LIKELIHOOD,
        LIKELIHOOD_RANGES=LIKELIHOOD_RANGES,
        SEVERITY=SEVERITY,
        group_label=charts.GROUP_LABELS,
        html=html,
        feed_path=feed_path,
        region_csv_path=region_csv_path,
    )
    return md


def make_html_env() -> Environment:
    """HTML fragments: Jinja's own autoescaping, no Markdown escaping on top."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class Renderer:
    """Renders every page of a site; ``render_*`` return (docs path, Markdown) pairs."""

    def __init__(self, site: Site, home_intro: str = ""):
        self.site = site
        self.env = make_env()
        self.home_intro = Markup(home_intro)
        self._html = make_html_env().get_template("_chart.html.jinja")

    def _page(self, template: str, page_src: str, **ctx: Any) -> tuple[str, str]:
        text = self.env.get_template(template).render(
            page_src=page_src, site=self.site, chart=self.chart, **ctx
        )
        return page_src, text

    def chart(self, chart: Chart | None) -> Markup:
        """A chart's container (figure as inert data) and its data table, as HTML."""
        if chart is None:
            return Markup("")
        return Markup(self._html.render(chart=chart, figure=_chart_attr(chart.figure)).strip())

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

    def render_region(self, region_id: str) -> tuple[str, str]:
        region = self.site.taxonomy.regions[region_id]
        entries = self.site.by_region[region_id]
        return self._page(
            "region.md.jinja",
            region.src,
            region=region,
            entries=entries,
            lineage=self.site.taxonomy.lineage(region_id),
            children=[self.site.taxonomy.regions[c] for c in region.children],
            over_time=charts.casualties_over_time(entries, f"Reported killed in {region.name}"),
            risks=charts.top_risks(entries),
        )

    def render_theme(self, theme_id: str) -> tuple[str, str]:
        theme = self.site.taxonomy.themes[theme_id]
        entries = self.site.by_theme[theme_id]
        return self._page(
            "theme.md.jinja",
            theme.src,
            theme=theme,
            entries=entries,
            over_time=charts.casualties_over_time(entries, f"Reported killed: {theme.name}"),
            risks=charts.top_risks(entries),
        )

    def render_all(self) -> Iterator[tuple[str, str]]:
        s = self.site
        for entry in s.entries:
            yield self.render_article(entry)
        for rid in s.taxonomy.regions:
            yield self.render_region(rid)
        for tid in s.taxonomy.themes:
            yield self.render_theme(tid)
        yield self._page("regions_index.md.jinja", "regions/index.md")
        yield self._page("themes_index.md.jinja", "themes/index.md")
        yield self._page("archive_index.md.jinja", "archive/index.md")
        for (year, month), entries in s.by_month.items():
            yield self._page(
                "archive_month.md.jinja",
                f"archive/{year}/{month:02d}.md",
                year=year,
                month=month,
                entries=entries,
            )
        yield self._page(
            "home.md.jinja",
            "index.md",
            intro=self.home_intro,
            latest=s.entries[:LISTING_LIMIT],
            overview=charts.casualties_over_time(s.entries, "Reported killed across the briefing"),
        )
