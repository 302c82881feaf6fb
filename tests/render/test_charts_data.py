"""Casualties over time, summed by month, as a reader reads them in the table under the
chart: only current figures count (a superseded figure is history, not an extra death),
across every briefing of the month. Fictional entries about the invented Erewhon."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from fictional import fictional_content, fictional_entry

from generator.build import generate


def figure(group: str, killed: int, day: str, superseded: bool = False) -> dict[str, Any]:
    return {
        "group": group,
        "killed": killed,
        "reported_by": "Erewhon harbour office (invented)",
        "reported_on": day,
        "status": "official",
        "superseded": superseded,
    }


def test_monthly_totals_sum_current_figures_of_every_briefing(tmp_path: Path) -> None:
    entries = [
        fictional_entry(
            1,
            casualties=[
                figure("militants", 10, "2030-01-02", superseded=True),
                figure("militants", 12, "2030-01-02"),
                figure("civilians", 3, "2030-01-02"),
            ],
        ),
        fictional_entry(
            19,
            casualties=[
                figure("militants", 5, "2030-01-20"),
                figure("civilians", 1, "2030-01-20", superseded=True),
                figure("civilians", 2, "2030-01-20"),
            ],
        ),
        fictional_entry(33, casualties=[figure("security-forces", 4, "2030-02-03")]),
        fictional_entry(40, casualties=[figure("civilians", 9, "2030-02-10", superseded=True)]),
    ]
    content = fictional_content(tmp_path, entries, keep_real=False)
    page = generate(content, tmp_path).pages["regions/erewhon.md"]
    soup = BeautifulSoup(page, "html.parser")
    block = soup.select_one("#chart-casualties-over-time")
    table = block.find_next_sibling(class_="bp-table-wrap").select_one("table")
    text = [[re.sub(r"\s+", " ", c.get_text()).strip() for c in tr.select("th, td")]
            for tr in table.select("tr")]  # fmt: skip
    assert text == [
        ["Month", "Militants", "Security forces", "Civilians"],
        ["Jan 2030", "17", "0", "5"],
        ["Feb 2030", "0", "4", "0"],
    ]
    data = json.loads(block.select_one(".bp-chart")["data-figure"])["data"]
    assert [(t["name"], t["x"], t["y"]) for t in data] == [
        ("Militants", ["Jan 2030", "Feb 2030"], [17, 0]),
        ("Security forces", ["Jan 2030", "Feb 2030"], [0, 4]),
        ("Civilians", ["Jan 2030", "Feb 2030"], [5, 0]),
    ]
