"""Validated assessments -> the indexes pages, feeds and data read (``Site.assessments``).

Built in one pass: each region's assessments oldest first, the judgements, which
assessments cite each entry, and the months a watchlist snapshot is kept for. As entries
are, an assessment dated after the build day is held back from the published site (or,
``mkdocs serve``, shown and marked), and so is an outcome resolved after it.

>>> index = link_assessments([], dt.date(2026, 2, 2))
>>> index.current("pk-ba") is None, index.months
(True, ())
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .assessments import Assessment, Judgement

Month = tuple[int, int]


def month_end(month: Month) -> dt.date:
    """The last day of a month: what a snapshot of it knows."""
    year, number = month
    return dt.date(year, number, calendar.monthrange(year, number)[1])


@dataclass(frozen=True)
class Assessments:
    """Every published assessment, newest first (then by region), and its indexes."""

    items: tuple[Assessment, ...] = ()
    #: Each region's own assessments, oldest first.
    by_region: Mapping[str, tuple[Assessment, ...]] = field(default_factory=dict)
    #: Every judgement, in the order of ``items`` and then of each file.
    judgements: tuple[Judgement, ...] = ()
    #: The assessments citing each entry, newest first.
    citing: Mapping[str, tuple[Assessment, ...]] = field(default_factory=dict)
    #: Months from the first assessment's to the last one's, newest first.
    months: tuple[Month, ...] = ()
    #: ``mkdocs serve``: the pages of assessments shown though dated after ``day``.
    scheduled: frozenset[str] = frozenset()
    #: A published build: the assessments held back until their day.
    held: tuple[Assessment, ...] = ()
    day: dt.date | None = None

    def current(self, region_id: str) -> Assessment | None:
        found = self.by_region.get(region_id)
        return found[-1] if found else None

    def neighbours(self, assessment: Assessment) -> tuple[Assessment | None, Assessment | None]:
        """The previous and the next assessment of the same region."""
        items = self.by_region[assessment.region]
        at = items.index(assessment)
        return (items[at - 1] if at else None), (items[at + 1] if at + 1 < len(items) else None)

    def latest(self, until: dt.date | None = None) -> list[Assessment]:
        """The latest assessment of every region as known on ``until`` (default: now)."""
        out = []
        for items in self.by_region.values():  # (each oldest first: the last one known)
            at = len(items) if until is None else bisect_right(items, until, key=_as_of)
            if at:
                out.append(items[at - 1])
        return out

    def judgements_of(self, region_id: str) -> list[Judgement]:
        """The judgements a region's own assessments made, newest assessment first."""
        return [j for a in reversed(self.by_region.get(region_id, ())) for j in judged(a)]

    def digest(self, items: Iterable[Assessment], *extra: str) -> str:
        """A key for what is made of ``items`` (cache keys): their data and files."""
        h = hashlib.blake2b(digest_size=16)
        for a in items:
            h.update(a.fingerprint + (b"s" if a.src in self.scheduled else b"p"))
        for part in extra:
            h.update(part.encode() + b"\0")
        return h.hexdigest()


def _as_of(assessment: Assessment) -> dt.date:
    return assessment.as_of


def judged(assessment: Assessment) -> list[Judgement]:
    return [Judgement(j, assessment) for j in assessment.data.judgements]


def _without_later_outcomes(assessment: Assessment, day: dt.date) -> Assessment:
    """The assessment with the outcomes resolved after ``day`` left out (not known yet)."""
    data = assessment.data
    if all(j.outcome is None or j.outcome.resolved_on <= day for j in data.judgements):
        return assessment
    kept = [
        j
        if j.outcome is None or j.outcome.resolved_on <= day
        else j.model_copy(update={"outcome": None})
        for j in data.judgements
    ]
    return Assessment(data.model_copy(update={"judgements": kept}), assessment.source)


def link_assessments(
    assessments: Sequence[Assessment], day: dt.date, *, preview: bool = False
) -> Assessments:
    """The index of what the site publishes on ``day`` (``preview``: everything, marked)."""
    later = {a.src for a in assessments if a.as_of > day}
    shown = [
        a if preview else _without_later_outcomes(a, day)
        for a in assessments
        if preview or a.src not in later
    ]
    ordered = tuple(sorted(shown, key=lambda a: (-a.as_of.toordinal(), a.region)))
    by_region: dict[str, list[Assessment]] = defaultdict(list)
    citing: dict[str, list[Assessment]] = defaultdict(list)
    for a in reversed(ordered):
        by_region[a.region].append(a)
    for a in ordered:
        for eid in a.data.evidence:
            citing[eid].append(a)
    months: tuple[Month, ...] = ()
    if ordered:
        first, last = ordered[-1].as_of, ordered[0].as_of
        span = (last.year - first.year) * 12 + last.month - first.month
        months = tuple(
            ((first.year * 12 + first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1)
            for k in range(span, -1, -1)
        )
    return Assessments(
        items=ordered,
        by_region={rid: tuple(items) for rid, items in sorted(by_region.items())},
        judgements=tuple(j for a in ordered for j in judged(a)),
        citing={eid: tuple(items) for eid, items in sorted(citing.items())},
        months=months,
        scheduled=frozenset(later) if preview else frozenset(),
        held=()
        if preview
        else tuple(sorted((a for a in assessments if a.src in later), key=lambda a: a.source)),
        day=day,
    )
