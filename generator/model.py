"""Resolved, frozen objects the rest of the pipeline trusts.

What an editor writes (``schema.ArticleIn``) is checked once by ``validate``; from then on
the code works with these: a taxonomy whose tree is known to be sound and entries whose
region, theme and related ids are known to exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .schema import ArticleIn


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

    def lineage(self, region_id: str) -> tuple[Region, ...]:
        """The region and its ancestors, root first: world, south-asia, pk, pk-ba."""
        region = self.regions[region_id]
        return (*(self.regions[a] for a in region.ancestors), region)

    @property
    def roots(self) -> tuple[Region, ...]:
        return tuple(r for r in self.regions.values() if r.parent is None)


@dataclass(frozen=True)
class Entry:
    """One validated article and the file it came from (as shown in messages)."""

    article: ArticleIn
    source: str

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def src(self) -> str:
        """The generated page, relative to the docs folder."""
        return f"articles/{self.article.id}.md"

    @property
    def sort_key(self) -> tuple[int, str]:
        """Newest first, then by id: one stable order everywhere."""
        return (-self.article.date.toordinal(), self.article.id)
