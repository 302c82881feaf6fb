"""The assessments' pages, and what region pages, the home page and article pages show of them.

- ``assessments/<region>/<yyyy-mm-dd>.md``: one assessment, its evidence linked by
  headline, the region's previous and next assessment;
- ``watch/index.md``: the latest assessment of every region, alerts first, then
  deteriorated, improved and unchanged; ``watch/<yyyy>/<mm>.md``: the same as known at the
  end of that month (the months from the first assessment to the last);
- ``track-record/index.md`` (+ ``page/<n>.md``): every resolved judgement, scored.

Pages are rendered by the caller's ``page`` (``Renderer._page``: it records the HTML
blocks) through its ``memo`` (the cache, or nothing), keyed by what each page is made of.
Everything stays bounded with thousands of assessments: a watchlist by the number of
regions, a region's judgements by :data:`SHOWN`, the scored judgements paged.

>>> from generator.content.link import link_site                  # doctest: +SKIP
>>> pages = dict(render_assessment_pages(site, renderer._page, renderer._memo))  # doctest: +SKIP
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..content.assessment_link import Assessments, judged, month_end
from ..content.assessments import LEVELS, Assessment, Judgement
from ..content.link import Site
from ..content.model import Entry, Region
from ..content.scoring import brier, by_region, calibration
from . import maps
from .assessment_charts import calibration_chart, level_over_time
from .charts import Chart
from .html import Pager, paginate

Page = tuple[str, str]
PageFn = Callable[..., Page]
MemoFn = Callable[[str, Sequence[str], Callable[[], Page]], Page]
#: Open and resolved judgements a region page shows (the newest); the rest are on the
#: track record and in data/judgements.csv.
SHOWN = 5
#: Overdue judgements listed on the track record; the rest are in data/judgements.csv.
OVERDUE_SHOWN = 25
#: Scored judgements on one page of the track record (a row is a statement and its links,
#: longer than a listing's: half as many keep a page as light).
TRACK_PAGE = 25
#: Regions on the home page's strip of alerts and deteriorations.
STRIP = 6
WATCH = "watch/index.md"
TRACK_RECORD = "track-record/index.md"


@dataclass(frozen=True)
class RegionAssessment:
    """What a region page shows of its assessments (first page only)."""

    region: Region
    history: tuple[Assessment, ...]
    chart: Chart | None
    open: list[Judgement]
    open_total: int
    resolved: list[Judgement]
    resolved_total: int
    #: Children with an assessment, each with its current one.
    children: list[tuple[Region, Assessment]]

    @property
    def current(self) -> Assessment | None:
        return self.history[-1] if self.history else None


def region_assessment(site: Site, region: Region) -> RegionAssessment:
    index = site.assessments
    history = index.by_region.get(region.id, ())
    judged = index.judgements_of(region.id)
    open_ = [j for j in judged if j.outcome is None]
    resolved = [j for j in judged if j.outcome is not None]
    children = []
    for cid in region.children:
        current = index.current(cid)
        if current is not None:
            children.append((site.taxonomy.regions[cid], current))
    return RegionAssessment(
        region,
        history,
        level_over_time(history, region.name),
        open_[:SHOWN],
        len(open_),
        resolved[:SHOWN],
        len(resolved),
        children,
    )


def region_key(site: Site, region: Region) -> str:
    """What a region page's assessment part is made of (its cache key)."""
    index = site.assessments
    items = list(index.by_region.get(region.id, ()))
    items += [a for cid in region.children if (a := index.current(cid)) is not None]
    if not items:
        return ""
    return index.digest(items, str(index.day))  # (a judgement is overdue from a day on)


def ranked(items: Sequence[Assessment], site: Site) -> list[Assessment]:
    """The gravest level first, then by region name."""
    names = site.taxonomy.regions
    return sorted(items, key=lambda a: (-a.rank, names[a.region].name, a.region))


def watch_groups(items: Sequence[Assessment], site: Site) -> list[tuple[str, list[Assessment]]]:
    """Alerts first, then deteriorated, improved and unchanged, as a monthly tracker groups."""
    alerts = [a for a in items if a.data.alert]
    rest = [a for a in items if not a.data.alert]
    groups = [("Alerts", alerts)]
    for trend in ("deteriorated", "improved", "unchanged"):
        groups.append((trend.capitalize(), [a for a in rest if a.data.trend == trend]))
    return [(title, ranked(group, site)) for title, group in groups]


def strip(site: Site) -> tuple[list[Assessment], int]:
    """The home page's strip: current alerts, then deteriorations (and how many more)."""
    current = site.assessments.latest()
    alerts = ranked([a for a in current if a.data.alert], site)
    worse = ranked(
        [a for a in current if not a.data.alert and a.data.trend == "deteriorated"], site
    )
    shown = (alerts + worse)[:STRIP]
    return shown, len(alerts) + len(worse) - len(shown)


