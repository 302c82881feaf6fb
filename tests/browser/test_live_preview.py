"""``mkdocs serve`` seen from the editor's browser tab: an edited headline shows up without
restarting anything or reloading by hand, and a broken entry leaves the page served with
the error banner on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_ID, copy_project, mkdocs_serve

from .conftest import new_reader
from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"
ENTRY = Path("content/articles/2026") / f"{SEED_ID}.yaml"
HEADLINE = "Pakistan Reports 145 Militants Killed After Coordinated Attacks in Balochistan"
EDITED = "Serve test edits this headline (not a real report)"


@pytest.fixture()
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``mkdocs serve`` (with live reload) on a free port, in a copy of the project."""
    project = copy_project(tmp_path)
    with mkdocs_serve(project, ARTICLE) as base:
        yield project, base


def test_edits_show_in_the_open_tab_and_a_broken_entry_keeps_the_page(
    browser: Any, preview: tuple[Path, str]
) -> None:
    project, base = preview
    entry = project / ENTRY
    good = entry.read_text("utf-8")
    reader: Reader = new_reader(browser, base)
    try:
        reader.open(ARTICLE)
        assert reader.h1() == HEADLINE
        reader.wait_for_charts()
        assert reader.page.locator(".bp-build-error").count() == 0

        # The editor changes the headline; the open tab shows it (live reload).
        entry.write_text(good.replace(f"headline: {HEADLINE}", f"headline: {EDITED}"), "utf-8")
        reader.page.locator(".md-content article h1", has_text=EDITED).wait_for(timeout=60_000)
        reader.wait_for_charts()

        # A broken entry: the page is still served, with the error named on it.
        entry.write_text(good.replace("killed: 145", "killed: many"), "utf-8")
        banner = reader.page.locator(".bp-build-error")
        banner.wait_for(timeout=60_000)
        assert f"{ENTRY.as_posix()}:" in banner.inner_text()
        assert "casualties[0].killed" in banner.inner_text()
        assert reader.h1() == EDITED  # the last good page, still readable
        reader.wait_for_charts()
        reader.assert_clean()
    finally:
        reader.page.context.close()
