"""The layout settings most charts share, carried once by ``assets/charts.js`` instead of in
every page's figure (issue 17: ~0.6 KB an article page, 6 MB of a site of 10,000 entries).

A figure whose layout has every setting of a preset (any value) is written with the settings
equal to the preset's left out and ``"preset": <name>`` beside its data; charts.js puts the
preset's settings back under the layout before drawing (``merge``, the same rule in
JavaScript), so plotly.js draws exactly the figure ``render/charts.py`` or ``render/maps.py``
made. A figure that lacks one of a preset's settings is written whole: putting the setting
back would add one it never had. Values are compared by type too (``True`` is not ``1``).

tests/render/test_presets.py keeps charts.js's copy (between ``/*presets*/`` and
``/*end*/``) equal to ``PRESETS``.

>>> fig = {"data": [], "layout": {"showlegend": False, "dragmode": False, "height": 260,
...        "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "geo": {**PRESETS["map"]["geo"]}}}
>>> strip_preset(fig)
{'data': [], 'layout': {'height': 260}, 'preset': 'map'}
>>> merge(PRESETS["map"], strip_preset(fig)["layout"]) == fig["layout"]
True
"""

from __future__ import annotations

import json
from typing import Any

_HIDDEN_BASE_LAYERS = (
    "showland", "showocean", "showlakes", "showrivers",
    "showcountries", "showcoastlines", "showsubunits", "showframe",
)  # fmt: skip

#: By name: the settings charts share, stated here only: render/charts.py's ``_layout``
#: ("chart", plus the title) and render/maps.py's ``_layout`` ("map", plus the projection,
#: the ranges and the height) start from them.
PRESETS: dict[str, dict[str, Any]] = {
    "chart": {
        "margin": {"l": 10, "r": 10, "t": 48, "b": 10},
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True, "rangemode": "tozero"},
        "height": 320,
        "barmode": "group",
        "legend": {"orientation": "h", "y": -0.2},
    },
    "map": {
        "geo": {**dict.fromkeys(_HIDDEN_BASE_LAYERS, False), "bgcolor": "rgba(0,0,0,0)"},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "showlegend": False,
        "dragmode": False,
    },
}


def fresh(settings: dict[str, Any]) -> dict[str, Any]:
    """A copy of a preset's ``settings`` to build a layout on: its dicts new, its values
    (numbers, words, booleans) shared, as ``copy.deepcopy`` gives it in a fifth the time.

    >>> layout = fresh(PRESETS["chart"]); layout["margin"]["t"] = 0
    >>> PRESETS["chart"]["margin"]["t"], layout == PRESETS["chart"]
    (48, False)
    """
    return {k: fresh(v) if type(v) is dict else v for k, v in settings.items()}


def strip_preset(figure: dict[str, Any]) -> dict[str, Any]:
    """The figure as a page carries it: its layout less the first preset it has in full."""
    layout = figure.get("layout")
    if not isinstance(layout, dict) or "preset" in figure:
        return figure
    for name, preset in PRESETS.items():
        if _covers(layout, preset):
            return {**figure, "layout": _subtract(layout, preset), "preset": name}
    return figure


def merge(preset: dict[str, Any], layout: dict[str, Any]) -> dict[str, Any]:
    """The layout with the preset's settings it lacks put back (what charts.js does)."""
    out = dict(layout)
    for key, value in preset.items():
        if key not in out:
            out[key] = value
        elif isinstance(value, dict) and isinstance(out[key], dict):
            out[key] = merge(value, out[key])
    return out


def _covers(layout: dict[str, Any], preset: dict[str, Any]) -> bool:
    for key, value in preset.items():
        if key not in layout:
            return False
        if isinstance(value, dict) and not (
            isinstance(layout[key], dict) and _covers(layout[key], value)
        ):
            return False
    return True


#: Types whose values are equal exactly when their JSON is (floats are not: -0.0 == 0.0).
_EXACT = (str, int, bool)


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON: ``True`` is not ``1``, nor ``1`` ``1.0``.

    >>> _same(True, 1), _same(1, 1.0), _same("h", "h"), _same({"a": [1]}, {"a": [1]})
    (False, False, True, True)
    """
    if type(a) is type(b) and type(a) in _EXACT:  # (nearly every setting: no JSON made)
        return bool(a == b)
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _subtract(layout: dict[str, Any], preset: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in layout.items():
        if key not in preset:
            out[key] = value
        elif isinstance(value, dict) and isinstance(preset[key], dict):
            rest = _subtract(value, preset[key])
            if rest:  # an empty one is put back whole by the preset
                out[key] = rest
        elif not _same(value, preset[key]):
            out[key] = value
    return out
