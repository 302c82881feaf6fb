"""Material's instant navigation: pages are swapped in without a reload, so the chart
script must draw again on every page it brings in, with plotly.js fetched only once."""

from __future__ import annotations

import pytest
from conftest import SEED_ID

from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"
MARKER = "window.__sameDocument"


def _charts_drawn_after_instant_navigation(reader: Reader, path: str, heading: str) -> int:
    reader.wait_for_page(path, heading)
    count = reader.scroll_to_charts()
    # Still the document the reader first loaded: no full page load happened.
    assert reader.js(MARKER) == 1, f"{path} was a full page load, not instant navigation"
    return count


def test_instant_navigation_draws_charts_on_every_page(reader: Reader) -> None:
    reader.open(instant=True)
    reader.js(f"{MARKER} = 1")

    reader.page.locator(f".md-content article a[href$='{ARTICLE}']").first.click()
    assert _charts_drawn_after_instant_navigation(reader, ARTICLE, "Pakistan Reports 145") == 3

    reader.page.locator(".bp-chips a[href$='regions/pk-ba/']").click()
    assert _charts_drawn_after_instant_navigation(reader, "regions/pk-ba/", "Balochistan") == 2
    # listed under Briefings, and as the source of each of its three top risks
    region_list = reader.page.locator(".md-content article a[href$='" + ARTICLE + "']")
    assert region_list.count() == 4

    reader.page.go_back()
    assert _charts_drawn_after_instant_navigation(reader, ARTICLE, "Pakistan Reports 145") == 3

    fetched = reader.plotly_fetches()
    assert len(fetched) == 1, fetched
    reader.assert_clean()


def test_plotly_loads_only_when_a_page_with_a_chart_comes_in(reader: Reader) -> None:
    reader.open("about/", instant=True)
    assert reader.page.locator(".bp-chart").count() == 0
    assert reader.plotly_fetches() == []
    reader.js(f"{MARKER} = 1")

    reader.page.locator(".md-tabs__link", has_text="Home").click()
    assert _charts_drawn_after_instant_navigation(reader, "", "Regional Risk Briefing") == 2
    assert len(reader.plotly_fetches()) == 1
    reader.assert_clean()
