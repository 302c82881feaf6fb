"""The taxonomy's own rules, after its schema: one region tree, parents that exist, no
cycles, ids given once, ISO codes pycountry knows, a place on the maps for every region
(``places.py``); then the resolved :class:`Taxonomy`.

>>> from generator.content.schema import TaxonomyIn
>>> tax = TaxonomyIn.model_validate({
...     "regions": [{"id": "world", "name": "World", "map": False}, {"id": "pk", "name": "Pakistan",
...                  "parent": "world", "iso": "PK"}],
...     "themes": [{"id": "t", "name": "T", "description": "T."}]})
>>> taxonomy, errors = check_taxonomy(tax, lambda loc, msg, code: (loc, msg))
>>> list(taxonomy.regions), taxonomy.regions["pk"].ancestors, errors
(['world', 'pk'], ('world',), [])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pycountry

from .load import Path_
from .model import Region, Taxonomy, Theme
from .places import check_places
from .schema import RegionIn, TaxonomyIn

E = TypeVar("E")
#: Makes one error from (field location, message, code); the caller knows the file.
MakeError = Callable[[Path_, str, str], E]


def _iso_known(code: str) -> bool:
    if "-" in code:
        return pycountry.subdivisions.get(code=code) is not None
    return pycountry.countries.get(alpha_2=code) is not None


def check_taxonomy(tax: TaxonomyIn, make: MakeError[E]) -> tuple[Taxonomy | None, list[E]]:
    """Every structural problem of the taxonomy, or the resolved taxonomy when there is none."""
    errors: list[E] = []

    def err(loc: Path_, message: str, code: str = "briefing.taxonomy") -> None:
        errors.append(make(loc, message, code))

    by_id: dict[str, RegionIn] = {}
    for i, r in enumerate(tax.regions):
        if r.id in by_id:
            err(("regions", i, "id"), f"region id {r.id!r} is defined twice")
            continue
        by_id[r.id] = r
        if r.iso and not _iso_known(r.iso):
            err(
                ("regions", i, "iso"),
                f"must be an ISO 3166 code known to pycountry, got {r.iso!r}",
                "briefing.iso",
            )
        elif r.iso and r.id != r.iso.lower():
            err(
                ("regions", i, "id"),
                f"a region with an ISO code takes it as its id: "
                f"expected {r.iso.lower()!r}, got {r.id!r}",
                "briefing.iso",
            )
    for i, r in enumerate(tax.regions):
        if r.parent and r.parent not in by_id:
            err(("regions", i, "parent"), f"parent {r.parent!r} is not a region id")
    roots = [r for r in by_id.values() if r.parent is None]
    if len(roots) != 1:
        err(
            ("regions",),
            f"the region tree needs exactly one root (a region without parent), found "
            f"{len(roots)}: {', '.join(r.id for r in roots) or 'none'}",
        )
    ancestors: dict[str, tuple[str, ...]] = {}
    cycles: set[frozenset[str]] = set()
    for i, r in enumerate(tax.regions):
        chain: list[str] = []
        node: RegionIn | None = r
        while node and node.parent:
            if node.parent in chain or node.parent == r.id:
                members = frozenset([r.id, *chain])
                if node.parent == r.id and members not in cycles:  # once per cycle
                    cycles.add(members)
                    err(
                        ("regions", i, "parent"),
                        f"cycle in the region tree: {' -> '.join([r.id, *chain, node.parent])}",
                    )
                break
            chain.append(node.parent)
            node = by_id.get(node.parent)
        ancestors[r.id] = tuple(reversed(chain))
    # A code pycountry does not know has no shape either: said once, above.
    unknown = {r.iso for r in tax.regions if r.iso and not _iso_known(r.iso)}
    errors.extend(check_places(tax.regions, make, unknown_iso=unknown))
    themes: dict[str, Theme] = {}
    for i, t in enumerate(tax.themes):
        if t.id in themes:
            err(("themes", i, "id"), f"theme id {t.id!r} is defined twice")
        themes[t.id] = Theme(t.id, t.name, t.description, tuple(t.keywords))
    if errors:
        return None, errors
    order = _tree_order(by_id, ancestors, roots[0].id)
    return Taxonomy(order, themes, tax.limits.max_count), []


def _tree_order(
    by_id: dict[str, RegionIn], ancestors: dict[str, tuple[str, ...]], root: str
) -> dict[str, Region]:
    """Regions parent first, children in file order (depth-first from the root)."""
    children: dict[str, list[str]] = {rid: [] for rid in by_id}
    for r in by_id.values():
        if r.parent:
            children[r.parent].append(r.id)
    ordered: dict[str, Region] = {}
    stack = [root]
    while stack:
        rid = stack.pop()
        r = by_id[rid]
        point = (r.lon, r.lat) if r.lon is not None and r.lat is not None else None
        ordered[rid] = Region(
            rid,
            r.name,
            r.parent,
            r.iso,
            tuple(r.aliases),
            ancestors[rid],
            tuple(children[rid]),
            point,
            r.source,
            r.map,
        )
        stack.extend(reversed(children[rid]))
    return ordered
