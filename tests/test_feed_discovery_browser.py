"""Feed autodiscovery in a real Chromium: no failed requests, also across instant navigation.

Material's instant navigation fetches ``sitemap.xml`` beside every ``link[rel=alternate]``
(taking it for an alternate-language site). The site's feed links use
``rel="alternate feed"``, which that selector does not match. The control build puts the
plain ``rel="alternate"`` back and must show the failed requests, so the check can fail.
"""

from __future__ import annotations

import http.server
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, copy_project, mkdocs_build

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")


def _unavailable(reason: str) -> None:
    if os.environ.get("BRIEFING_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (BRIEFING_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


class Served:
    """A built site on 127.0.0.1, with the log of every (path, status) it answered."""

    def __init__(self, project: Path, site: Path) -> None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        self.base = f"http://127.0.0.1:{port}/"
        result = mkdocs_build(project, site, env={"SITE_URL": self.base})
        assert result.returncode == 0, result.stderr
        self.log: list[tuple[str, int]] = []
        log = self.log

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(site), **kwargs)

            def log_request(self, code: Any = "-", size: Any = "-") -> None:
                log.append((self.path, int(code) if str(code).isdigit() else 0))

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"Debian's Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def visit_and_navigate(browser: Any, served: Served) -> tuple[Any, list[str]]:
    """Open Balochistan, follow the breadcrumb to Pakistan; return the page and failures."""
    context = browser.new_context()
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(served.base + "regions/pk-ba/", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator("article .bp-breadcrumb a", has_text="Pakistan").click()
    page.wait_for_url(served.base + "regions/pk/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # let document$ subscribers (the sitemap fetches) fire
    return page, failed


def test_feed_links_cause_no_failed_requests_across_instant_navigation(
    chromium: Any, tmp_path: Path
) -> None:
    served = Served(ROOT, tmp_path / "site")
    try:
        page, failed = visit_and_navigate(chromium, served)
        assert page.evaluate("window.__sameDocument === true"), "instant navigation was not used"
        assert failed == []
        assert [p for p, code in served.log if code >= 400] == []
        assert [p for p, _ in served.log if p.endswith("sitemap.xml")] == ["/sitemap.xml"]
        # after the swap, the head announces the new page's own feed
        hrefs = page.eval_on_selector_all(
            'link[rel~="alternate"][type="application/atom+xml"]', "els => els.map(e => e.href)"
        )
        assert served.base + "feeds/regions/pk.xml" in hrefs
        assert served.base + "feeds/all.xml" in hrefs
        assert served.base + "feeds/regions/pk-ba.xml" not in hrefs
        page.context.close()
    finally:
        served.close()


def test_control_plain_alternate_links_do_cause_failed_sitemap_requests(
    chromium: Any, tmp_path: Path
) -> None:
    project = copy_project(tmp_path)
    main = project / "theme_overrides" / "main.html"
    text = main.read_text("utf-8")
    assert 'rel="alternate feed"' in text
    main.write_text(text.replace('rel="alternate feed"', 'rel="alternate"'), "utf-8")
    served = Served(project, tmp_path / "site")
    try:
        page, failed = visit_and_navigate(chromium, served)
        missing = {p for p, code in served.log if code == 404}
        assert "/feeds/sitemap.xml" in missing
        assert "/feeds/regions/sitemap.xml" in missing
        assert any(u.endswith("/feeds/regions/sitemap.xml") for u in failed)
        page.context.close()
    finally:
        served.close()
