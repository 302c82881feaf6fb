"""The figure specs carry entry text escaped for plotly.js (``&`` ``<`` ``>`` as entities),
so it is shown as typed (tests/browser/test_chart_text.py shows it in a browser); the data
tables beside the charts keep the text itself (Jinja escapes it for HTML)."""

from __future__ import annotations

import datetime as dt

from generator.content.schema import Casualty
from generator.render import charts

MARKUP = '<a href="https://example.org/">Velmora</a> & <b>co</b> &amp;'
ESCAPED = (
    '&lt;a href="https://example.org/"&gt;Velmora&lt;/a&gt; &amp; &lt;b&gt;co&lt;/b&gt; &amp;amp;'
)


def test_who_reported_a_figure_is_escaped_in_the_hover_text_not_in_the_table() -> None:
    figure = Casualty(
        group="civilians",
        killed=7,
        reported_by=MARKUP,
        reported_on=dt.date(2030, 1, 2),
        status="claimed",
    )
    chart = charts.casualty_ledger([figure])
    assert chart is not None
    assert chart.figure["data"][0]["hovertext"] == [f"7 killed, reported by {ESCAPED} (claimed)"]
    assert chart.table.rows[0][3] == MARKUP


def test_a_title_made_of_a_name_is_escaped() -> None:
    table = charts.Table("caption", (), ())
    chart = charts.Chart("x", "label", {"layout": {"title": {"text": f"In {MARKUP}"}}}, table)
    assert chart.figure == {"layout": {"title": {"text": f"In {ESCAPED}"}}}


def test_each_chart_box_reserves_the_height_its_figure_will_have() -> None:
    """Charts are drawn as the reader comes near them: the box has the drawn chart's
    height from the start (the risk grid is taller than the bar charts)."""
    from generator.content.schema import Risk
    from generator.render.html import make_blocks_env

    risks = [Risk(text="A risk", category="security", likelihood="likely", impact="high")]
    by_category, grid = charts.risk_categories(risks)
    assert by_category is not None and grid is not None
    env = make_blocks_env()
    for chart, height in ((by_category, 320), (grid, 380)):
        assert chart.figure["layout"]["height"] == chart.height == height
        assert f'style="height: {height}px"' in env.globals["chart_html"](chart)
