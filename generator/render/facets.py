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

from dataclasses import dataclass

from ..content.link import Site
from ..content.model import Entry, Taxonomy

#: The kinds of page a reader can narrow to, and their names on the search page.
KINDS = (("article", "Articles"), ("brief", "Briefs"))
#: The search page, and where it is published.
SEARCH_PAGE = "search.md"


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


#: The ``newest`` key of a page that is no entry: after every entry's.
UNDATED = "~"


def newest_key(date: str, ident: str) -> str:
    """A sort key whose ascending order is the site's: newest first, then by id.

    >>> sorted([newest_key("2026-02-01", "b"), newest_key("2026-02-02", "z"),
    ...         newest_key("2026-02-02", "a"), UNDATED])
    ['79739797 a', '79739797 z', '79739798 b', '~']
    """
    return f"{99999999 - int(date.replace('-', '')):08d} {ident}"


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
    return Facets(
        kind=entry.kind,
        date=entry.date.isoformat(),
        section=str(entry.section),
        regions=entry.regions,
        within=within(site.taxonomy, entry.regions),
        themes=entry.themes,
        newest=newest_key(entry.date.isoformat(), entry.id),
    )


def search_facets(site: Site) -> dict[str, Facets]:
    """The facets of every entry page, by its page (``articles/<id>.md``)."""
    return {e.src: entry_facets(site, e) for e in site.entries}


def date_bounds(site: Site) -> tuple[str, str]:
    """The first and last day any entry is dated (the date range's limits), or empty
    strings for a site without entries."""
    if not site.entries:
        return "", ""
    return site.entries[-1].date.isoformat(), site.entries[0].date.isoformat()
