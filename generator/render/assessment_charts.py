"""The assessments' two charts, as the other charts are: Plotly figure dicts with their
data tables (``charts.Chart``), drawn by the site's script, the table beside each.

- a region's level over time: a step line through its assessments, a marker on each
  shaped by its trend (up for deteriorated, down for improved, a dot for unchanged);
- calibration: each likelihood word's stated probability against how often what was
  stated with it happened, with the number of judgements, beside a perfect diagonal.

>>> level_over_time([], "Erewhon") is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

from ..content.assessments import ALERT_LABELS, LEVELS, TRENDS, Assessment, day_month_year
from ..content.scoring import Calibration, percent, two_decimals
from .charts import Chart, Table, _layout

_SYMBOLS = {"deteriorated": "triangle-up", "improved": "triangle-down", "unchanged": "circle"}


def level_over_time(history: Sequence[Assessment], region_name: str) -> Chart | None:
    """The level at each assessment of a region, oldest first."""
    if not history:
        return None
    title = f"Risk level in {region_name}, by assessment"
    days = [a.as_of.isoformat() for a in history]
    data: list[dict[str, object]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Level",
            "x": days,
            "y": [a.rank for a in history],
            "line": {"shape": "hv", "width": 2},
            "hoverinfo": "skip",
        }
    ]
    for trend in TRENDS:
        marked = [a for a in history if a.data.trend == trend]
        if marked:
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": trend.capitalize(),
                    "x": [a.as_of.isoformat() for a in marked],
                    "y": [a.rank for a in marked],
                    "marker": {"symbol": _SYMBOLS[trend], "size": 12},
                    "hoverinfo": "text",
                    "hovertext": [
                        f"{day_month_year(a.as_of)}: {a.data.level}, {trend}" for a in marked
                    ],
                }
            )
    figure = {
        "data": data,
        "layout": _layout(
            title,
            xaxis={"type": "date"},
            yaxis={
                "range": [-0.5, len(LEVELS) - 0.5],
                "tickvals": list(range(len(LEVELS))),
                "ticktext": list(LEVELS),
                "rangemode": "normal",
            },
        ),
    }
    rows = tuple(
        (
            a.as_of.isoformat(),
            a.data.level,
            a.data.trend,
            ALERT_LABELS[a.data.alert] if a.data.alert else "",
        )
        for a in history
    )
    table = Table(
        f"{title}: each assessment's level and trend",
        ("Assessed on", "Level", "Trend", "Alert"),
        rows,
    )
    label = f"Step chart of the risk level in {region_name}: " + "; ".join(
        f"{r[0]} {r[1]} ({r[2]})" for r in rows
    )
    return Chart("level-over-time", label, figure, table)


def calibration_chart(rows: Sequence[Calibration]) -> Chart | None:
    """Stated probability against how often it happened, a point per likelihood word."""
    if not rows:
        return None
    title = "Calibration: stated probability against how often it happened"
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Perfect calibration",
                "x": [0, 1],
                "y": [0, 1],
                "line": {"dash": "dot", "width": 1},
                "hoverinfo": "skip",
            },
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": "Judgements",
                "x": [float(r.probability) for r in rows],
                "y": [float(r.observed) for r in rows],
                "text": [f"n={r.n}" for r in rows],
                "textposition": "top center",
                "marker": {"size": [min(10 + 2 * r.n, 40) for r in rows]},
                "hoverinfo": "text",
                "hovertext": [
                    f"{r.word}: {r.happened} of {r.n} happened ({percent(r.observed)})"
                    for r in rows
                ],
            },
        ],
        "layout": _layout(
            title,
            height=380,
            xaxis={
                "range": [-0.03, 1.03],
                "tickformat": ".0%",
                "title": {"text": "Stated probability"},
            },
            yaxis={"range": [-0.05, 1.15], "tickformat": ".0%", "title": {"text": "Happened"}},
        ),
    }
    table = Table(
        "Resolved judgements by likelihood word: how often what was stated happened",
        ("Likelihood", "Stated probability", "Resolved", "Happened", "Share", "Brier score"),
        tuple(
            (
                r.word,
                percent(r.probability),
                str(r.n),
                str(r.happened),
                percent(r.observed),
                two_decimals(r.score.brier),
            )
            for r in rows
        ),
    )
    label = "Calibration chart: " + "; ".join(
        f"{r.word} ({percent(r.probability)}): {r.happened} of {r.n} happened" for r in rows
    )
    return Chart("calibration", label, figure, table)
