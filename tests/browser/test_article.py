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
    assert reader.wait_for_charts() >= 2  # casualties and risk categories

    chart = reader.page.locator("#chart-casualties .bp-chart")
    # Plotly drew bars into an SVG: one path per bar, and the groups on the axis.
    assert chart.locator("svg.main-svg g.trace.bars path").count() >= 3
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
    for chart in page.locator(".bp-chart").all():
        assert chart.get_attribute("role") == "img"
        assert len((chart.get_attribute("aria-label") or "").strip()) > 20

    tables = page.locator("table.bp-data").all()
    assert len(tables) == page.locator(".bp-chart").count()
    for table in tables:
        caption = table.locator("caption")
        assert caption.is_visible() and caption.inner_text().strip()
        headers = table.locator("thead th[scope=col]").all_inner_texts()
        assert len(headers) >= 2 and all(h.strip() for h in headers), headers
        assert table.locator("tbody th[scope=row]").count() == table.locator("tbody tr").count()
    reader.assert_clean()
