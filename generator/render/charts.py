"""Plotly figures as plain dicts, each with the same data as a table.

A dict costs microseconds and ~1 KB; ``plotly.graph_objects`` + ``to_json`` costs ~17 ms
and ~7 KB of template per chart, so the build path never imports plotly. Colours are
left to ``assets/charts.js``, which follows Material's light/dark palette.

>>> fig, table = risk_categories([])
>>> fig is None
True
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..content.model import Entry
from ..content.schema import CASUALTY_GROUPS, LIKELIHOOD, RISK_CATEGORIES, SEVERITY, Casualty, Risk
from .presets import PRESETS, fresh

Figure = dict[str, Any]
#: Height of a chart whose layout names none (plotly.js's own default is 450).
DEFAULT_HEIGHT: int = PRESETS["chart"]["height"]

GROUP_LABELS = {
    "militants": "Militants",
    "security-forces": "Security forces",
    "civilians": "Civilians",
    "unspecified": "Unspecified",
}
#: How a figure of each group reads in a sentence: "145 militants killed", "12 killed".
KILLED_PHRASE = {
    "militants": "militants killed",
    "security-forces": "security forces killed",
    "civilians": "civilians killed",
    "unspecified": "killed",
}


@dataclass(frozen=True)
class Table:
    """A chart's data for readers without the chart: screen readers, no-JS, print."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Too wide for a phone: on a narrow screen each row is shown as a card, a label
    #: before each value (briefing.css), and stays a table to assistive technology.
    stacked: bool = False


