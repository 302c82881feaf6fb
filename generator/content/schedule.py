"""Scheduled entries: an entry dated after the build day is held back from the published
site (its page, listings, feeds, data, sitemap and search), never refused.

The build day is today, or the day of ``SOURCE_DATE_EPOCH`` (UTC) when it is set, so a
reproducible build stays reproducible. A published entry whose ``related`` names a
held-back one loses that item until the other is published (its page would link to a
page that is not there). ``mkdocs serve`` shows scheduled entries, marked as such
(``Site.scheduled``), so an editor can read them before their day.

>>> import datetime as dt
>>> build_day({"SOURCE_DATE_EPOCH": "1770000000"})
datetime.date(2026, 2, 2)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence

from ..errors import BriefingError
from .assessment_link import link_assessments
from .assessments import Assessment
from .link import Site, link_site
from .model import Entry, Taxonomy


class BuildDayError(BriefingError):
    """``SOURCE_DATE_EPOCH`` is set but is not a time."""


def build_day(environ: Mapping[str, str] = os.environ) -> dt.date:
    """The day entries are published up to: ``SOURCE_DATE_EPOCH``'s (UTC), else today."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise BuildDayError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {epoch!r}"
        ) from None


def scheduled(entries: Sequence[Entry], day: dt.date) -> list[Entry]:
    """The entries dated after ``day``, in the site's order (newest first, then id)."""
    return sorted((e for e in entries if e.date > day), key=lambda e: e.sort_key)


def _without_related(entry: Entry, held: frozenset[str]) -> Entry:
    """``entry`` without the related items that name a held-back entry."""
    article = entry.article
    kept = [r for r in article.related if r.id not in held]
    return Entry(article.model_copy(update={"related": kept}), entry.source)


def link_published(
    taxonomy: Taxonomy,
    entries: Sequence[Entry],
    day: dt.date,
    *,
    preview: bool = False,
    assessments: Sequence[Assessment] = (),
) -> Site:
    """The linked site as published on ``day`` (or, ``preview``, with every entry, the
    scheduled ones marked). The site says which entries it shows otherwise than their
    files do (``Site.scheduled``, ``Site.cut``, the assessments citing them), so nothing
    made of them before is reused. Assessments are held back likewise
    (``assessment_link.py``)."""
    later = scheduled(entries, day)
    ids = frozenset(e.id for e in later)
    index = link_assessments(assessments, day, preview=preview)
    if preview:
        return link_site(taxonomy, entries, scheduled=ids, held=(), day=day, assessments=index)
    published = []
    cut: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        if entry.id in ids:
            continue
        if ids.intersection(entry.related_ids):
            cut[entry.id] = tuple(sorted(ids.intersection(r for r in entry.related_ids if r)))
            entry = _without_related(entry, ids)
        published.append(entry)
    return link_site(taxonomy, published, held=tuple(later), cut=cut, day=day, assessments=index)


def scheduled_note(site: Site) -> str | None:
    """What a build says of its scheduled entries, or None when there are none.

    >>> scheduled_note(Site(None, (), {}, {}, {}, {}, day=dt.date(2026, 1, 1))) is None
    True
    """
    held = [(e.source, e.date) for e in site.held]
    held += [(a.source, a.as_of) for a in site.assessments.held]  # (assessment_link.py)
    if held:
        shown = ", ".join(f"{source} ({date})" for source, date in held)
        n = len(held)
        return (
            f"{n} scheduled entr{'y' if n == 1 else 'ies'} (dated after {site.day}) held "
            f"back from the site until {'its' if n == 1 else 'their'} date: {shown}"
        )
    if site.scheduled or site.assessments.scheduled:
        n = len(site.scheduled) + len(site.assessments.scheduled)
        return (
            f"{n} scheduled entr{'y' if n == 1 else 'ies'} (dated after {site.day}) shown, marked"
        )
    return None
