"""The Nu Html Checker (vnu, the W3C's HTML checker) on the pages readers land on: no error
but those Material for MkDocs' own markup brings, each listed in :data:`MATERIAL`.

vnu comes from the npm registry, at the version ``tools/test-clients/package-lock.json``
pins, and runs on Java, as ``.ci/run`` installs them::

    npm ci --prefix tools/test-clients --ignore-scripts
    apt-get install default-jre-headless

(``--ignore-scripts``: vnu-jar's install script would fetch a Java from GitHub.)
Without either the test skips, saying which is missing; under ``CI=true`` a skip fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ID

CLIENTS = ROOT / "tools" / "test-clients" / "node_modules"
VNU_JAR = CLIENTS / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = (f"articles/{SEED_ID}/", "regions/pk-ba/", "")

#: Errors in Material's own templates (9.x), as (start of vnu's message, the markup vnu
#: points at): ``base.html`` puts ``autocomplete="off"`` on its drawer and search
#: checkboxes, which HTML allows only on text-like inputs; ``partials/toc.html`` labels the
#: table of contents' title for ``__toc``, a checkbox its navigation renders only where
#: the table of contents sits in the navigation. Anything else is the site's.
MATERIAL = {
    ("Attribute “autocomplete” is only allowed when", "id=__drawer"),
    ("Attribute “autocomplete” is only allowed when", "id=__search"),
    ("The value of the “for” attribute of the “label” element", "for=__toc"),
}


def _vnu(files: list[Path]) -> list[dict[str, object]]:
    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        missing = "java" if not java else f"vnu.jar at {VNU_JAR}"
        pytest.skip(f"the Nu Html Checker needs {missing} (see this file's docstring)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages: list[dict[str, object]] = json.loads(result.stderr or result.stdout)["messages"]
    return messages


def _pointed_at(message: dict[str, object]) -> str:
    """The markup vnu highlights (the element at fault), from its extract, its attribute
    values unquoted as the pages are written (compact.py quotes only where needed)."""
    extract = str(message.get("extract", ""))
    start = int(str(message.get("hiliteStart", 0)))
    at = extract[start : start + int(str(message.get("hiliteLength", len(extract))))]
    return at.replace('"', "")


def _accepted(message: dict[str, object]) -> bool:
    text, markup = str(message.get("message", "")), _pointed_at(message)
    return any(text.startswith(m) and at in markup for m, at in MATERIAL)


def test_pages_have_no_html_errors_but_materials(built_site: Path) -> None:
    files = [built_site / page / "index.html" for page in PAGES]
    messages = _vnu(files)
    assert all(m["type"] == "error" for m in messages), messages  # --errors-only
    ours = [
        f"{str(m['url']).rsplit(str(built_site), 1)[-1]}:{m.get('lastLine')}: "
        f"{m['message']} [{_pointed_at(m)}]"
        for m in messages
        if not _accepted(m)
    ]
    assert ours == [], "the Nu Html Checker reports:\n" + "\n".join(ours)
    # Each accepted error is still met somewhere: one Material no longer brings goes.
    met = {
        (m, at)
        for m, at in MATERIAL
        for msg in messages
        if str(msg["message"]).startswith(m) and at in _pointed_at(msg)
    }
    assert met == MATERIAL, MATERIAL - met
