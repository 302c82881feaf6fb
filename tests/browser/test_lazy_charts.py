"""Charts load when the reader comes to them, on a phone: nothing of plotly.js is fetched
for the first screen, each chart's box has its height before it is drawn (the page does
not move: no layout shift), its data table is on the page all along, and a chart that
cannot be loaded says where its figures are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import SEED_ID
from servers import StaticSite

from .conftest import new_reader
from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"
#: A 390 px phone (an iPhone 12 to 15's CSS width).
PHONE = {"width": 390, "height": 844}
#: Layout shifts not caused by the reader's own input, from the first paint on.
SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => list.getEntries().forEach(e => {
  if (!e.hadRecentInput) window.__shifts.push(e.value);
})).observe({type: 'layout-shift', buffered: true});"""
BOXES = """() => [...document.querySelectorAll('.bp-chart')].map(el => {
  const r = el.getBoundingClientRect();
  return {height: r.height, drawn: el.hasAttribute('data-drawn'),
          says: getComputedStyle(el, '::before').content};
})"""


@pytest.fixture()
def phone(browser: Any, served_site: StaticSite) -> Iterator[Reader]:
    reader = new_reader(browser, served_site.base, viewport=PHONE, is_mobile=True)
    reader.page.add_init_script(SHIFTS)
    yield reader
    reader.page.context.close()


def _drawn(reader: Reader, index: int) -> None:
    reader.page.wait_for_function(
        """i => { const el = document.querySelectorAll('.bp-chart')[i];
                  return el.hasAttribute('data-drawn') && el.querySelector('svg g.trace'); }""",
        arg=index,
    )


def test_plotly_loads_when_the_reader_scrolls_to_a_chart_and_nothing_moves(phone: Reader) -> None:
    reader, page = phone, phone.page
    reader.open(ARTICLE)
    page.wait_for_load_state("networkidle")  # everything the first screen asks for is in
    assert reader.plotly_fetches() == []
    before = reader.js(BOXES)
    # The boxes have the height of the charts to come (320 px each, the map 260), and say
    # what they are.
    chart, map_ = (
        '"Chart of the figures in the table below"',
        '"Map of the places in the table below"',
    )
    assert before == [
        {"height": h, "drawn": False, "says": says}
        for h, says in ((320, chart), (260, map_), (320, chart))
    ]
    assert page.locator("#chart-casualties + .bp-table-wrap table.bp-data").is_visible()

    page.locator(".bp-chart").first.scroll_into_view_if_needed()
    _drawn(reader, 0)
    assert len(reader.plotly_fetches()) == 1
    for i in (1, 2):
        page.locator(".bp-chart").nth(i).scroll_into_view_if_needed()
        _drawn(reader, i)
    after = reader.js(BOXES)
    assert [b["height"] for b in after] == [320, 260, 320] and all(b["drawn"] for b in after)
    assert len(reader.plotly_fetches()) == 1  # once for the page, whatever its charts
    assert reader.js("window.__shifts") == []  # no layout shift at all
    reader.assert_clean()


def test_a_chart_that_cannot_load_says_where_its_figures_are(phone: Reader) -> None:
    """Offline in the field: plotly.js does not arrive; the box says so and the table stays."""
    reader, page = phone, phone.page
    page.route("**/plotly-briefing.min.js", lambda route: route.abort("internetdisconnected"))
    reader.open(ARTICLE)
    page.locator(".bp-chart").first.scroll_into_view_if_needed()
    page.wait_for_selector(".bp-chart[data-failed]")
    box = reader.js(BOXES)[0]
    assert box["says"] == '"The chart could not be loaded: its figures are in the table below."'
    assert box["height"] == 320 and not box["drawn"]
    table = page.locator("#chart-casualties + .bp-table-wrap table.bp-data")
    assert table.is_visible() and "Sarfaraz Bugti" in table.inner_text()
    assert [p for p in reader.problems if "plotly-briefing.min.js" not in p] == []


def test_print_shows_drawn_charts_and_only_the_tables_of_the_others(phone: Reader) -> None:
    reader, page = phone, phone.page
    reader.open(ARTICLE)
    page.emulate_media(media="print")
    blocks, tables = page.locator(".bp-chart-block"), page.locator("table.bp-data")
    assert blocks.count() == tables.count() == 3
    # Nothing drawn yet: no empty boxes on paper, every table printed.
    assert [b.is_visible() for b in blocks.all()] == [False, False, False]
    assert all(t.is_visible() for t in tables.all())

    page.emulate_media(media="screen")
    page.locator(".bp-chart").first.scroll_into_view_if_needed()
    page.wait_for_selector("#chart-casualties.bp-drawn")
    page.emulate_media(media="print")
    assert [b.is_visible() for b in blocks.all()] == [True, False, False]
    assert all(t.is_visible() for t in tables.all())
    reader.assert_clean()


def test_the_front_page_overview_waits_below_the_first_phone_screen(phone: Reader) -> None:
    """The front page: lead story and latest briefings first; the map and the overview
    chart are below the first screen (and its margin), so a reader who only glances loads
    no plotly.js and no boundary file."""
    reader, page = phone, phone.page
    reader.open("")
    page.wait_for_load_state("networkidle")
    the_map = page.locator("#chart-map .bp-chart")
    top = the_map.evaluate("el => el.getBoundingClientRect().top")
    assert top > PHONE["height"] + 300  # below the screen and the observer's margin
    chart = page.locator("#chart-casualties-over-time .bp-chart")
    assert chart.evaluate("el => el.getBoundingClientRect().top") > top
    assert [u for u in reader.requests if "/geo/" in u] == []
    lead = page.locator("article.bp-lead").bounding_box()
    assert lead is not None and lead["y"] < PHONE["height"] / 2  # the story comes first
    assert reader.plotly_fetches() == []
    chart.scroll_into_view_if_needed()
    _drawn(reader, 0)
    assert len(reader.plotly_fetches()) == 1
    reader.assert_clean()


def test_a_region_page_on_a_phone_fetches_no_plotly_until_scrolled(phone: Reader) -> None:
    """/regions/pk-ba/ on the shipped site is short: its locator map comes last, after the
    text, so a reader who reads the first screen loads neither plotly.js nor the boundary
    file (above the briefings it did, and Lighthouse's blocking time went from 59 to 631 ms)."""
    reader, page = phone, phone.page
    reader.open("regions/pk-ba/")
    page.wait_for_load_state("networkidle")
    charts = page.locator(".bp-chart")
    tops = charts.evaluate_all("els => els.map(el => el.getBoundingClientRect().top)")
    assert tops and min(tops) > PHONE["height"] + 300  # below the screen and the margin
    assert reader.plotly_fetches() == [] and [u for u in reader.requests if "/geo/" in u] == []
    assert reader.scroll_to_charts() == len(tops)
    assert len(reader.plotly_fetches()) == 1
    reader.assert_clean()
