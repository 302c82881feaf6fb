"""The seed article as a reader's browser shows it: the charts draw, each with an accessible
name and its data table, and nothing on the page reports an error."""

from __future__ import annotations

import re

import pytest
from conftest import SEED_ID

from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"


def test_charts_draw_with_accessible_names_and_data_tables(reader: Reader) -> None:
    reader.open(ARTICLE)
    assert reader.h1().startswith("Pakistan Reports 145 Militants Killed")
    assert reader.scroll_to_charts() == 3  # casualties, risk categories, the map

    chart = reader.page.locator("#chart-casualties .bp-chart")
    # Plotly drew bars into an SVG: one path per figure (145, 92, 17, 31), the groups on
    # the axis.
    assert chart.locator("svg.main-svg g.trace.bars path").count() == 4
    ticks = chart.locator("svg.main-svg .ytick text, svg.main-svg .xtick text").all_text_contents()
    groups = {t.split(" · ")[0] for t in ticks}
    assert {"Militants", "Security forces", "Civilians"} <= groups, ticks
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200

    table = reader.page.locator("#chart-casualties + .bp-table-wrap table.bp-data")
    assert table.is_visible()
    rows = table.locator("tbody tr").all_inner_texts()
    assert any("145" in r and "Sarfaraz Bugti" in r for r in rows), rows
    assert any("92" in r and "Pakistan military" in r for r in rows), rows

    # What assistive technology is given: each chart an image named by its figures, each
    # data table a caption and column and row headers.
    page = reader.page
    named = page.get_by_role("img", name=re.compile(r"145.*militants|militants.*145", re.I))
    assert named.count() == 1 and named.first.is_visible()
    charts = page.locator(".bp-chart")
    assert charts.evaluate_all("els => els.map(e => e.getAttribute('role'))") == [
        "img",
        "group",  # the map: its places are links
        "img",
    ]
    assert charts.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))") == [
        "Bar chart of reported killed by figure: Militants 145 (official); Militants 92"
        " (official (superseded)); Security forces 17 (official); Civilians 31 (official)",
        "Map of the article's regions: Balochistan, Quetta, Gwadar, Mastung, Noshki",
        "Bar chart of risks by category: security 1, infrastructure 1, diplomatic 1",
    ]

    tables = page.locator("table.bp-data").all()
    headers = [
        ["Group", "Killed", "Injured", "Reported by", "Reported on", "Period", "Status", "Note"],
        ["Region", "Drawn as"],
        ["Category", "Risks"],
    ]
    assert len(tables) == len(headers)
    for table, expected, rows in zip(tables, headers, (4, 5, 3), strict=True):
        caption = table.locator("caption")
        assert caption.is_visible() and caption.inner_text().strip()
        assert table.locator("thead th[scope=col]").all_inner_texts() == expected
        assert table.locator("tbody tr").count() == rows
        assert table.locator("tbody th[scope=row]").count() == rows
    reader.assert_clean()
