"""A clearly fictional content folder for tests: the real taxonomy plus the invented
region of Erewhon, and entries about it written here (never real places or people)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from conftest import ROOT, copy_project

EREWHON = """
  - id: erewhon
    name: Erewhon
    parent: world
    lat: -46.5
    lon: -125.5
    source: invented for tests (open South Pacific, where no land is)
"""
START = dt.date(2030, 1, 1)


def fictional_content(dest: Path, entries: list[dict[str, Any]], *, keep_real: bool = True) -> Path:
    """``dest/content`` with the real taxonomy (+ Erewhon), the real entries if
    ``keep_real``, and ``entries`` written as YAML (JSON is YAML). Returns the folder."""
    content = dest / "content"
    if keep_real:
        shutil.copytree(ROOT / "content", content)
    else:
        (content / "articles").mkdir(parents=True)
        shutil.copy2(ROOT / "content" / "taxonomy.yaml", content / "taxonomy.yaml")
    tax = content / "taxonomy.yaml"
    text = tax.read_text("utf-8")
    tax.write_text(text.replace("\nthemes:", EREWHON + "\nthemes:", 1), "utf-8")
    folder = content / "articles" / "fictional"
    folder.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        (folder / f"{entry['id']}.yaml").write_text(json.dumps(entry, ensure_ascii=False), "utf-8")
    return content


def fictional_project(
    dest: Path, entries: list[dict[str, Any]], *, keep_real: bool = True, **options: object
) -> Path:
    """A copy of the project in ``dest`` (``conftest.copy_project``, with the briefing
    plugin's ``options``) whose content is :func:`fictional_content`'s. Returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    project = copy_project(dest, **options)
    shutil.rmtree(project / "content")
    fictional_content(project, entries, keep_real=keep_real)
    return project


def fictional_entry(i: int, **fields: Any) -> dict[str, Any]:
    """Entry ``i`` (dated ``START + i`` days) about Erewhon; ``fields`` override."""
    entry: dict[str, Any] = {
        "id": f"fictional-erewhon-{i:03d}",
        "section": "Fiction",
        "date": (START + dt.timedelta(days=i)).isoformat(),
        "headline": f"Fictional test entry {i} about Erewhon",
        "dek": f"An invented story number {i}, for tests only.",
        "summary": f"Invented summary {i}: nothing here happened anywhere.",
        "body": [f"Invented paragraph of story {i} about the invented land of Erewhon."],
        "regions": ["erewhon"],
        "themes": ["insurgency"],
    }
    entry.update(fields)
    return entry
