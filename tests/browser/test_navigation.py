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


def _fetches(reader: Reader, path: str) -> int:
    return reader.requests.count(reader.url(path))


def test_material_starts_once_and_back_forward_and_search_work_across_pages(
    reader: Reader,
) -> None:
    """Material's script and the search script start once per visit, however the reader
    moves: instant navigation, back, forward, a search result. Started twice, Material
    would fetch its sitemap and each page twice, and the search box would run twice."""
    reader.open(instant=True)
    reader.js(f"{MARKER} = 1")
    assert reader.js("document.documentElement.classList.contains('js')")  # Material ran

    reader.page.locator(f".md-content article a[href$='{ARTICLE}']").first.click()
    reader.wait_for_page(ARTICLE, "Pakistan Reports 145")
    assert _fetches(reader, ARTICLE) == 1
    reader.page.locator(".bp-chips a[href$='regions/pk-ba/']").click()
    reader.wait_for_page("regions/pk-ba/", "Balochistan")
    assert _fetches(reader, "regions/pk-ba/") == 1

    reader.page.go_back()
    reader.wait_for_page(ARTICLE, "Pakistan Reports 145")
    reader.page.go_back()
    reader.wait_for_page("", "Regional Risk Briefing")
    reader.page.go_forward()
    reader.wait_for_page(ARTICLE, "Pakistan Reports 145")
    assert reader.scroll_to_charts() == 3  # two charts and the map

    # The search box, after all that: one query, one answer, and its result is followed
    # in the same document.
    box = reader.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Balochistan", delay=20)
    reader.page.locator(".md-search-result mark", has_text="Balochistan").first.wait_for()
    pagefind_js = [u for u in reader.requests if u.endswith("/pagefind/pagefind.js")]
    assert len(pagefind_js) == 1, pagefind_js
    reader.page.locator(".md-search-result__item a[href*='regions/pk-ba/']").first.click()
    reader.wait_for_page("regions/pk-ba/", "Balochistan")
    assert reader.scroll_to_charts() == 2  # the map and the chart

    assert reader.js(MARKER) == 1, "a full page load happened"
    assert _fetches(reader, "sitemap.xml") == 1  # Material set up instant navigation once
    assert len(reader.plotly_fetches()) == 1
    reader.assert_clean()


def _icons_drawn(reader: Reader) -> list[str]:
    """The sprite's icons on the page that draw nothing (a 0×0 box: the file or the symbol
    not found), by their reference; hidden ones (a palette toggle not shown) left out."""
    return reader.js(
        """[...document.querySelectorAll("svg use")]
             .filter(u => u.closest("svg").getClientRects().length)
             .filter(u => { const b = u.getBBox(); return !(b.width && b.height); })
             .map(u => u.getAttribute("xlink:href"))"""
    )


def test_the_sprites_icons_draw_on_a_page_and_after_instant_navigation(reader: Reader) -> None:
    # The logo, a palette toggle and the search box's magnifier come from one file
    # (partials/briefing-icon.html); the drawer's logo comes in with each page.
    reader.open(instant=True)
    reader.page.wait_for_function("document.querySelector('svg use').getBBox().width > 0")
    assert _icons_drawn(reader) == []
    reader.js(f"{MARKER} = 1")
    reader.page.locator(f".md-content article a[href$='{ARTICLE}']").first.click()
    reader.wait_for_page(ARTICLE, "Pakistan Reports 145")
    assert reader.js(MARKER) == 1, "a full page load, not instant navigation"
    assert _icons_drawn(reader) == []
    reader.assert_clean()
