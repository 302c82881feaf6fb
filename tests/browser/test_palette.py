"""Dark mode: the charts follow Material's palette. Their text takes the page's text colour,
their background stays transparent over the page's, and they stay drawn when toggled."""

from __future__ import annotations

import re

import pytest
from conftest import SEED_ID

from .conftest import new_reader
from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"

#: colours a reader sees: chart text (tick and legend labels), chart and page backgrounds.
CHART_COLOURS = """() => {
  const svg = document.querySelector('#chart-casualties .bp-chart svg.main-svg');
  const texts = [...svg.querySelectorAll('.xtick text, .ytick text, .legendtext')];
  return {
    text: [...new Set(texts.map(t => getComputedStyle(t).fill))],
    chart: getComputedStyle(svg).backgroundColor,
    page: getComputedStyle(document.body).backgroundColor,
    scheme: document.body.getAttribute('data-md-color-scheme'),
  };
}"""


def _rgba(css: str) -> tuple[float, float, float, float]:
    nums = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (nums[0], nums[1], nums[2], nums[3] if len(nums) > 3 else 1.0)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg_css: str, bg_css: str) -> float:
    """WCAG contrast of ``fg`` (alpha-blended onto ``bg``) against ``bg``."""
    *fg, alpha = _rgba(fg_css)
    bg = _rgba(bg_css)[:3]
    seen = tuple(alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True))
    hi, lo = sorted((_luminance(seen), _luminance(bg)), reverse=True)  # type: ignore[arg-type]
    return (hi + 0.05) / (lo + 0.05)


def _assert_readable(colours: dict, scheme: str) -> None:
    assert colours["scheme"] == scheme
    assert _rgba(colours["chart"])[3] == 0, f"chart background is not transparent: {colours}"
    page_dark = _luminance(_rgba(colours["page"])[:3]) < 0.2
    assert page_dark == (scheme == "slate"), colours
    assert len(colours["text"]) == 1, colours  # one text colour for ticks and legend
    assert contrast(colours["text"][0], colours["page"]) >= 4.5, colours


def _toggle(reader: Reader, to: str) -> None:
    # The one visible palette button toggles (Material's tooltips take its title away).
    reader.page.locator("label.md-header__button[for^='__palette']:visible").click()
    scheme = "slate" if to == "dark" else "default"
    reader.page.wait_for_function(
        f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'"
    )


def test_palette_toggle_recolours_charts_and_keeps_them_drawn(reader: Reader) -> None:
    reader.open(ARTICLE)
    charts = reader.scroll_to_charts()
    light = reader.js(CHART_COLOURS)
    _assert_readable(light, "default")

    _toggle(reader, "dark")
    reader.page.wait_for_function(
        "t => getComputedStyle(document.querySelector("
        "'#chart-casualties .bp-chart svg.main-svg .ytick text')).fill !== t",
        arg=light["text"][0],
    )
    dark = reader.js(CHART_COLOURS)
    _assert_readable(dark, "slate")
    assert dark["text"] != light["text"]
    assert reader.scroll_to_charts() == charts

    _toggle(reader, "light")
    reader.page.wait_for_function(
        "t => getComputedStyle(document.querySelector("
        "'#chart-casualties .bp-chart svg.main-svg .ytick text')).fill === t",
        arg=light["text"][0],
    )
    assert reader.js(CHART_COLOURS) == light
    assert reader.scroll_to_charts() == charts
    reader.assert_clean()


def test_charts_drawn_in_dark_mode_from_the_first_load(browser, served_site) -> None:
    """A reader whose system prefers dark gets the slate palette and readable charts."""
    reader = new_reader(browser, served_site.base, color_scheme="dark")
    try:
        reader.open(ARTICLE)
        reader.scroll_to_charts()
        _assert_readable(reader.js(CHART_COLOURS), "slate")
        reader.assert_clean()
    finally:
        reader.page.context.close()
