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
