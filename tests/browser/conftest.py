"""Browser fixtures: Debian's Chromium driven by Playwright for Python, reading the real
site as published (``conftest.served_site``: built once per session, served from
127.0.0.1 in a sub-folder, the way a static host such as GitHub Pages serves it).

- Chromium is ``/usr/bin/chromium`` (Debian's package), never Playwright's own download.
  Without it, or without Playwright, the browser tests skip and say why; with
  ``BRIEFING_REQUIRE_BROWSER=1`` (or ``true``, ``yes``; set by ``.ci/run`` and the check
  workflow) a missing browser is a failure, and under ``CI=true`` any skip fails the run
  (``tests/ci_skips.py``).
- The site is built with ``SITE_URL`` set to the local server's address: Material's
  instant navigation only engages when the page is served at the origin ``site_url`` names.
- axe-core (accessibility) comes from the npm registry at the version
  ``tools/test-clients/package-lock.json`` pins, as ``.ci/run`` installs it:
  ``npm ci --prefix tools/test-clients --ignore-scripts``; without it the accessibility
  tests skip (or fail under ``BRIEFING_REQUIRE_BROWSER=1``).
- Each test gets a fresh browser context (no palette choice or cache carried over) and a
  :class:`~browser.reader.Reader` that fails the test if the page reported any error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest
from ci_skips import flag
from conftest import ROOT
from servers import StaticSite

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: axe-core from the npm registry, pinned by tools/test-clients' lockfile (``npm ci``).
AXE_JS = ROOT / "tools" / "test-clients" / "node_modules" / "axe-core" / "axe.min.js"
#: ``BRIEFING_REQUIRE_BROWSER`` set to 1, true or yes (as ``.ci/run`` and the check workflow
#: do): a missing browser fails instead of skipping.
REQUIRED = flag(os.environ.get("BRIEFING_REQUIRE_BROWSER"))
TIMEOUT_MS = 15_000


def unavailable(reason: str) -> NoReturn:
    """Skip for a missing tool, or fail when CI says the tool must be there."""
    if REQUIRED:
        pytest.fail(f"{reason} (BRIEFING_REQUIRE_BROWSER=1: required here)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Any]:
    if not CHROMIUM.exists():
        unavailable(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_session: Any) -> Iterator[Any]:
    """One Chromium for the whole session."""
    chromium = playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def new_reader(browser: Any, base: str, **context_options: Any) -> Any:
    """A fresh context and tab on ``base``, with every error collected."""
    from .reader import Reader

    context_options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(**context_options)
    context.set_default_timeout(TIMEOUT_MS)
    return Reader(page=context.new_page(), base=base)


@contextmanager
def reading(browser: Any, base: str) -> Iterator[Any]:
    """A reader on ``base``; when the test is done, it fails if any page visited reported
    an error."""
    r = new_reader(browser, base)
    yield r
    r.page.context.close()
    r.assert_clean()


@pytest.fixture()
def reader(browser: Any, served_site: StaticSite) -> Iterator[Any]:
    """A reader on the served site; the test fails if any page visited reported an error."""
    with reading(browser, served_site.base) as r:
        yield r


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.exists():
        unavailable(
            f"axe-core is not installed at {AXE_JS} "
            "(npm ci --prefix tools/test-clients --ignore-scripts)"
        )
    return AXE_JS
