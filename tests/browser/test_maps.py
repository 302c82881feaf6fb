"""Maps in Chromium, as a reader meets them: drawn from the site's own boundary file with
no request leaving the site, Balochistan placed where it is, places that open their pages
by click and by keyboard, the palette followed, and instant navigation survived."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SEED_ID

from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"
MAP = ".bp-chart[data-map]"

#: Whether the point (lon, lat) falls in the drawn shape of the map's trace ``meta``
#: (focus, context ...): projected as plotly.js projects it, then tested against the
#: SVG path itself in the same coordinates.
POINT_IN_TRACE = """([lon, lat, meta]) => {
  const el = document.querySelector('.bp-chart[data-map]');
  const geo = el._fullLayout.geo._subplot;
  const [x, y] = geo.projection([lon, lat]);
  const traces = [...el.querySelectorAll('.choroplethlayer .trace')]
    .filter(g => g.__data__[0].trace.meta === meta);
  return traces.some(g => [...g.querySelectorAll('path.choroplethlocation')]
    .some(p => p.isPointInFill(new DOMPoint(x, y))));
}"""

#: The map's links for the keyboard: name and role of each focusable place.
MAP_LINKS = """() => [...document.querySelectorAll('.bp-chart[data-map] [tabindex="0"]')]
  .map(p => [p.getAttribute('role'), p.getAttribute('aria-label')])"""

#: The rows of the table after the map.
TABLE_ROWS = """() => [...document.querySelector('.bp-chart[data-map]').closest('figure')
  .nextElementSibling.querySelectorAll('tbody tr')]
  .map(tr => [...tr.children].map(c => c.textContent.trim()))"""

#: The fill of the first shape of the trace ``meta``.
FILL = """meta => {
  const g = [...document.querySelectorAll('.bp-chart[data-map] .choroplethlayer .trace')]
    .find(g => g.__data__[0].trace.meta === meta);
  return getComputedStyle(g.querySelector('path.choroplethlocation')).fill;
}"""


def _outside(reader: Reader) -> list[str]:
    return [u for u in reader.requests if not u.startswith(reader.base)]


def _draw_map(reader: Reader, path: str) -> None:
    reader.open(path)
    reader.page.locator(MAP).scroll_into_view_if_needed()
    reader.page.wait_for_function(
        "() => document.querySelector('.bp-chart[data-map][data-drawn] .choroplethlayer path')"
    )


def _block_outside(reader: Reader) -> list[str]:
    """Abort (and list) every request to another origin, as an offline reader would see."""
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(reader.base):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    reader.page.route("**/*", route)
    return blocked


def test_the_home_map_draws_from_the_site_alone(reader: Reader) -> None:
    blocked = _block_outside(reader)
    _draw_map(reader, "")
    assert blocked == [] and _outside(reader) == []
    geo = [u for u in reader.requests if u.endswith("/assets/briefing/geo/geo.json")]
    assert len(geo) == 1  # the one boundary file, fetched once
    assert reader.js(POINT_IN_TRACE, [67.0, 28.5, "value"])  # Balochistan is coloured
    assert not reader.js(POINT_IN_TRACE, [-60.0, -10.0, "value"])  # Brazil is not
    # Each place's name and figures, as its row in the table beside the map says them.
    names = [name for _, name in reader.js(MAP_LINKS)]
    rows = reader.js(TABLE_ROWS)
    assert rows and sorted(names) == sorted(
        f"{name} · {n} briefing{'s' * (n != '1')} · {killed} reported killed"
        for name, n, killed in rows
    )
    assert any(n.startswith("Balochistan · 1 briefing · ") for n in names)


def test_the_region_map_places_balochistan_within_pakistan(reader: Reader) -> None:
    blocked = _block_outside(reader)
    _draw_map(reader, "regions/pk-ba/")
    assert blocked == [] and _outside(reader) == []
    # Quetta lies in the highlighted province; Lahore's point (Punjab) and Kabul do not.
    assert reader.js(POINT_IN_TRACE, [67.0, 30.18, "focus"])
    assert not reader.js(POINT_IN_TRACE, [74.35, 31.55, "focus"])
    assert reader.js(POINT_IN_TRACE, [74.35, 31.55, "context"])  # ... but lies in Pakistan
    assert not reader.js(POINT_IN_TRACE, [69.17, 34.53, "context"])
    links = reader.js(MAP_LINKS)
    assert ["link", "Quetta · 1 briefing"] in links and ["link", "Noshki · 1 briefing"] in links
    assert ["link", "Pakistan"] in links  # the parent: its name only
    assert all(role == "link" for role, _ in links)


def test_enter_on_a_place_opens_its_page(reader: Reader) -> None:
    _draw_map(reader, "regions/pk-ba/")
    place = reader.page.locator(f'{MAP} [aria-label^="Gwadar"]')
    place.focus()
    reader.page.keyboard.press("Enter")
    reader.wait_for_page("regions/gwadar/", "Gwadar")


def test_a_click_on_a_place_opens_its_page(reader: Reader) -> None:
    _draw_map(reader, "regions/pk-ba/")
    box = reader.page.locator(f'{MAP} [aria-label^="Mastung"]').bounding_box()
    assert box is not None
    reader.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    reader.wait_for_page("regions/mastung/", "Mastung")


def test_the_article_map_and_the_dark_palette(reader: Reader) -> None:
    _draw_map(reader, ARTICLE)
    assert reader.js(POINT_IN_TRACE, [67.0, 30.18, "focus"])
    light = reader.js(FILL, "focus")
    reader.js("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
    reader.page.wait_for_function(f"() => ({FILL})('focus') !== {light!r}")
    assert reader.js(FILL, "base") == "rgb(43, 48, 59)"  # the dark land


def test_maps_survive_instant_navigation(reader: Reader) -> None:
    reader.open(ARTICLE, instant=True)
    reader.js("window.__sameDocument = 1")
    reader.page.locator(".bp-chips a[href$='regions/pk-ba/']").first.click()
    reader.wait_for_page("regions/pk-ba/", "Balochistan")
    reader.page.locator(MAP).scroll_into_view_if_needed()
    reader.page.wait_for_function(
        "() => document.querySelector('.bp-chart[data-map][data-drawn] .choroplethlayer path')"
    )
    assert reader.js("window.__sameDocument") == 1  # swapped in, not loaded
    assert reader.js(POINT_IN_TRACE, [67.0, 30.18, "focus"])
    assert _outside(reader) == []
