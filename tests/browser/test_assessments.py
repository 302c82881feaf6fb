"""Assessments in Chromium, on the site of issue 13's scenario (``conftest.assessed_site``):
the region page's badge is its word on its colour and the level chart is drawn; axe-core
finds no serious or critical violation on the new pages, light and dark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_ID
from servers import StaticSite

from .conftest import reading
from .reader import Reader
from .test_a11y import assert_axe_clean

pytestmark = pytest.mark.browser
PAGES = {
    "region": "regions/pk-ba/",
    "assessment": "assessments/pk-ba/2026-02-01/",
    "watch": "watch/",
    "snapshot": "watch/2026/01/",
    "track-record": "track-record/",
    "home": "",
    "cited article": f"articles/{SEED_ID}/",
    "parent region": "regions/pk/",
}


@pytest.fixture()
def assessed_reader(browser: Any, assessed_site: StaticSite) -> Iterator[Reader]:
    with reading(browser, assessed_site.base) as r:
        yield r


def test_the_badge_is_a_word_on_a_colour_and_the_level_chart_is_drawn(
    assessed_reader: Reader,
) -> None:
    r = assessed_reader
    r.open("regions/pk-ba/")
    badge = r.page.locator(".bp-region-assessment .bp-level")
    assert badge.inner_text() == "HIGH"  # the word, shown in capitals
    colours = r.js(
        """el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color,
                  getComputedStyle(document.body).backgroundColor]""",
        badge.element_handle(),
    )
    background, text, page = colours
    assert background not in ("rgba(0, 0, 0, 0)", page) and text != background
    trend = r.page.locator(".bp-region-assessment .bp-trend")
    assert trend.inner_text() == "▲ deteriorated"
    assert trend.locator("[aria-hidden=true]").inner_text() == "▲"
    assert r.scroll_to_charts() >= 1
    chart = r.page.locator("#chart-level-over-time .bp-chart")
    assert chart.get_attribute("data-drawn") is not None
    # the step line and one marker per assessment, drawn by plotly.js
    assert chart.locator("g.scatterlayer path.js-line").count() >= 1
    assert chart.locator("g.scatterlayer path.point").count() == 2
    assert chart.get_attribute("role") == "img"
    assert "2026-02-01 high (deteriorated)" in (chart.get_attribute("aria-label") or "")


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violations_on_assessment_pages(
    assessed_reader: Reader, axe_js: Path, name: str
) -> None:
    assert_axe_clean(assessed_reader, axe_js, PAGES[name], name)


def test_the_watchlist_map_draws_balochistan_by_its_level(assessed_reader: Reader) -> None:
    from .test_maps import MAP_LINKS, POINT_IN_TRACE

    r = assessed_reader
    r.open("watch/")
    r.page.locator(".bp-chart[data-map]").scroll_into_view_if_needed()
    r.page.wait_for_function(
        "() => document.querySelector('.bp-chart[data-map][data-drawn] .choroplethlayer path')"
    )
    assert r.js(POINT_IN_TRACE, [67.0, 30.18, "level"])  # Quetta lies in the coloured area
    assert not r.js(POINT_IN_TRACE, [74.35, 31.55, "level"])  # Lahore does not
    name = "Balochistan · high · ▲ deteriorated · 1 February 2026"
    assert r.js(MAP_LINKS) == [["link", name]]
    assert [u for u in r.requests if not u.startswith(r.base)] == []
    r.page.locator(f'.bp-chart[data-map] [aria-label="{name}"]').focus()
    r.page.keyboard.press("Enter")
    r.wait_for_page("regions/pk-ba/", "Balochistan")
