"""Accessibility: axe-core (from the npm registry, injected into the page) finds no serious
or critical violation on the home, article, region and theme pages, in the light
palette and after the reader switches to dark, with the charts drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED_ID

from .reader import Reader

pytestmark = pytest.mark.browser
PAGES = {
    "home": "",
    "article": f"articles/{SEED_ID}/",
    "region": "regions/pk-ba/",
    "theme": "themes/insurgency/",
}


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} elements]")
        for node in v["nodes"][:3]:
            lines.append(f"    {node['target']}: {node['html'][:120]}")
            lines.append("      " + node.get("failureSummary", "").replace("\n", " | ")[:300])
    return "\n".join(lines)


def _axe(reader: Reader, axe_js: Path) -> dict:
    if not reader.js("typeof window.axe === 'object'"):
        reader.page.add_script_tag(path=str(axe_js))
    result: dict = reader.js(
        "axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values:"
        " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    assert len(result["passes"]) > 20  # axe ran its rules on a real page
    return result


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violations(reader: Reader, axe_js: Path, name: str) -> None:
    assert_axe_clean(reader, axe_js, PAGES[name], name)


def assert_axe_clean(reader: Reader, axe_js: Path, path: str, name: str) -> None:
    """No serious or critical violation on ``path``, light and then dark, charts drawn."""
    reader.open(path)
    if reader.page.locator(".bp-chart").count():
        reader.scroll_to_charts()  # check the drawn charts, not empty containers
    for scheme in ("default", "slate"):  # light, then the reader switches to dark
        if scheme == "slate":
            reader.page.locator("label.md-header__button[for^='__palette']:visible").click()
            reader.page.wait_for_function(
                "document.body.getAttribute('data-md-color-scheme') === 'slate'"
            )
            # Move on from the button, and let its tooltip and the colours finish fading:
            # axe would measure half-faded colours.
            reader.page.mouse.move(5, 600)
            reader.js("document.activeElement && document.activeElement.blur()")
            reader.page.wait_for_function(
                "!document.querySelector('.md-tooltip--active')"
                " && document.getAnimations().length === 0"
            )
        result = _axe(reader, axe_js)
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, f"{name} ({scheme}):\n{_report(bad)}"
    reader.assert_clean()
