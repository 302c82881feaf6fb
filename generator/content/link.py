"""Stage 4: validated entries + taxonomy -> one linked site with its indexes.

Every index is built in one pass over the entries (O(n·k) for n entries with k regions
each, times the tree depth), never by comparing entries pairwise. An entry filed under
``pk-ba`` is listed on ``pk-ba``, ``pk``, ``south-asia`` and ``world``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .assessment_link import Assessments
from .model import Entry, Region, Taxonomy, Theme


@dataclass(frozen=True)
class Site:
    """Everything the renderers need. All sequences are newest first, then by id."""

    taxonomy: Taxonomy
    entries: tuple[Entry, ...]
    by_id: Mapping[str, Entry]
    by_region: Mapping[str, tuple[Entry, ...]]
    by_theme: Mapping[str, tuple[Entry, ...]]
    by_month: Mapping[tuple[int, int], tuple[Entry, ...]]
    #: ``mkdocs serve``: the ids of entries shown though dated after ``day`` (marked).
    scheduled: frozenset[str] = frozenset()
    #: A published build: the entries held back until their day (not in the indexes).
    held: tuple[Entry, ...] = ()
    #: A published build: entry id -> the held-back ids its related items named, cut
    #: from it until those are published (it is shown otherwise than its file says).
    cut: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The build day (``schedule.build_day``), None where no one asked.
    day: dt.date | None = None
    #: The analysts' assessments of regions (``assessment_link.py``).
    assessments: Assessments = field(default_factory=Assessments)

    def regions_of(self, entry: Entry) -> tuple[Region, ...]:
        return tuple(self.taxonomy.regions[r] for r in entry.regions)

    def themes_of(self, entry: Entry) -> tuple[Theme, ...]:
        return tuple(self.taxonomy.themes[t] for t in entry.themes)

    def more_on(self, listing: Sequence[Entry], entry: Entry, n: int = 3) -> tuple[Entry, ...]:
        """The ``n`` entries of a listing nearest ``entry`` in its order (newest first):
        the one just newer, the rest older; at either end of the listing, the rest from
        the other side. So a new entry at the top changes the lists of its neighbours
        only, not of every entry in the listing (the listing's page has the latest).

        >>> from types import SimpleNamespace as E
        >>> listing = [E(id=str(i), sort_key=(i, "")) for i in range(8)]
        >>> pick = lambda i: [e.id for e in Site.more_on(None, listing, listing[i])]
        >>> pick(3), pick(0), pick(6), pick(7)
        (['2', '4', '5'], ['1', '2', '3'], ['4', '5', '7'], ['4', '5', '6'])
        """
        at = bisect.bisect_left(listing, entry.sort_key, key=lambda e: e.sort_key)
        if at >= len(listing) or listing[at].id != entry.id:  # not listed: the latest
            return tuple(listing[:n])
        return Site.more_at(listing, at, entry, n)

    @staticmethod
    def more_at(listing: Sequence[Entry], at: int, entry: Entry, n: int = 3) -> tuple[Entry, ...]:
        """:meth:`more_on` for an ``entry`` known to be at ``at`` in ``listing`` (whose
        places a caller asking for every entry has found at once: ``render/pages.py``)."""
        start = max(0, min(at - 1, len(listing) - n - 1))
        return tuple(e for e in listing[start : start + n + 1] if e.id != entry.id)[:n]


def link_site(
    taxonomy: Taxonomy,
    entries: Sequence[Entry],
    *,
    scheduled: frozenset[str] = frozenset(),
    held: tuple[Entry, ...] = (),
    cut: Mapping[str, tuple[str, ...]] | None = None,
    day: dt.date | None = None,
    assessments: Assessments | None = None,
) -> Site:
    """Sort once, then fill every index in a single pass (``schedule.link_published``
    says which entries are published and passes the rest)."""
    ordered = tuple(sorted(entries, key=lambda e: e.sort_key))
    by_region: dict[str, list[Entry]] = defaultdict(list)
    by_theme: dict[str, list[Entry]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for entry in ordered:  # what entries keep of their article: a cached one is not unpickled
        terms: set[str] = set()
        for rid in entry.regions:
            terms.add(rid)
            terms.update(taxonomy.regions[rid].ancestors)
        for rid in sorted(terms):
            by_region[rid].append(entry)
        for tid in entry.themes:
            by_theme[tid].append(entry)
        by_month[(entry.date.year, entry.date.month)].append(entry)
    return Site(
        taxonomy=taxonomy,
        entries=ordered,
        by_id={e.id: e for e in ordered},
        by_region={rid: tuple(by_region.get(rid, ())) for rid in taxonomy.regions},
        by_theme={tid: tuple(by_theme.get(tid, ())) for tid in taxonomy.themes},
        by_month={k: tuple(v) for k, v in sorted(by_month.items(), reverse=True)},
        scheduled=scheduled,
        held=held,
        cut=cut or {},
        day=day,
        assessments=assessments or Assessments(day=day),
    )
