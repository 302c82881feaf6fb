"""The site's one plotly.js: the committed custom bundle is exactly what its pinned recipe
(``tools/plotly-bundle/``) builds, says what it holds, and holds every trace the site draws.

The rebuild needs node, npm and the npm registry (``npm ci`` of the pinned lockfile, ~10 s
with a warm npm cache); under CI it must run (``ci_skips``: a skip fails there), since a
skip could hide a hand-edited or stale bundle.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

RECIPE = ROOT / "tools" / "plotly-bundle"
BUNDLE = ROOT / "generator" / "assets" / "plotly-briefing.min.js"
LICENCES = BUNDLE.with_name("plotly-briefing.min.LICENSE.txt")
HEADER = re.compile(
    r"\* plotly\.js v(?P<version>[\d.]+) \(custom: (?P<traces>[a-z, ]+) - minified\)"
)


def _header() -> re.Match[str]:
    found = HEADER.search(BUNDLE.read_bytes()[:300].decode("ascii"))
    assert found, "the bundle's first comment does not say which plotly.js and traces it holds"
    return found


def _registered() -> list[str]:
    """The traces ``index.js`` registers on plotly.js's core."""
    entry = (RECIPE / "index.js").read_text("utf-8")
    found = re.findall(r"require\('plotly\.js/lib/([a-z]+)'\)", entry)
    assert found[0] == "core"
    return found[1:]


def test_bundle_header_names_the_pinned_version_and_the_registered_traces() -> None:
    pinned = json.loads((RECIPE / "package.json").read_text())["devDependencies"]["plotly.js"]
    lock = json.loads((RECIPE / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/plotly.js"]["version"] == pinned
    header = _header()
    assert header["version"] == pinned
    assert header["traces"].split(", ") == _registered()
    assert "Licensed under the MIT license" in BUNDLE.read_bytes()[:300].decode("ascii")
    assert LICENCES.read_text("utf-8").count(f"plotly.js@{pinned}  (MIT)") == 1


def test_every_trace_the_site_draws_is_in_the_bundle(built_site: Path) -> None:
    """A chart type added to ``render/charts.py`` without adding it to the bundle would
    draw nothing: every figure of the built site uses only the bundle's traces, and the
    bundle carries the geo traces the maps need."""
    bundled = set(_header()["traces"].split(", "))
    drawn = set()
    for page in built_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for el in soup.select("[data-figure]"):
            drawn |= {t.get("type", "scatter") for t in json.loads(str(el["data-figure"]))["data"]}
    # the real site today: the seed's ledger and the risk counts, and the maps
    assert drawn == {"bar", "choropleth", "scattergeo"}
    assert drawn <= bundled
    assert {"bar", "heatmap", "scatter", "scattergeo", "choropleth"} == bundled


def test_committed_bundle_is_what_the_recipe_builds(tmp_path: Path) -> None:
    if not (shutil.which("node") and shutil.which("npm")):  # under CI=true a skip fails
        pytest.skip("node and npm are not installed: cannot rebuild plotly.js here")
    work = tmp_path / "plotly-bundle"
    work.mkdir()
    for name in ("package.json", "package-lock.json", "index.js", "build.mjs"):
        shutil.copy2(RECIPE / name, work / name)
    npm = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    installed = subprocess.run(npm, cwd=work, timeout=900, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    check = subprocess.run(
        ["node", "build.mjs", "--check", str(BUNDLE)],
        cwd=work,
        timeout=300,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.count("matches a rebuild from plotly.js") == 2  # bundle and licences
