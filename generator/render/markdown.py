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
from ..safelinks import LINK_OPEN, starts_http
from ..schema import LIKELIHOOD, LIKELIHOOD_RANGES, SEVERITY
from . import charts
from .charts import Chart
from .urls import feed_path, region_csv_path

TEMPLATES = Path(__file__).parent / "templates"
#: Markdown that only counts at the start of a line (entry text is always one line):
#: headings, quotes, lists, tables, rules, admonitions (!!!), link definitions, [TOC].
_BLOCK_START = re.compile(
    r"^([#>+=|!-]|\*(?=\s)|[*_](?=[\s*_]*$)|\d+[.)](?=\s)|\[(?=[^\[\]]*\]:|TOC\]$))"
)
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: <https://...> becomes a Markdown link (raw "<" is never passed through).
_AUTOLINK = re.compile(r"<(https?://[^\s<>\[\](){}\\`\"]+)>", re.IGNORECASE)
#: Backslashes (so an editor's "\{" cannot undo ours), code spans, attribute lists
#: ("{: onclick=...}" would set attributes) and images (a remote picture loads on view).
_MD_SPECIAL = re.compile(r"[\\`{}]|!(?=\[)")
LISTING_LIMIT = 10


def escape_markdown(value: Any) -> Any:
    """Make entry text safe to drop into Markdown: the one place entry text is escaped.

    Inline emphasis and http(s) links keep working; everything else is shown as typed:
    raw HTML, block syntax (text is folded onto one line), attribute lists, images,
    code spans, and links whose target is not ``http(s)://`` (``javascript:``, ``data:``,
    relative paths), whose ``]`` is escaped so Markdown never makes a link of them.

    >>> escape_markdown('<img src=x onerror=alert(1)> *fine*')
    '&lt;img src=x onerror=alert(1)&gt; *fine*'
    >>> escape_markdown('# not a heading')
    '\\\\# not a heading'
    >>> escape_markdown('[ok](https://example.org) [bad](javascript:alert(1))')
    '[ok](https://example.org) [bad\\\\](javascript:alert(1))'
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    text = str(value)
    if not isinstance(value, str):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _CONTROL.sub("", _SPACE.sub(" ", text).strip())
    text = _AUTOLINK.sub(r"[\1](\1)", text)
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _neutralise_links(text)
    return _BLOCK_START.sub(r"\\\1", text)


def _neutralise_links(text: str) -> str:
    """Escape the ``]`` of every ``[text](target)`` whose target is not http(s)."""
    out, last = [], 0
    for m in LINK_OPEN.finditer(text):
        if not starts_http(text, m.end()):
            out.append(text[last : m.start()] + "\\")
            last = m.start()
    return "".join(out) + text[last:]


def md_link(text: Any, url: Any) -> Markup:
    """A Markdown link built from entry data (``sources[].url``, ``related[].url``).

    It goes through :func:`escape_markdown` as a whole, so a target that is not http(s)
    comes out as plain text even if validation was bypassed.
    """
    return Markup(escape_markdown(f"[{text}]({url})"))


def escape_front_matter(meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter as MkDocs and the theme take it: a page title is HTML (MkDocs takes it
    from the rendered ``<h1>``; Material's search index and header insert it as markup).

    Strings become :class:`Markup` holding escaped text, so ``{{ page.meta.title }}`` shows
    the text, ``{{ ... | e }}`` does not escape it twice, and the search index gets
    ``&lt;img ...&gt;``, never a live tag.

    >>> escape_front_matter({"title": "<img src=x onerror=alert(1)>", "n": 1})
    {'title': Markup('&lt;img src=x onerror=alert(1)&gt;'), 'n': 1}
    """
    return {k: Markup.escape(v) if isinstance(v, str) else v for k, v in meta.items()}


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
        md_link=md_link,
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
