"""Resolved, frozen objects the rest of the pipeline trusts.

What an editor writes (``schema.ArticleIn``) is checked once by ``validate``; from then on
the code works with these: a taxonomy whose tree is known to be sound and entries whose
region, theme and related ids are known to exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass

from .schema import DEFAULT_MAX_COUNT, ArticleIn


@dataclass(frozen=True)
class Region:
    """A taxonomy term of the region tree. ``ancestors`` runs from the root down."""

    id: str
    name: str
    parent: str | None
    iso: str | None
    aliases: tuple[str, ...]
    ancestors: tuple[str, ...]
    children: tuple[str, ...]
    #: A point region's (lon, lat), and where they come from; None for a shape (``iso``)
    #: or a region kept off the maps (``on_map`` False).
    point: tuple[float, float] | None = None
    source: str | None = None
    on_map: bool = True

    @property
    def src(self) -> str:
        return f"regions/{self.id}.md"


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    keywords: tuple[str, ...]

    @property
    def src(self) -> str:
        return f"themes/{self.id}.md"


@dataclass(frozen=True)
class Taxonomy:
    """Regions in tree order (a parent before its children) and themes in file order."""

    regions: Mapping[str, Region]
    themes: Mapping[str, Theme]
    #: The largest count one figure may give (``limits.max_count``).
    max_count: int = DEFAULT_MAX_COUNT

    def lineage(self, region_id: str) -> tuple[Region, ...]:
        """The region and its ancestors, root first: world, south-asia, pk, pk-ba."""
        region = self.regions[region_id]
        return (*(self.regions[a] for a in region.ancestors), region)

    @property
    def roots(self) -> tuple[Region, ...]:
        return tuple(r for r in self.regions.values() if r.parent is None)


class Entry:
    """One validated article and the file it came from (as shown in messages).

    What linking, sorting and cache keys read (id, dates, regions, themes, related ids) is
    kept on the entry itself, so an entry taken from the cache (:meth:`cached`) is linked
    and keyed without unpickling its article; that happens the first time ``article`` is
    read, i.e. only when a page or file showing it has to be rendered again. Immutable.

    >>> e = Entry(ArticleIn.model_validate(SEED), "content/articles/x.yaml")  # doctest: +SKIP
    >>> e.id, e.regions                                                       # doctest: +SKIP
    ('x', ('pk-ba',))
    """

    __slots__ = ("_article", "_blob", "date", "figures", "id", "kind", "largest", "regions",
                 "related_ids", "section", "source", "src", "themes", "updated")  # fmt: skip

    _article: ArticleIn | None
    _blob: bytes | None
    source: str
    id: str
    date: dt.date
    updated: dt.date | None
    regions: tuple[str, ...]
    themes: tuple[str, ...]
    related_ids: tuple[str | None, ...]
    largest: int
    kind: str
    section: str
    figures: str
    #: The generated page, relative to the docs folder (asked for tens of thousands of
    #: times a build: made once).
    src: str

    def __init__(self, article: ArticleIn, source: str):
        self._set(article, None, source, facts(article))

    @classmethod
    def cached(
        cls, blob: bytes, facts: Facts, source: str, article: ArticleIn | None = None
    ) -> Entry:
        """An entry whose article is ``pickle.dumps(article)``, read only when needed (or
        already read: ``article``)."""
        entry = cls.__new__(cls)
        entry._set(article, None if article is not None else blob, source, facts)
        return entry

    def _set(self, article: ArticleIn | None, blob: bytes | None, source: str, f: Facts) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "_article", article)
        setattr_(self, "_blob", blob)
        setattr_(self, "source", source)
        for name, value in zip(_FACTS, f, strict=True):
            setattr_(self, name, value)
        setattr_(self, "src", f"articles/{self.id}.md")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Entry is immutable: cannot set {name!r}")

    def __reduce__(self) -> tuple[object, ...]:  # pickle and copy, despite __setattr__
        found = tuple(getattr(self, name) for name in _FACTS)
        return (_rebuild, (self._article, self._blob, self.source, found))

    @property
    def article(self) -> ArticleIn:
        if self._article is None:
            object.__setattr__(self, "_article", pickle.loads(self._blob))  # type: ignore[arg-type]
            object.__setattr__(self, "_blob", None)
        return self._article  # type: ignore[return-value]

    @property
    def last_change(self) -> dt.date:
        """The day of the entry's last substantive update, else its publication date."""
        return self.updated or self.date

    @property
    def sort_key(self) -> tuple[int, str]:
        """Newest first, then by id: one stable order everywhere."""
        return (-self.date.toordinal(), self.id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return self.source == other.source and self.article == other.article

    def __hash__(self) -> int:
        return hash((self.source, self.id))

    def __repr__(self) -> str:
        return f"Entry(id={self.id!r}, source={self.source!r})"


#: What an entry keeps of its article besides the article: id, date, updated, regions,
#: themes, the ids of related entries on this site (None for a link elsewhere), its
#: largest count (checked against the taxonomy's limit), its kind and section (the
#: search index's facets: ``render/facets.py``), and what the charts over a listing read
#: of it (:func:`figures_key`).
Facts = tuple[
    str,
    dt.date,
    dt.date | None,
    tuple[str, ...],
    tuple[str, ...],
    tuple[str | None, ...],
    int,
    str,
    str,
    str,
]
_FACTS = (
    "id", "date", "updated", "regions", "themes", "related_ids", "largest", "kind", "section",
    "figures",
)  # fmt: skip


def _rebuild(article: ArticleIn | None, blob: bytes | None, source: str, found: Facts) -> Entry:
    entry = Entry.__new__(Entry)
    entry._set(article, blob, source, found)
    return entry


def facts(article: ArticleIn) -> Facts:
    """The :data:`Facts` of an article, as :meth:`Entry.cached` takes them."""
    return (
        article.id,
        article.date,
        article.updated,
        tuple(article.regions),
        tuple(article.themes),
        tuple(r.id for r in article.related),
        max((n for c in article.casualties for n in (c.killed, c.injured or 0)), default=0),
        article.kind,
        article.section,
        figures_key(article),
    )


def figures_key(article: ArticleIn) -> str:
    """A digest of what the charts over many entries read of one (a listing's casualties
    by month, its top risks: ``render/charts.py``): its month, each current figure's group
    and count, each risk's likelihood and impact. Such a chart is kept by the digests of
    its entries (``render/pages.py``), so an edit of a headline does not make it again.

    >>> from types import SimpleNamespace as N
    >>> a = N(date=dt.date(2026, 2, 1), risks=[],
    ...       casualties=[N(group="civilians", killed=3, superseded=False)])
    >>> b = N(**{**vars(a), "headline": "Another"})
    >>> figures_key(a) == figures_key(b), len(figures_key(a))
    (True, 16)
    >>> figures_key(a) == figures_key(N(**{**vars(a), "date": dt.date(2026, 3, 1)}))
    False
    """
    found = (
        article.date.year,
        article.date.month,
        [(c.group, c.killed) for c in article.casualties if not c.superseded],
        [(r.likelihood, r.impact) for r in article.risks],
    )
    return hashlib.blake2b(repr(found).encode(), digest_size=8).hexdigest()
