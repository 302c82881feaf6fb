"""Entry text in charts shows as typed in a real browser: plotly.js reads its labels as a
little HTML (``<a href>``, ``<b>``, ``<br>``, entities), so markup in who reported a figure
(the hover label) or in a region's or theme's name (the chart title) would become a live
off-site link or change the text. Each such text carries markup and entities here; the
drawn chart must show them literally and hold no link. Fictional places only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import mkdocs_build
from fictional import fictional_entry, fictional_project
from servers import base_url, bound_socket, serve_static, stop_static

from .conftest import new_reader
from .reader import Reader

pytestmark = pytest.mark.browser
MARKUP = '<a href="https://example.org/lure">Velmora</a> & <b>bold</b> &lt;i&gt; &amp;<br>end'
REPORTED_BY = f"Velmora office {MARKUP}"
REGION = f"Erewhon {MARKUP}"
THEME = f"Insurgency {MARKUP}"
ENTRY = fictional_entry(
    1,
    casualties=[
        {
            "group": "civilians",
            "killed": 7,
            "reported_by": REPORTED_BY,
            "reported_on": "2030-01-02",
            "status": "claimed",
        }
    ],
)
#: What a chart shows and what it holds: its title, every hover label, and its links.
CHART_TEXT = """el => ({
  title: [...el.querySelectorAll('.gtitle')].map(t => t.textContent),
  hover: [...el.querySelectorAll('.hoverlayer .hovertext text')].map(t => t.textContent),
  links: el.querySelectorAll('svg a').length,
  bold: [...el.querySelectorAll('svg tspan')]
    .filter(t => /bold/.test(t.getAttribute('style') || '')).length,
})"""


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def site(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = fictional_project(tmp_path_factory.mktemp("chart-text"), [ENTRY])
    content = project / "content"
    tax = content / "taxonomy.yaml"
    text = tax.read_text("utf-8")
    text = text.replace("    name: Erewhon\n", f"    name: {_quoted(REGION)}\n", 1)
    text = text.replace("    name: Insurgency\n", f"    name: {_quoted(THEME)}\n", 1)
    tax.write_text(text, "utf-8")
    root = project / "built"
    root.mkdir()
    sock = bound_socket()  # the address is ours before the site that names it is built
    base = base_url(sock)
    result = mkdocs_build(project, root, env={"SITE_URL": base})
    assert result.returncode == 0, result.stderr
    server, _ = serve_static(root, sock)
    yield base
    stop_static(server)


def _chart(reader: Reader, path: str, selector: str) -> dict[str, Any]:
    reader.open(path)
    reader.scroll_to_charts()
    return dict(reader.page.locator(selector).evaluate(CHART_TEXT))


def test_who_reported_a_figure_shows_literally_in_the_hover_label(browser: Any, site: str) -> None:
    reader = new_reader(browser, site)
    try:
        reader.open(f"articles/{ENTRY['id']}/")
        reader.scroll_to_charts()
        chart = reader.page.locator("#chart-casualties .bp-chart")
        chart.locator("g.trace.bars path").first.hover(force=True)
        reader.page.wait_for_selector("#chart-casualties .hoverlayer .hovertext")
        shown = dict(chart.evaluate(CHART_TEXT))
        assert shown["hover"] == [f"7 killed, reported by {REPORTED_BY} (claimed)"]
        assert shown["links"] == 0 and shown["bold"] == 0
        reader.assert_clean()
    finally:
        reader.page.context.close()


@pytest.mark.parametrize(
    ("path", "title"),
    [("regions/erewhon/", f"Reported killed in {REGION}"),
     ("themes/insurgency/", f"Reported killed: {THEME}")],
)  # fmt: skip
def test_a_region_or_theme_name_shows_literally_in_its_chart_title(
    browser: Any, site: str, path: str, title: str
) -> None:
    reader = new_reader(browser, site)
    try:
        shown = _chart(reader, path, "#chart-casualties-over-time .bp-chart")
        assert shown["title"] == [title]
        assert shown["links"] == 0 and shown["bold"] == 0
        reader.assert_clean()
    finally:
        reader.page.context.close()


def test_a_region_name_shows_literally_on_the_maps(browser: Any, site: str) -> None:
    """The region's name reaches a map's hover label and its place's accessible name."""
    reader = new_reader(browser, site)
    try:
        reader.open(f"articles/{ENTRY['id']}/")
        reader.scroll_to_charts()
        place = reader.page.locator("#chart-map [role=link]")
        assert place.get_attribute("aria-label") == REGION
        place.hover(force=True)
        reader.page.wait_for_selector("#chart-map .hoverlayer .hovertext")
        shown = dict(reader.page.locator("#chart-map .bp-chart").evaluate(CHART_TEXT))
        assert shown["hover"] == [REGION]
        assert shown["links"] == 0 and shown["bold"] == 0
        reader.open("")
        reader.scroll_to_charts()
        home = reader.page.locator("#chart-map [role=link]")
        assert home.get_attribute("aria-label") == f"{REGION} · 1 briefing · 7 reported killed"
        reader.assert_clean()
    finally:
        reader.page.context.close()
