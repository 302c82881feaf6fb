"""What the search index knows of each entry page besides its words: the facets the
search page narrows by (``/search/``: region, theme, kind, date) and what a result shows
(date, section, region chips). Engine-neutral data; the Pagefind side writes it into each
indexed page (``mkdocs_adapter/search.py``), the search page reads it back in the
browser (``assets/search-page.js``).

A region facet lists the entry's regions *and all their ancestors*: an entry filed under
``noshki`` is found when a reader chooses Balochistan, Pakistan, South Asia or World, so
choosing a region includes everything within it, with no tree walking in the browser.

>>> facets = search_facets(load_site(Path("content")))                  # doctest: +SKIP
>>> f = facets["articles/pakistan-145-militants-killed-balochistan.md"]  # doctest: +SKIP
>>> f.date, f.kind, f.within[:3]                                        # doctest: +SKIP
('2026-02-01', 'article', ('gwadar', 'mastung', 'noshki'))
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..content.assessments import Assessment, first_sentence
from ..content.link import Site
from ..content.model import Entry, Taxonomy
from .markdown import markdown_to_html
from .reuse import NO_REUSE, Reuse
from .urls import page_url

#: The kinds of page a reader can narrow to, and their names on the search page.
KINDS = (("article", "Articles"), ("brief", "Briefs"), ("assessment", "Assessments"))
#: The search page, and where it is published.
SEARCH_PAGE = "search.md"
#: The site's own listing data for facets alone (:func:`render_search_data`): each
#: facet value's entries, the days, and what a result shows, CHUNK entries a file.
FACETS_DIR = "search/facets"
ENTRIES_DIR = "search/entries"
CHUNK = 25


@dataclass(frozen=True)
class Facets:
    """One entry page's facets. Dates are ISO days (``2026-02-01``), which sort as text."""

    kind: str
    date: str
    section: str
    #: The entry's own regions, in its order (the result's chips).
    regions: tuple[str, ...]
    #: Its regions and all their ancestors, sorted (the region filter).
    within: tuple[str, ...]
    themes: tuple[str, ...]
    #: The sort key ``newest`` (:func:`newest_key`).
    newest: str
    #: The page's address from the site's root (``articles/<id>/``).
    url: str


#: The ``newest`` key of a page that is no entry: after every entry's.
UNDATED = "~"


def newest_key(date: str, url: str) -> str:
    """A sort key whose ascending order is the site's: newest first, then by address
    (an entry's is ``articles/<id>/``: by id, as its listings; entries before assessments
    of the same day). The search page merges shards in the same order.

    >>> sorted([newest_key("2026-02-01", "b/"), newest_key("2026-02-02", "z/"),
    ...         newest_key("2026-02-02", "a/"), UNDATED])
    ['79739797 a/', '79739797 z/', '79739798 b/', '~']
    """
    return f"{99999999 - int(date.replace('-', '')):08d} {url}"


def within(taxonomy: Taxonomy, regions: tuple[str, ...]) -> tuple[str, ...]:
    """The regions and every ancestor of theirs, sorted, each once.

    >>> from generator.content.model import Region
    >>> r = lambda id, parent, anc: Region(id, id, parent, None, (), anc, ())
    >>> tax = Taxonomy({"w": r("w", None, ()), "pk": r("pk", "w", ("w",)),
    ...                 "ba": r("ba", "pk", ("w", "pk"))}, {})
    >>> within(tax, ("ba",))
    ('ba', 'pk', 'w')
    """
    found = set(regions)
    for rid in regions:
        found.update(taxonomy.regions[rid].ancestors)
    return tuple(sorted(found))


def entry_facets(site: Site, entry: Entry) -> Facets:
    day, url = entry.date.isoformat(), page_url(entry.src)
    return Facets(
        kind=entry.kind,
        date=day,
        section=str(entry.section),
        regions=entry.regions,
        within=within(site.taxonomy, entry.regions),
        themes=entry.themes,
        newest=newest_key(day, url),
        url=url,
    )


def assessment_facets(site: Site, a: Assessment) -> Facets:
    """An assessment page is a kind of its own, of its region, on its day, of no theme."""
    day, url, regions = a.as_of.isoformat(), page_url(a.src), (a.region,)
    return Facets(
        kind="assessment",
        date=day,
        section="Assessment",
        regions=regions,
        within=within(site.taxonomy, regions),
        themes=(),
        newest=newest_key(day, url),
        url=url,
    )


Listed = tuple[Facets, "Entry | Assessment"]


