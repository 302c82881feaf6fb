"""``mkdocs serve`` as an editor uses it: edits under content/ show up without a restart,
and a broken entry leaves the last good pages served with its error shown on them."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEED_ID, copy_project, mkdocs_serve


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8")
    except OSError as exc:
        return getattr(exc, "code", 0), ""


def _wait_for(url: str, predicate, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        status, body = _get(url)
        if status == 200 and predicate(body):
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed the expected content; last body: {body[:300]!r}")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = copy_project(tmp_path)
    with mkdocs_serve(project) as base:
        yield project, base.rstrip("/")


NEW_ENTRY = """\
id: fictional-harbour-closure
kind: brief
section: World
date: 2031-03-04
headline: Fictional Harbour of Velmora Closes to Traffic
regions: [quetta]
themes: [infrastructure-resources]
"""


def test_new_entry_appears_and_broken_entry_keeps_last_good_pages(served) -> None:
    project, base = served
    _wait_for(f"{base}/articles/{SEED_ID}/", lambda b: "Herof" in b)

    new = project / "content/articles/2031/fictional-harbour-closure.yaml"
    new.parent.mkdir(parents=True)
    new.write_text(NEW_ENTRY, encoding="utf-8")
    _wait_for(f"{base}/regions/quetta/", lambda b: "Fictional Harbour of Velmora" in b)
    page = _wait_for(f"{base}/articles/fictional-harbour-closure/", lambda b: "Velmora" in b)
    assert "bp-build-error" not in page

    new.write_text(NEW_ENTRY.replace("date: 2031-03-04", "date: 2031-02-30"), encoding="utf-8")
    page = _wait_for(f"{base}/articles/{SEED_ID}/", lambda b: "bp-build-error" in b)
    assert "content/articles/2031/fictional-harbour-closure.yaml:4:7: date:" in page
    assert "Herof" in page  # the last good pages are still served
    assert "Velmora" in _get(f"{base}/regions/quetta/")[1]

    new.write_text(NEW_ENTRY.replace("Closes to Traffic", "Reopens"), encoding="utf-8")
    page = _wait_for(f"{base}/regions/quetta/", lambda b: "Velmora Reopens" in b)
    assert "bp-build-error" not in page


def test_serve_started_on_broken_content_shows_the_errors_until_fixed(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    new = project / "content/articles/2031/fictional-harbour-closure.yaml"
    new.parent.mkdir(parents=True)
    new.write_text(NEW_ENTRY.replace("date: 2031-03-04", "date: 2031-02-30"), encoding="utf-8")
    with mkdocs_serve(project) as base:
        page = _wait_for(base, lambda b: "bp-build-error" in b)
        assert "content/articles/2031/fictional-harbour-closure.yaml:4:7: date:" in page
        assert "Not built yet" in page
        new.write_text(NEW_ENTRY, encoding="utf-8")  # the editor fixes the date
        page = _wait_for(f"{base}regions/quetta/", lambda b: "Fictional Harbour of Velmora" in b)
        assert "bp-build-error" not in page
        assert "Herof" in _get(f"{base}articles/{SEED_ID}/")[1]
