"""The settings charts share reach plotly.js from assets/charts.js (render/presets.py leaves
them out of each page's figure): drawn on the seed article, each chart has its preset's
margins, legend and axes, and the map its hidden base layers, fixed view and no legend."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import SEED_ID

from generator.render.presets import PRESETS, merge

from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"

#: Each drawn chart's figure as the page has it, and the layout plotly.js was given.
DRAWN = """() => [...document.querySelectorAll('.bp-chart[data-drawn]')].map(el => ({
  figure: JSON.parse(el.getAttribute('data-figure')), layout: el.layout}))"""


def _leaves(tree: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for key, value in tree.items():
        path = (*prefix, key)
        out += _leaves(value, path) if isinstance(value, dict) else [path]
    return out


def _at(tree: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        tree = tree[key]
    return tree


def test_each_drawn_chart_has_its_presets_settings(reader: Reader) -> None:
    reader.open(ARTICLE)
    reader.scroll_to_charts()
    drawn = reader.page.evaluate(DRAWN)
    assert {d["figure"].get("preset") for d in drawn} >= {"chart", "map"}, drawn
    for d in drawn:
        preset = PRESETS[d["figure"]["preset"]]
        made = merge(preset, d["figure"]["layout"])  # the figure render/ made
        for path in _leaves(preset):
            assert _at(d["layout"], path) == _at(made, path), (path, json.dumps(d["figure"]))
