"""Assessments in the feeds: ``feeds/assessments.xml`` and ``.json`` hold every
assessment, newest first; a region's feeds hold its assessments (and those of the regions
within it) beside its briefings. ``feeds.py`` writes the feeds; this module makes an
assessment's Atom entry and JSON Feed item, each once per feed folder.

>>> spec = assessments_spec(Site(None, (), {}, {}, {}, {}), "Briefing")   # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from feedgen.feed import FeedEntry

from ..content.assessments import ALERT_LABELS, Assessment, day_month_year, first_sentence
from ..content.link import Site
from ..content.scoring import percent, two_decimals
from .markdown import make_html_env, markdown_to_html
from .urls import Links, page_url

#: The assessments feed, without its extension (``.xml`` Atom, ``.json`` JSON Feed).
FEED = "feeds/assessments"


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def under(site: Site) -> dict[str, list[Assessment]]:
    """Each region's assessments and those of the regions within it, newest first."""
    out: dict[str, list[Assessment]] = defaultdict(list)
    regions = site.taxonomy.regions
    for a in site.assessments.items:
        for rid in (*regions[a.region].ancestors, a.region):
            out[rid].append(a)
    return out


class AssessmentItems:
    """Each assessment's feed content, Atom element and JSON Feed item, made once per
    feed folder (an assessment is in the assessments feed and each region feed above it)."""

    def __init__(self, site: Site, links: Links):
        self.site = site
        self.links = links
        env = make_html_env()
        env.filters.update(md=markdown_to_html, dmy=day_month_year)
        env.globals.update(alert_labels=ALERT_LABELS, percent=percent, two_decimals=two_decimals)
        self._template = functools.cache(
            lambda: env.get_template("assessment_feed_entry.html.jinja")
        )
        self._atom: dict[tuple[str, str], Any] = {}
        self._json: dict[tuple[str, str], str] = {}

    def title(self, a: Assessment) -> str:
        name = self.site.taxonomy.regions[a.region].name
        return f"{name}, {day_month_year(a.as_of)}: {a.data.headline}"

    def content_html(self, a: Assessment, path: str) -> str:
        url = self.links.page(a.src, path)
        region = self.site.taxonomy.regions[a.region]
        html: str = self._template().render(a=a, region=region, url=url).strip()
        return html

    def _categories(self, a: Assessment, at: str) -> list[dict[str, str]]:
        region = self.site.taxonomy.regions[a.region]
        scheme = self.links.file("regions/", at)
        return [
            {"term": region.id, "label": region.name, "scheme": scheme},
            {"term": a.data.level, "label": f"Level: {a.data.level}"},
            {"term": a.data.trend, "label": f"Trend: {a.data.trend}"},
        ]

    def atom_entry(self, a: Assessment, path: str) -> Any:
        """The Atom element of ``a`` in the feed at ``path`` (``feeds._BuiltEntry`` hands
        feedgen a copy of it)."""
        key = (a.src, path.rsplit("/", 1)[0])
        if key not in self._atom:
            fe = FeedEntry()
            fe.id(self.links.ident(a.src))
            fe.title(self.title(a))
            fe.link(href=self.links.page(a.src, path), rel="alternate", type="text/html")
            fe.published(_stamp(a.as_of))
            fe.updated(_stamp(a.as_of))
            fe.author({"name": a.data.author})
            fe.summary(first_sentence(a.data.summary), type="text")
            fe.content(self.content_html(a, path), type="html")
            fe.category(self._categories(a, path))
            self._atom[key] = fe.atom_entry()
        return self._atom[key]

    def json_text(self, a: Assessment, path: str) -> str:
        """``a`` as a JSON Feed item, indented for its place in the feed."""
        key = (a.src, path.rsplit("/", 1)[0])
        if key not in self._json:
            region = self.site.taxonomy.regions[a.region]
            item = {
                "id": self.links.ident(a.src),
                "url": self.links.page(a.src, path),
                "title": self.title(a),
                "summary": first_sentence(a.data.summary),
                "content_html": self.content_html(a, path),
                "date_published": _stamp(a.as_of).isoformat().replace("+00:00", "Z"),
                "date_modified": _stamp(a.as_of).isoformat().replace("+00:00", "Z"),
                "authors": [{"name": a.data.author}],
                "tags": [region.name, a.data.level, a.data.trend],
                "_briefing": {
                    "kind": "assessment",
                    "region": a.region,
                    "as_of": a.as_of.isoformat(),
                    "level": a.data.level,
                    "trend": a.data.trend,
                    "alert": a.data.alert,
                    "page": page_url(a.src),
                },
            }
            text = json.dumps(item, ensure_ascii=False, indent=2)
            self._json[key] = text.replace("\n", "\n    ")
        return self._json[key]


def merged(entries: Sequence[Any], assessments: Sequence[Assessment], limit: int) -> list[Any]:
    """A feed's newest ``limit`` items: briefings and assessments by date, newest first
    (on one day the assessment first, then the site's order)."""
    keyed = [((-e.date.toordinal(), 1, i), e) for i, e in enumerate(entries[:limit])]
    keyed += [((-a.as_of.toordinal(), 0, i), a) for i, a in enumerate(assessments[:limit])]
    return [item for _, item in sorted(keyed, key=lambda kv: kv[0])[:limit]]
