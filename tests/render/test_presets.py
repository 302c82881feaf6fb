"""The layout settings charts share are written once, in assets/charts.js, not in every
page's figure (render/presets.py): a page's figure is its layout less its preset, and
putting the preset back gives the very figure render/charts.py and render/maps.py made."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import ROOT, SEED_ID, page_soup

from generator.render.presets import PRESETS, merge, strip_preset

CHARTS_JS = ROOT / "generator" / "assets" / "charts.js"


def _figures(site: Path, page: str) -> list[dict[str, Any]]:
    soup = page_soup(site, page)
    return [json.loads(str(el["data-figure"])) for el in soup.select(".bp-chart[data-figure]")]


def test_charts_js_holds_the_same_presets() -> None:
    found = re.search(r"/\*presets\*/(.*?)/\*end\*/", CHARTS_JS.read_text("utf-8"), re.S)
    assert found is not None, "charts.js has no /*presets*/ ... /*end*/"
    assert json.loads(found.group(1)) == PRESETS


def test_the_seed_articles_charts_leave_their_shared_settings_to_the_preset(
    built_site: Path,
) -> None:
    figures = _figures(built_site, f"articles/{SEED_ID}")
    presets = sorted(f.get("preset", "") for f in figures)
    assert "chart" in presets and "map" in presets, presets
    for figure in figures:
        preset = PRESETS[figure["preset"]]
        layout = figure["layout"]
        # Not one setting equal to the preset's is written again.
        for key, value in preset.items():
            if isinstance(value, dict):
                kept = layout.get(key, {})
                assert all(kept.get(k) != v for k, v in value.items()), (key, kept)
            else:
                assert layout.get(key) != value, key


def test_putting_the_preset_back_gives_the_figure_that_was_made() -> None:
    from generator.render import charts, maps

    made = [
        {"data": [], "layout": charts._layout("Risks by category", yaxis={"dtick": 1})},
        {"data": [], "layout": charts._layout("Ledger", barmode="overlay", height=400,
                                               yaxis={"autorange": "reversed"})},
        {"data": [], "layout": maps._layout("article", None)},
        {"data": [], "layout": maps._layout("region", (10.0, 20.0, 12.0, 22.0))},
    ]  # fmt: skip
    for figure in made:
        page = strip_preset(figure)
        assert "preset" in page, figure
        assert len(json.dumps(page)) < len(json.dumps(figure))
        restored = merge(PRESETS[page["preset"]], page["layout"])
        assert json.dumps(restored, sort_keys=True) == json.dumps(figure["layout"], sort_keys=True)


def test_a_figure_without_every_setting_of_a_preset_is_written_whole() -> None:
    # Putting the preset back would add a legend this chart never had.
    layout = charts_layout_without("legend")
    figure = {"data": [], "layout": layout}
    assert strip_preset(figure) == figure


def test_a_value_of_another_type_is_not_taken_for_the_presets() -> None:
    # 1 == True in Python; plotly.js reads them differently in places: kept as written.
    layout = charts_layout_without()
    layout["xaxis"] = {"automargin": 1}
    page = strip_preset({"data": [], "layout": layout})
    assert page["layout"]["xaxis"] == {"automargin": 1}


def charts_layout_without(*keys: str) -> dict[str, Any]:
    from generator.render import charts

    layout = charts._layout("A chart")
    for key in keys:
        del layout[key]
    return layout