def strip_key(site: Site) -> str:
    shown, more = strip(site)
    return site.assessments.digest(shown, str(more)) if shown else ""


def _evidence(site: Site, assessment: Assessment) -> list[Entry]:
    """The evidence as published (every id exists and predates the assessment; in a
    preview an entry may be shown though scheduled)."""
    return [site.by_id[eid] for eid in assessment.data.evidence if eid in site.by_id]


def render_assessment_pages(
    site: Site,
    page: PageFn,
    memo: MemoFn,
    keys: Callable[[Sequence[Entry]], str] = lambda entries: "",
) -> Iterator[Page]:
    """Every assessment page, the watchlist and its monthly snapshots, the track record.
    ``keys``: the cache keys of entries, for pages that show them (evidence)."""
    index = site.assessments
    regions = site.taxonomy.regions
    for a in index.items:
        previous, following = index.neighbours(a)
        evidence = _evidence(site, a)
        parts = [
            index.digest([a, *(x for x in (previous, following) if x)], str(index.day)),
            keys(evidence),
        ]
        yield memo(
            a.src,
            parts,
            functools.partial(
                page,
                "assessment.md.jinja",
                a.src,
                a=a,
                region=regions[a.region],
                lineage=site.taxonomy.lineage(a.region),
                previous=previous,
                following=following,
                evidence=evidence,
                judgements=judged(a),
            ),
        )
    yield from _watch(site, index, page, memo)
    yield from _track_record(site, index, page, memo)


def _watch(site: Site, index: Assessments, page: PageFn, memo: MemoFn) -> Iterator[Page]:
    latest = index.latest()
    months = index.months

    def make(src: str, known: list[Assessment], new: list[Assessment], **ctx: Any) -> Page:
        # (made only when the page is made again: its groups and map are over every
        # assessed region, and there is a page a month)
        return page(
            "watch.md.jinja",
            src,
            groups=watch_groups(known, site),
            level_map=maps.level_map(site.taxonomy, known),
            new=ranked(new, site),
            **ctx,
        )

    yield memo(
        WATCH,
        [index.digest(latest), ",".join(f"{y}-{m}" for y, m in months)],
        functools.partial(
            make, WATCH, latest, [], month=None, months=months, older=None, newer=None
        ),
    )
    of_month: dict[tuple[int, int], list[Assessment]] = {}
    for a in index.items:  # (once, not once a month)
        of_month.setdefault((a.as_of.year, a.as_of.month), []).append(a)
    for i, month in enumerate(months):
        known = index.latest(month_end(month))
        new = of_month.get(month, [])
        src = f"watch/{month[0]}/{month[1]:02d}.md"
        newer = months[i - 1] if i else None
        older = months[i + 1] if i + 1 < len(months) else None
        yield memo(
            src,
            [index.digest(known), index.digest(new), str(newer), str(older)],
            functools.partial(
                make, src, known, new, month=month, months=(), older=older, newer=newer
            ),
        )


def _track_record(site: Site, index: Assessments, page: PageFn, memo: MemoFn) -> Iterator[Page]:
    day = index.day
    resolved = sorted(
        (j for j in index.judgements if j.outcome is not None),
        key=lambda j: (-j.outcome.resolved_on.toordinal(), j.data.id),  # type: ignore[union-attr]
    )

    def first() -> dict[str, Any]:  # (made only when the first page is made again)
        overdue = sorted(
            (j for j in index.judgements if day is not None and j.overdue(day)),
            key=lambda j: (j.data.by, j.data.id),
        )
        return {
            "overall": brier(resolved),
            "by_region": by_region(resolved, list(site.taxonomy.regions)),
            "calibration": calibration_chart(calibration(resolved)),
            "overdue": overdue[:OVERDUE_SHOWN],
            "overdue_total": len(overdue),
            "open_total": sum(j.outcome is None for j in index.judgements),
        }

    def make(pager: Pager[Judgement]) -> Page:
        ctx = first() if pager.first else dict.fromkeys(_FIRST_KEYS)
        return page(
            "track_record.md.jinja",
            pager.src,
            pager=pager,
            resolved_total=len(resolved),
            levels=LEVELS,
            **ctx,
        )

    key = index.digest(index.items, str(day))
    for pager in paginate(TRACK_RECORD, resolved, TRACK_PAGE):
        yield memo(pager.src, [key, str(pager.number)], functools.partial(make, pager))


#: What only the track record's first page shows (later pages get None for each).
_FIRST_KEYS = ("overall", "by_region", "calibration", "overdue", "overdue_total", "open_total")
