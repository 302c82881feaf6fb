"""``mkdocs serve`` seen from the editor's browser tab: an edited headline shows up without
restarting anything or reloading by hand, and a broken entry leaves the page served with
the error banner on it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_ID, copy_project

from .conftest import free_port, new_reader
from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"
ENTRY = Path("content/articles/2026") / f"{SEED_ID}.yaml"
HEADLINE = "Pakistan Reports 145 Militants Killed After Coordinated Attacks in Balochistan"
EDITED = "Serve test edits this headline (not a real report)"


def _wait_until_served(url: str, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"mkdocs serve exited: {proc.stdout.read() if proc.stdout else ''}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"mkdocs serve did not answer at {url}")


@pytest.fixture()
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``mkdocs serve`` (with live reload) on a free port, in a copy of the project."""
    project = copy_project(tmp_path)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_served(base + ARTICLE, proc)
        yield project, base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
