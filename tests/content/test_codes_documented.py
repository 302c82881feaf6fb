"""Every code a problem can end in is explained in CONTRIBUTING.md ("What the codes
mean"), and every code explained there is one the checks use: the table is kept true."""

from __future__ import annotations

import re

from conftest import ROOT

CODE = re.compile(r"briefing\.[a-z]+(?:-[a-z]+)*")


def _documented() -> set[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    table = text.split("## What the codes mean", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `briefing.")]
    return {code for row in rows for code in CODE.findall(row.split(" | ")[0])}


def _used() -> set[str]:
    """Codes in the generator's source (whole literals) and in the fixtures' messages
    (which hold the codes made from a prefix, such as briefing.unknown-region)."""
    found = set()
    for path in (ROOT / "generator").rglob("*.py"):
        found |= set(re.findall(r'"(briefing\.[a-z-]*[a-z])"', path.read_text("utf-8")))
    for path in (ROOT / "tests" / "fixtures" / "invalid").glob("*.expected"):
        found |= {m[1:-1] for m in re.findall(r"\[briefing\.[a-z-]+\]", path.read_text("utf-8"))}
    # (not codes: the asset file briefing.css, a docstring's made-up example)
    return found - {"briefing.css", "briefing.x"}


def test_every_code_is_explained_and_every_explained_code_is_used() -> None:
    documented, used = _documented(), _used()
    assert sorted(used - documented) == [], "codes without an explanation in CONTRIBUTING.md"
    assert sorted(documented - used) == [], "explained codes nothing uses"
