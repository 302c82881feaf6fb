"""Assessments for tests: the issue's scenario on a copy of the project, and fictional ones.

The shipped ``content/`` holds no assessment (the seed holds none, and a judgement about a
real place would be invented). The scenario of issue 13 ("Done when") is two assessments
of ``pk-ba`` written here into a temporary copy of the project, each saying it is a test
fixture; everything else uses the invented Erewhon (``fictional.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import SEED_ID

FIXTURE_NOTE = "Test fixture, invented for the suite: not a judgement on any real place."


def assessment(region: str, as_of: str, **fields: Any) -> dict[str, Any]:
    """An assessment of ``region`` on ``as_of`` (YYYY-MM-DD); ``fields`` override."""
    data: dict[str, Any] = {
        "region": region,
        "as_of": as_of,
        "level": "medium",
        "trend": "unchanged",
        "headline": f"Test assessment of {region} on {as_of}",
        "summary": f"Nothing changed in this invented test case. {FIXTURE_NOTE}",
        "author": "Test Analyst",
        "evidence": [],
        "judgements": [],
    }
    data.update(fields)
    return data


def judgement(**fields: Any) -> dict[str, Any]:
    """An invented judgement, due 2031-06-30; ``fields`` override."""
    data: dict[str, Any] = {
        "id": "j",
        "statement": "Invented.",
        "likelihood": "likely",
        "by": "2031-06-30",
    }
    data.update(fields)
    return data


def write_assessments(content: Path, items: list[dict[str, Any]]) -> list[Path]:
    """Each assessment at ``content/assessments/<yyyy>/<region>-<as_of>.yaml`` (JSON is YAML)."""
    paths = []
    for item in items:
        folder = content / "assessments" / item["as_of"][:4]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{item['region']}-{item['as_of']}.yaml"
        path.write_text(json.dumps(item, ensure_ascii=False, indent=1), "utf-8")
        paths.append(path)
    return paths


#: The scenario of issue 13: January medium and unchanged, one *likely* judgement that
#: happened; February high and deteriorated with a risk alert, citing the seed article, one
#: *unlikely* judgement that did not. Brier: ((0.675 - 1)^2 + (0.325 - 0)^2) / 2 = 0.105625.
JANUARY = assessment(
    "pk-ba",
    "2026-01-15",
    headline="Test fixture: January assessment",
    summary=f"Violence held at its recent level in this invented case. {FIXTURE_NOTE}",
    judgements=[
        {
            "id": "pkba-2026-01-a",
            "statement": "Test fixture: an invented statement that came true.",
            "likelihood": "likely",
            "by": "2026-01-31",
            "outcome": {"resolved_on": "2026-02-01", "happened": True},
        }
    ],
)
FEBRUARY = assessment(
    "pk-ba",
    "2026-02-01",
    level="high",
    trend="deteriorated",
    alert="risk-alert",
    alert_text="Test fixture: an invented alert.",
    headline="Test fixture: February assessment",
    summary=f"Coordinated attacks raised the level in this invented case. {FIXTURE_NOTE}",
    body=["An invented paragraph of the test fixture."],
    evidence=[SEED_ID],
    judgements=[
        {
            "id": "pkba-2026-02-a",
            "statement": "Test fixture: an invented statement that did not come true.",
            "likelihood": "unlikely",
            "by": "2026-02-28",
            "outcome": {
                "resolved_on": "2026-03-01",
                "happened": False,
                "note": "Invented outcome note.",
            },
        }
    ],
)
