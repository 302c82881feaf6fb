"""The committed boundary file (``generator/assets/geo/geo.json``): within its budget,
one shape per id, rings as plotly.js needs them, a shape for every ISO code of the
taxonomy, and exactly what its pinned recipe (``tools/geo/``) builds.

The rebuild needs node, npm and the npm registry (``npm ci`` of the pinned lockfile, a
95 MB package: minutes); under CI it must run (``ci_skips``), as for plotly.js."""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from generator.maps.geometry import GEO_FILE, TOLERANCE, load_geometry

RECIPE = ROOT / "tools" / "geo"
#: The budget the issue sets for the one shared geometry file, gzip.
BUDGET = 300 * 1000


def _features() -> list[dict[str, Any]]:
    return list(json.loads(GEO_FILE.read_text("utf-8"))["features"])


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def test_the_file_is_within_its_budget_with_one_shape_per_id() -> None:
    raw = GEO_FILE.read_bytes()
    assert len(gzip.compress(raw, compresslevel=6, mtime=0)) <= BUDGET  # as a server sends it
    features = _features()
    ids = Counter(f["properties"]["id"] for f in features)
    assert [i for i, n in ids.items() if n > 1] == []
    assert all(set(f["properties"]) == {"id"} for f in features)  # no names, no extras
    countries = [i for i in ids if "-" not in i]
    assert len(countries) >= 240 and len(ids) - len(countries) >= 4000  # world + admin-1
    assert all(f["geometry"] and f["geometry"]["coordinates"] for f in features)


def test_outer_rings_run_clockwise_as_plotly_needs() -> None:
    """d3-geo (plotly.js) reads a counter-clockwise outer ring (RFC 7946) as the whole globe
    but the shape: every province would cover the map."""
    wrong = []
    for f in _features():
        g = f["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for poly in polygons:
            if _signed_area(poly[0]) > 0:  # counter-clockwise in lon/lat
                wrong.append(f["properties"]["id"])
    assert wrong == []


def test_every_iso_code_of_the_taxonomy_has_a_shape_and_every_point_its_parent() -> None:
    tax = yaml.safe_load((ROOT / "content" / "taxonomy.yaml").read_text("utf-8"))
    regions = {r["id"]: r for r in tax["regions"]}
    geo = load_geometry()
    codes = [r["iso"] for r in regions.values() if "iso" in r]
    assert codes and [c for c in codes if c not in geo] == []
    points = [r for r in regions.values() if "lat" in r]
    assert {r["id"] for r in points} == {"quetta", "gwadar", "mastung", "noshki"}
    for r in points:
        parent = regions[r["parent"]]["iso"]
        assert geo.distance(parent, lon=r["lon"], lat=r["lat"]) <= TOLERANCE, r["id"]


def test_gwadar_needs_the_tolerance_and_quetta_does_not() -> None:
    """The simplified outline cuts Gwadar's peninsula: the tolerance is what lets it pass,
    and a point in the next country is still refused."""
    geo = load_geometry()
    assert geo.contains("PK-BA", lon=67.00141, lat=30.18414)  # Quetta, inside
    gwadar = geo.distance("PK-BA", lon=62.32541, lat=25.12163)
    assert 0 < gwadar <= TOLERANCE
    assert geo.distance("PK-BA", lon=61.2, lat=28.6) > TOLERANCE  # Zahedan, in Iran


def test_committed_file_is_what_the_recipe_builds(tmp_path: Path) -> None:
    if not (shutil.which("node") and shutil.which("npm")):  # under CI=true a skip fails
        pytest.skip("node and npm are not installed: cannot rebuild the boundary file here")
    work = tmp_path / "tools" / "geo"
    work.mkdir(parents=True)
    for name in ("package.json", "package-lock.json", "build.sh"):
        shutil.copy2(RECIPE / name, work / name)
    target = tmp_path / "generator" / "assets" / "geo"
    target.mkdir(parents=True)
    shutil.copy2(GEO_FILE, target / "geo.json")
    npm = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    installed = subprocess.run(npm, cwd=work, timeout=1500, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    check = subprocess.run(
        ["./build.sh", "--check"], cwd=work, timeout=600, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "is what this recipe builds" in check.stdout