def listed(site: Site) -> list[Listed]:
    """Every page search narrows by facets: entries and assessments, the site's order
    (newest first, then by address). Made once per site (the search page, its data and
    the index all ask); a copy each time. An entry listed for the last site asked about
    keeps its facets if the taxonomy is the same (``mkdocs serve`` keeps an unchanged
    entry as the same object over its rebuilds, and an entry never changes)."""
    last, known = _LISTED
    if last is not site:
        before: dict[int, Facets] = {}
        if last is not None and last.taxonomy == site.taxonomy:  # (the last are alive:
            before = {id(item): f for f, item in known}  # no new object has their ids)
        items: list[Listed] = [
            (before.get(id(e)) or entry_facets(site, e), e) for e in site.entries
        ]
        items += [(assessment_facets(site, a), a) for a in site.assessments.items]
        _LISTED[:] = [site, sorted(items, key=lambda item: item[0].newest)]
    return list(_LISTED[1])


#: The last site :func:`listed` was asked about, and its answer.
_LISTED: list[Any] = [None, []]


def search_facets(site: Site) -> dict[str, Facets]:
    """The facets of every entry and assessment page, by its page (``articles/<id>.md``)."""
    return {item.src: facets for facets, item in listed(site)}


def date_bounds(site: Site) -> tuple[str, str]:
    """The first and last day of any page search lists (the date range's limits), or empty
    strings for a site without any."""
    days = sorted(f.date for f, _ in listed(site))
    return (days[0], days[-1]) if days else ("", "")


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _deltas(ranks: Sequence[int]) -> list[int]:
    """Ascending numbers as their differences (the first as it is): short files.

    >>> _deltas([3, 4, 9])
    [3, 1, 5]
    """
    return [r - (ranks[i - 1] if i else 0) for i, r in enumerate(ranks)]


def _plain(text: str) -> str:
    """An entry's inline Markdown as the plain text a reader sees.

    >>> _plain("Talks in *Geneva* & [Bern](https://example.org)")
    'Talks in Geneva & Bern'
    """
    return markdown_to_html(text).striptags()


def _result(f: Facets, item: Entry | Assessment) -> list[object]:
    if isinstance(item, Assessment):
        headline, dek = item.data.headline, first_sentence(item.data.summary)
    else:
        headline, dek = item.article.headline, item.article.dek or ""
    return [f.url, _plain(headline), f.date, f.section, f.kind, list(f.regions), _plain(dek)]


def render_search_data(site: Site, reuse: Reuse = NO_REUSE) -> dict[str, str]:
    """The site's own data for listing by facets alone, newest first, without Pagefind
    (whose search without words loads every chunk of the word index: all of it).

    A page's *rank* is its place in the site's order (entries and assessments:
    :func:`listed`) counted from the oldest (so adding a new entry changes only the
    newest file of results). Files, all JSON:

    - ``search/facets/<region|theme|kind>/<value>.json``: the ranks of the entries under
      that value (a region's include those of the places within it), ascending, as
      differences;
    - ``search/facets/dates.json``: ``[day, entries]`` runs, oldest first (a date range is
      a range of ranks);
    - ``search/entries/<n>.json``: what a result shows of ranks ``n*CHUNK`` on:
      ``[address, headline, day, section, kind, regions, standfirst]``.

    >>> files = render_search_data(load_site(Path("content")))         # doctest: +SKIP
    >>> files["search/facets/region/pk.json"], files["search/facets/dates.json"]  # doctest: +SKIP
    ('[0]', '[["2026-02-01",1],["2026-02-02",5]]')
    """
    oldest = listed(site)[::-1]
    tax = site.taxonomy
    # (a list per facet and value, the taxonomy's first: filled in one pass, every rebuild)
    regions: defaultdict[str, list[int]] = defaultdict(list, {r: [] for r in tax.regions})
    themes: defaultdict[str, list[int]] = defaultdict(list, {t: [] for t in tax.themes})
    kinds: defaultdict[str, list[int]] = defaultdict(list, {k: [] for k, _ in KINDS})
    runs: list[list[object]] = []
    for rank, (f, _) in enumerate(oldest):
        for r in f.within:
            regions[r].append(rank)
        for t in f.themes:
            themes[t].append(rank)
        kinds[f.kind].append(rank)
        if runs and runs[-1][0] == f.date:
            runs[-1][1] = int(str(runs[-1][1])) + 1
        else:
            runs.append([f.date, 1])
    files = {
        f"{FACETS_DIR}/{facet}/{value}.json": _compact(_deltas(ranks))
        for facet, lists in (("region", regions), ("theme", themes), ("kind", kinds))
        for value, ranks in lists.items()
    }
    files[f"{FACETS_DIR}/dates.json"] = _compact(runs)
    for n, start in enumerate(range(0, len(oldest), CHUNK)):
        part = oldest[start : start + CHUNK]
        entries = [item for _, item in part if isinstance(item, Entry)]
        found = [item for _, item in part if isinstance(item, Assessment)]
        parts = [str(n), reuse.ident(entries), site.assessments.digest(found)]
        files[f"{ENTRIES_DIR}/{n}.json"] = reuse.memo(
            "search-entries",
            [*parts, *(f.newest for f, _ in part)],
            lambda part=part: _compact([_result(f, item) for f, item in part]),  # type: ignore[misc]
        )
    return files
