"""``briefing new --assessment``: a skeleton assessment, every field commented.

As ``scaffold.py`` does for articles: the comments are the field reference's words (the
descriptions in ``content/assessments.py``), nothing is filled in that the analyst did
not give (the region and the day), and the file is written at its conventional path,
``content/assessments/<yyyy>/<region>-<yyyy-mm-dd>.yaml``, never over another.

>>> assessment_path(Path("content"), "pk-ba", dt.date(2026, 2, 1)).as_posix()
'content/assessments/2026/pk-ba-2026-02-01.yaml'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..content.assessments import LEVELS, AssessmentIn
from ..content.load import Path_
from ..content.model import Taxonomy
from ..reference import describe_models
from . import yaml_writer
from .scaffold import _wrap, field_comment, item_comments

#: The YAML language server checks the file against the committed schema as it is typed.
SCHEMA_LINE = "yaml-language-server: $schema=../../../schema/assessment.schema.json"


def assessment_path(content: Path, region: str, as_of: dt.date) -> Path:
    """Where the assessment of ``region`` on ``as_of`` lives."""
    return content / "assessments" / f"{as_of.year:04d}" / f"{region}-{as_of.isoformat()}.yaml"


def render_new_assessment(region: str, as_of: dt.date, taxonomy: Taxonomy) -> str:
    """The skeleton: the schema line, then every field with its comment."""
    models = describe_models(AssessmentIn)
    top = models[0]
    given: dict[str, Any] = {"region": region, "as_of": as_of}
    data: dict[str, Any] = {}
    above: dict[Path_, list[str]] = {}
    for doc in top.fields:
        if doc.name in given:
            data[doc.name] = given[doc.name]
        elif doc.kind.startswith("list of"):
            data[doc.name] = []
        else:
            data[doc.name] = None if doc.required == "no" else ""
        above[(doc.name,)] = ["", *_wrap(field_comment(doc)), *item_comments(doc, models)]
    above[("region",)] += _wrap(
        f"This is {taxonomy.regions[region].name}; ids in content/taxonomy.yaml.", "  "
    )
    above[("level",)] += _wrap(f"One of: {', '.join(LEVELS)} (see the methodology page).", "  ")
    above[("judgements",)] += [
        "  An outcome, once known: {resolved_on: YYYY-MM-DD, happened: true or false, note: ...}"
    ]
    header = [
        SCHEMA_LINE,
        "A new assessment, written by `briefing new --assessment`. The comment above each",
        "field says what it holds (the full reference is CONTRIBUTING.md). Fill in every",
        "field marked Required; leave the others empty or delete them. Add each judgement's",
        "outcome later, once it is known. Then run `briefing validate`.",
    ]
    return yaml_writer.dump(data, header=header, above=above)
