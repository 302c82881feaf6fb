"""``mkdocs serve`` seen from the editor's browser tab: an edited headline shows up without
restarting anything or reloading by hand, and a broken entry leaves the page served with
the error banner on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_ID, copy_project, mkdocs_serve
from servers import Serve

from .conftest import new_reader
from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"
ENTRY = Path("content/articles/2026") / f"{SEED_ID}.yaml"
HEADLINE = "Pakistan Reports 145 Militants Killed After Coordinated Attacks in Balochistan"
EDITED = "Serve test edits this headline (not a real report)"


@pytest.fixture()
def preview(tmp_path: Path) -> Iterator[tuple[Path, Serve]]:
    """``mkdocs serve`` (with live reload) on a free port, in a copy of the project."""
    project = copy_project(tmp_path)
    with mkdocs_serve(project) as serve:
        yield project, serve


def _edit_and_reload(reader: Reader, serve: Serve, entry: Path, text: str) -> None:
    """Edit ``entry``; once the rebuild is served the open tab reloads by itself (live
    reload): wait for that reload, which must bring the page back (not a 404). (A reload,
    not any navigation: Material records the reader's scrolling in the history, which
    Playwright counts as a navigation of the same document.)"""
    page = reader.page
    reloaded = page.expect_event("load")  # the new document's, once it is shown
    with reloaded, page.expect_response(lambda r: r.request.is_navigation_request()) as reload:
        serve.edit(entry, text)
    assert reload.value.status == 200, f"reloaded with {reload.value}"


def test_edits_show_in_the_open_tab_and_a_broken_entry_keeps_the_page(
    browser: Any, preview: tuple[Path, Serve]
) -> None:
    project, serve = preview
    entry = project / ENTRY
    good = entry.read_text("utf-8")
    reader: Reader = new_reader(browser, serve.base)
    try:
        reader.open(ARTICLE)
        assert reader.h1() == HEADLINE
        reader.scroll_to_charts()
        assert reader.page.locator(".bp-build-error").count() == 0

        # The editor changes the headline; the open tab shows it (live reload).
        edited = good.replace(f"headline: {HEADLINE}", f"headline: {EDITED}")
        _edit_and_reload(reader, serve, entry, edited)
        assert reader.h1() == EDITED
        reader.scroll_to_charts()

        # A broken entry: the page is still served, with the error named on it.
        _edit_and_reload(reader, serve, entry, edited.replace("killed: 145", "killed: many"))
        banner = reader.page.locator(".bp-build-error")
        assert banner.count() == 1
        assert f"{ENTRY.as_posix()}:" in banner.inner_text()
        assert "casualties[0].killed" in banner.inner_text()
        assert reader.h1() == EDITED  # the last good page, still readable
        reader.scroll_to_charts()
        reader.assert_clean()
    finally:
        reader.page.context.close()