def plotly_text(text: str) -> str:
    """Text as plotly.js shows it literally in a chart's labels, hover text and titles.

    plotly.js reads its strings as a little HTML (``svg_text_utils``): a ``<...>`` part
    whose name is one of its tags (``a``, ``b``, ``br``, ``span`` ...) becomes markup, a
    link included, and entities (``&lt;``, ``&#60;``) in the rest are decoded. So ``&``
    and ``<`` (and ``>``, to match) are written as entities: nothing is read as a tag,
    and each entity decodes back to the character an editor typed.

    >>> plotly_text('Ana <a href="https://x.org">&amp; co</a>')
    'Ana &lt;a href="https://x.org"&gt;&amp;amp; co&lt;/a&gt;'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_PLAIN = (int, float, bool, type(None))


def _for_plotly(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:  # (most of a figure: numbers; checked first, by type alone)
        return value
    if isinstance(value, str):
        return plotly_text(value) if "&" in value or "<" in value or ">" in value else value
    if isinstance(value, dict):
        return {k: v if type(v) in _PLAIN else _for_plotly(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in _PLAIN else _for_plotly(v) for v in value]
    return value


@dataclass(frozen=True)
class Chart:
    """One figure, its accessible name and its data table.

    Every string of the figure is made literal for plotly.js (:func:`plotly_text`) here,
    where every chart passes: entry text (who reported a figure, a region's name) reaches
    hover labels, tick labels and titles, and must show as typed. A figure built here
    therefore carries no markup of its own.
    """

    id: str
    label: str
    figure: Figure
    table: Table
    #: A map whose places open their pages (click, or Enter once focused): a group of
    #: links to assistive technology rather than one image (``render/maps.py``).
    interactive: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "figure", _for_plotly(self.figure))

    @property
    def height(self) -> int:
        """The drawn chart's height in CSS pixels, reserved before it is drawn (the page
        does not move when it is: charts are drawn as the reader comes near them)."""
        return int(self.figure["layout"].get("height", DEFAULT_HEIGHT))


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    # The settings charts share, stated once (render/presets.py: pages leave them out).
    layout: dict[str, Any] = {"title": {"text": title}, **fresh(PRESETS["chart"])}
    for key, value in extra.items():  # merge axis settings rather than replace them
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            value = {**layout[key], **value}
        layout[key] = value
    return layout


def _short_date(d: Any) -> str:
    return f"{d:%b} {d.day}, {d.year}"


def casualty_ledger(casualties: Sequence[Casualty]) -> Chart | None:
    """Every reported figure as its own bar, superseded ones faded: 92 -> 145 stays visible."""
    if not casualties:
        return None
    traces: dict[bool, dict[str, Any]] = {}
    labels: list[str] = []
    for c in casualties:
        label = f"{GROUP_LABELS[c.group]} · {_short_date(c.reported_on)}"
        if label in labels:  # two figures for one group on one day stay two bars
            label = f"{label} ({sum(x.startswith(label) for x in labels) + 1})"
        labels.append(label)
        t = traces.setdefault(
            c.superseded,
            {
                "type": "bar",
                "orientation": "h",
                "name": "Superseded figure" if c.superseded else "Current figure",
                "x": [],
                "y": [],
                "text": [],
                "hovertext": [],
                "textposition": "auto",
                "hoverinfo": "text",
                "marker": {"opacity": 0.45 if c.superseded else 1.0},
            },
        )
        t["x"].append(c.killed)
        t["y"].append(label)
        t["text"].append(str(c.killed))
        t["hovertext"].append(f"{c.killed} killed, reported by {c.reported_by} ({c.status})")
    figure = {
        "data": [traces[k] for k in (False, True) if k in traces],
        "layout": _layout(
            "Reported killed, by figure",
            barmode="overlay",
            yaxis={
                "autorange": "reversed",
                "automargin": True,
                "categoryorder": "array",
                "categoryarray": labels,
            },
            xaxis={"rangemode": "tozero"},
        ),
    }
    rows = tuple(
        (
            GROUP_LABELS[c.group],
            str(c.killed),
            "" if c.injured is None else str(c.injured),
            c.reported_by,
            c.reported_on.isoformat(),
            c.period or "",
            c.status + (" (superseded)" if c.superseded else ""),
            c.note or "",
        )
        for c in casualties
    )
    table = Table(
        "Casualty figures as reported, with who reported them and when",
        ("Group", "Killed", "Injured", "Reported by", "Reported on", "Period", "Status", "Note"),
        rows,
        stacked=True,
    )
    return Chart(
        "casualties",
        "Bar chart of reported killed by figure: "
        + "; ".join(f"{r[0]} {r[1]} ({r[6]})" for r in rows),
        figure,
        table,
    )


def key_figure(casualties: Sequence[Casualty]) -> Casualty | None:
    """The figure a front page shows of a story: the current (not superseded) figure with
    the most killed, the first such in the ledger on a tie; None if there is none.

    >>> key_figure([]) is None
    True
    """
    current = [c for c in casualties if not c.superseded]
    return max(current, key=lambda c: c.killed, default=None)


#: One entry's part of the casualty charts: (year, month, group, killed) of each figure
#: it counts (:func:`casualty_counts`).
Counts = tuple[tuple[int, int, str, int], ...]


def casualty_counts(entry: Entry) -> Counts:
    """The current (not superseded) figures of ``entry``, by its month: its part of
    :func:`casualties_over_time` (small, so a cache keeps it by entry: a chart of every
    entry then reads no entry's article)."""
    date = entry.article.date
    return tuple(
        (date.year, date.month, c.group, c.killed)
        for c in entry.article.casualties
        if not c.superseded
    )


def casualties_over_time(
    entries: Iterable[Entry], title: str, counts: Callable[[Entry], Counts] = casualty_counts
) -> Chart | None:
    """Current (not superseded) killed per month of briefing, stacked by group;
    ``counts`` gives each entry's figures (:func:`casualty_counts`, or kept copies of it).

    Months keep the chart and its table bounded however many briefings a region has.
    """
    totals: dict[tuple[int, int], Counter[str]] = {}
    for e in entries:  # (a region's first page sums every entry within it: kept lean)
        for year, month, group, killed in counts(e):
            at = totals.get((year, month))
            if at is None:
                at = totals[(year, month)] = Counter()
            at[group] += killed
    if not totals:
        return None
    months = sorted(totals)
    labels = [f"{dt.date(y, m, 1):%b %Y}" for y, m in months]
    groups = [g for g in CASUALTY_GROUPS if any(totals[m][g] for m in months)]
    figure = {
        "data": [
            {
                "type": "bar",
                "name": GROUP_LABELS[g],
                "x": labels,
                "y": [totals[m][g] for m in months],
            }
            for g in groups
        ],
        "layout": _layout(title, barmode="stack", xaxis={"type": "category"}),
    }
    rows = tuple(
        (lbl, *(str(totals[m][g]) for g in groups)) for lbl, m in zip(labels, months, strict=True)
    )
    table = Table(
        f"{title}: current figures summed by month of briefing (superseded figures "
        "left out; briefings on the same events may overlap)",
        ("Month", *(GROUP_LABELS[g] for g in groups)),
        rows,
    )
    return Chart("casualties-over-time", f"Stacked bar chart: {title}", figure, table)


def risk_categories(risks: Sequence[Risk]) -> tuple[Chart | None, Chart | None]:
    """Risk counts by category, and a likelihood × impact grid where both are given."""
    counts = Counter(r.category or "uncategorised" for r in risks)
    by_category = None
    if risks:
        cats = [c for c in (*RISK_CATEGORIES, "uncategorised") if counts[c]]
        figure = {
            "data": [{"type": "bar", "x": cats, "y": [counts[c] for c in cats], "name": "Risks"}],
            "layout": _layout("Risks by category", yaxis={"dtick": 1, "rangemode": "tozero"}),
        }
        table = Table(
            "Number of risks in each category",
            ("Category", "Risks"),
            tuple((c, str(counts[c])) for c in cats),
        )
        by_category = Chart(
            "risk-categories",
            "Bar chart of risks by category: " + ", ".join(f"{c} {counts[c]}" for c in cats),
            figure,
            table,
        )
    graded = [r for r in risks if r.likelihood and r.impact]
    grid = None
    if graded:
        cell = Counter((r.likelihood, r.impact) for r in graded)
        z = [[cell[(lk, im)] for im in SEVERITY] for lk in LIKELIHOOD]
        figure = {
            "data": [
                {
                    "type": "heatmap",
                    "x": list(SEVERITY),
                    "y": list(LIKELIHOOD),
                    "z": z,
                    "colorscale": "Reds",
                    "showscale": False,
                    "hoverongaps": False,
                }
            ],
            "layout": _layout(
                "Risks by likelihood and impact",
                height=380,
                xaxis={"title": {"text": "Impact"}},
                yaxis={"title": {"text": "Likelihood (ICD 203)"}, "automargin": True},
            ),
        }
        rows = tuple(
            (str(lk), str(im), str(n))
            for (lk, im), n in sorted(
                cell.items(), key=lambda kv: (LIKELIHOOD.index(kv[0][0]), SEVERITY.index(kv[0][1]))
            )
        )
        table = Table(
            "Risks graded by likelihood and impact", ("Likelihood", "Impact", "Risks"), rows
        )
        grid = Chart("risk-grid", "Heat map of risks by likelihood and impact", figure, table)
    return by_category, grid


#: One entry's risks as :func:`top_risks` ranks them: (-likelihood, -impact) of each.
Grades = tuple[tuple[int, int], ...]


def risk_grades(entry: Entry) -> Grades:
    """Each risk of ``entry`` graded, in order (small, so a cache keeps it by entry: the
    gravest of a region's risks are then found reading the articles of the five alone)."""
    return tuple(
        (-_rank(LIKELIHOOD, r.likelihood), -_rank(SEVERITY, r.impact)) for r in entry.article.risks
    )


def top_risks(
    entries: Sequence[Entry], n: int = 5, grades: Callable[[Entry], Grades] = risk_grades
) -> list[tuple[Risk, Entry]]:
    """The gravest risks first (likelihood, then impact), newest first among equals;
    ``grades`` gives each entry's (:func:`risk_grades`, or kept copies of it)."""
    places = top_risk_places(entries, n, grades)
    return [(entries[i].article.risks[j], entries[i]) for i, j in places]


def top_risk_places(
    entries: Iterable[Entry], n: int = 5, grades: Callable[[Entry], Grades] = risk_grades
) -> list[tuple[int, int]]:
    """Where :func:`top_risks` are: (the entry's place in ``entries``, the risk's in it)."""
    scored = (
        (likelihood, impact, i, j)
        for i, e in enumerate(entries)
        for j, (likelihood, impact) in enumerate(grades(e))
    )
    return [(i, j) for *_, i, j in heapq.nsmallest(n, scored)]


def _rank(scale: Sequence[str], word: str | None) -> int:
    return scale.index(word) if word else -1
