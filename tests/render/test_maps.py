"""What the maps hold, read from the built pages as a reader's browser gets them: the
front page's regions of the 90 days up to the newest briefing (not up to the build day),
points sized by number of briefings, areas and points coloured by reported killed; a
region's locator (itself, its parent, its children); the table beside each map. Fictional
places only: Erewhon and Velmora are invented points in open ocean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from fictional import fictional_content, fictional_entry

from generator.build import generate

VELMORA = """  - id: velmora
    name: Velmora
    parent: erewhon
    lat: -47.0
    lon: -126.0
    source: invented for tests (open South Pacific, where no land is)
"""


def _killed(n: int) -> list[dict[str, Any]]:
    return [
        {
            "group": "civilians",
            "killed": n,
            "reported_by": "Erewhon harbour office (invented)",
            "reported_on": "2030-01-02",
            "status": "official",
        }
    ]


def _site(tmp_path: Path, entries: list[dict[str, Any]]) -> dict[str, str]:
    content = fictional_content(tmp_path, entries, keep_real=False)
    tax = content / "taxonomy.yaml"
    tax.write_text(tax.read_text("utf-8").replace("\nthemes:", f"\n{VELMORA}themes:", 1))
    return generate(content, tmp_path).pages


def _map(page: str) -> tuple[list[dict[str, Any]], list[list[str]]]:
    soup = BeautifulSoup(page, "html.parser")
    block = soup.select_one("#chart-map")
    assert block is not None, "no map on the page"
    figure = json.loads(block.select_one(".bp-chart[data-map]")["data-figure"])
    table = block.find_next_sibling(class_="bp-table-wrap").select_one("table")
    rows = [[c.get_text() for c in tr.select("th, td")] for tr in table.select("tbody tr")]
    return figure["data"], rows


def test_the_front_page_maps_the_90_days_up_to_the_newest_briefing(tmp_path: Path) -> None:
    entries = [
        fictional_entry(0, regions=["velmora"], casualties=_killed(50)),  # 120 days before
        fictional_entry(31, casualties=_killed(3)),  # day 31: 89 days before the newest
        fictional_entry(100, regions=["velmora"], casualties=_killed(4)),
        fictional_entry(120, casualties=_killed(5)),  # the newest
    ]
    data, rows = _map(_site(tmp_path, entries)["index.md"])
    # Velmora's first briefing is older than 90 days: neither counted nor its 50 killed.
    assert rows == [["Erewhon", "2", "8"], ["Velmora", "1", "4"]]
    points = next(t for t in data if t["type"] == "scattergeo")
    assert points["customdata"] == ["regions/erewhon/", "regions/velmora/"]
    assert points["marker"]["color"] == [8, 4]  # coloured by current reported killed
    big, small = points["marker"]["size"]
    assert big > small  # sized by number of briefings
    assert [t["meta"] for t in data] == ["base", "value"]
    base = data[0]  # the land: charts.js lists its countries from the shared file
    assert base["geojson"] == "geo.json" and "locations" not in base


def test_a_quiet_month_before_the_build_still_shows_the_latest_picture(tmp_path: Path) -> None:
    """Built long after the newest briefing: the window runs up to that briefing."""
    content = fictional_content(tmp_path, [fictional_entry(0)], keep_real=False)
    import datetime as dt

    pages = generate(content, tmp_path, day=dt.date(2031, 6, 1)).pages
    _, rows = _map(pages["index.md"])
    assert rows == [["Erewhon", "1", "0"]]


def test_the_real_region_page_locates_balochistan_in_pakistan(tmp_path: Path) -> None:
    from conftest import ROOT

    out = generate(ROOT / "content", ROOT)
    pages = out.pages
    data, rows = _map(pages["regions/pk-ba.md"])
    by_meta = {t["meta"]: t for t in data if t["meta"] != "base" or t["type"] != "choropleth"}
    assert by_meta["context"]["locations"] == ["PK"]
    assert by_meta["focus"]["locations"] == ["PK-BA"]
    assert by_meta["member"]["customdata"] == [
        "regions/quetta/",
        "regions/gwadar/",
        "regions/mastung/",
        "regions/noshki/",
    ]
    assert rows[:3] == [
        ["Balochistan", "this region", "area (ISO 3166 PK-BA)", "1"],
        ["Pakistan", "within", "area (ISO 3166 PK)", ""],  # not its count: not keyed here
        ["Quetta", "part of it", "point (30.18, 67.00)", "1"],
    ]
    assert by_meta["member"]["text"][0] == "Quetta · 1 briefing"
    geo = next(t for t in data if t["type"] == "choropleth")
    assert geo["geojson"] == "geo.json"
    # South Asia is kept off the maps: its page draws its members.
    data, rows = _map(pages["regions/south-asia.md"])
    focus = next(t for t in data if t["meta"] == "focus")
    assert focus["locations"] == ["PK", "IN", "AF"]
    # Off the maps, World has no parent area; its page maps every member country.
    data, rows = _map(pages["regions/world.md"])
    # Each member says its briefings, counted with the regions within it.
    counts = {
        r.name: str(len(out.site.by_region[r.id])) for r in out.site.taxonomy.regions.values()
    }
    assert [row[3] for row in rows] == [counts[row[0]] for row in rows]
    assert {row[3] for row in rows} != {"0"}
    assert set(next(t for t in data if t["meta"] == "focus")["locations"]) == {
        "PK", "IN", "AF", "IR", "PS", "RU"
    }  # fmt: skip
