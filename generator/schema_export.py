"""The JSON Schema (draft 2020-12) of an entry, generated from the pydantic input models.

Editors get completion and inline errors from it (``# yaml-language-server: $schema=...``
at the top of an entry); the site publishes it at ``/schema/article.schema.json``; the
committed copy in ``schema/`` is regenerated with
``briefing schema -o schema/article.schema.json --force`` and a test keeps it current.

The schema is a *subset* of what ``briefing validate`` checks: it cannot know the
taxonomy's ids, other entries, or whether 2026-02-30 exists.

>>> schema = article_schema()
>>> schema["$schema"], schema["properties"]["id"]["type"]
('https://json-schema.org/draft/2020-12/schema', 'string')
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .content.assessments import AssessmentIn
from .content.schema import SCHEMA_VERSION, ArticleIn, TaxonomyIn

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Where the site publishes the article schema, relative to the site root.
SITE_PATH = "schema/article.schema.json"
#: ... and the assessment schema.
ASSESSMENT_PATH = "schema/assessment.schema.json"


def _schema(
    model: type[BaseModel], title: str, source: str = "generator/content/schema.py"
) -> dict[str, Any]:
    body = model.model_json_schema(mode="validation")
    body.pop("title", None)
    return {
        "$schema": DRAFT,
        "title": title,
        "$comment": f"Generated from {source} "
        f"(format version {SCHEMA_VERSION}) by `briefing schema`; do not edit by hand.",
        **body,
    }


def article_schema() -> dict[str, Any]:
    """The schema of one entry file under ``content/articles/``."""
    return _schema(ArticleIn, "Briefing entry (content/articles/YYYY/<id>.yaml)")


def assessment_schema() -> dict[str, Any]:
    """The schema of one assessment file under ``content/assessments/``."""
    return _schema(
        AssessmentIn,
        "Assessment (content/assessments/YYYY/<region>-<as_of>.yaml)",
        "generator/content/assessments.py",
    )


def taxonomy_schema() -> dict[str, Any]:
    """The schema of ``content/taxonomy.yaml``."""
    return _schema(TaxonomyIn, "Briefing taxonomy (content/taxonomy.yaml)")


def schema_json(schema: dict[str, Any]) -> str:
    """Stable text: the same models always give the same bytes (reproducible builds)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def undescribed_fields(schema: dict[str, Any]) -> Iterator[str]:
    """Every property, at any depth, that has no description (should be none)."""
    models = {"": schema, **{f"$defs.{k}": v for k, v in schema.get("$defs", {}).items()}}
    for where, model in models.items():
        if "description" not in model:
            yield where or "(root)"
        for name, prop in model.get("properties", {}).items():
            if not prop.get("description"):
                yield f"{where}.{name}".lstrip(".")
