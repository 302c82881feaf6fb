"""Golden files: the seed entry and the Markdown it becomes, side by side.

Regenerate after an intended change with::

    BRIEFING_UPDATE_GOLDEN=1 pytest tests/render/test_golden.py

and review the diff of ``tests/golden/`` before committing.
"""

from __future__ import annotations

import os

import pytest
from conftest import ROOT, SEED_ID

from generator.build import generate

GOLDEN = ROOT / "tests" / "golden"
PAGES = [
    f"articles/{SEED_ID}.md",
    "regions/pk-ba.md",
    "themes/insurgency.md",
    "index.md",
    "archive/2026/02.md",
    "regions/index.md",
]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return generate(ROOT / "content", ROOT).pages


@pytest.mark.parametrize("page", PAGES)
def test_generated_markdown_matches_golden(pages: dict[str, str], page: str) -> None:
    golden = GOLDEN / page
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[page], encoding="utf-8")
    assert pages[page] == golden.read_text(encoding="utf-8")
