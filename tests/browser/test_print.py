"""Printing the seed article: the print stylesheet drops the site's navigation and keeps
each chart's data table (the figures must survive on paper)."""

from __future__ import annotations

import pytest
from conftest import SEED_ID

from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"
NAVIGATION = {
    "header": ".md-header",
    "tabs": ".md-tabs",
    # (no navigation sidebar on an article: its column holds the "at a glance" box)
    "table of contents": ".md-sidebar--secondary",
    "footer": ".md-footer",
    "search": ".md-search",
    "region and theme chips": ".bp-chips",
}


def test_print_hides_navigation_and_keeps_chart_tables(reader: Reader) -> None:
    reader.open(ARTICLE)
    reader.scroll_to_charts()
    page = reader.page
    for name, selector in NAVIGATION.items():
        assert page.locator(selector).first.is_visible(), f"{name} not shown on screen"

    page.emulate_media(media="print")
    shown = [name for name, sel in NAVIGATION.items() if page.locator(sel).first.is_visible()]
    assert not shown, f"printed with: {shown}"

    assert reader.h1().startswith("Pakistan Reports 145 Militants")
    glance = page.locator(".bp-glance")  # printed, without its chips (links)
    assert glance.is_visible() and "145 militants killed" in glance.inner_text()
    assert glance.locator("dt", has_text="Regions").is_hidden()
    tables = page.locator("table.bp-data")
    assert tables.count() == page.locator(".bp-chart").count() == 3  # 2 charts, 1 map
    for table in tables.all():
        assert table.is_visible() and table.locator("caption").is_visible()
        assert table.locator("tbody tr").first.is_visible()
    casualties = page.locator("#chart-casualties + .bp-table-wrap table.bp-data")
    assert "Sarfaraz Bugti" in casualties.inner_text()
    reader.assert_clean()
