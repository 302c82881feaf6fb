"""Feed autodiscovery in a real Chromium: no failed requests, also across instant navigation.

Material's instant navigation fetches ``sitemap.xml`` beside every ``link[rel=alternate]``
(taking it for an alternate-language site). The site's feed links use
``rel="alternate feed"``, which that selector does not match. The control build puts the
plain ``rel="alternate"`` back and must show the failed requests, so the check can fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import copy_project, mkdocs_build

from .conftest import StaticSite, free_port, new_reader, serve_static
from .reader import Reader

pytestmark = pytest.mark.browser
MARKER = "window.__sameDocument"
FEED_HREFS = """() => [...document.head.querySelectorAll(
  'link[rel~="alternate"][type="application/atom+xml"]')].map(e => e.href)"""


def _balochistan_to_pakistan(reader: Reader) -> None:
    """Open Balochistan, then follow the breadcrumb to Pakistan (instant navigation)."""
    reader.open("regions/pk-ba/")
    reader.page.wait_for_load_state("networkidle")
    reader.js(f"{MARKER} = 1")
    reader.page.locator("article .bp-breadcrumb a", has_text="Pakistan").click()
    reader.wait_for_page("regions/pk/", "Pakistan")
    reader.page.wait_for_load_state("networkidle")
    reader.page.wait_for_timeout(300)  # let document$ subscribers (sitemap fetches) run


def test_feed_links_cause_no_failed_requests_across_instant_navigation(
    reader: Reader, served_site: StaticSite
) -> None:
    _balochistan_to_pakistan(reader)
    assert reader.js(MARKER) == 1, "instant navigation was not used"
    sitemaps = [u for u in reader.requests if u.split("?")[0].endswith("sitemap.xml")]
    assert sitemaps and set(sitemaps) == {served_site.base + "sitemap.xml"}
    # after the swap the head announces the new page's own feed, and the site's
    hrefs = reader.js(FEED_HREFS)
    assert served_site.base + "feeds/regions/pk.xml" in hrefs
    assert served_site.base + "feeds/all.xml" in hrefs
    assert served_site.base + "feeds/regions/pk-ba.xml" not in hrefs
    # and no failed request or console error anywhere (checked again by the fixture)
    reader.assert_clean()


def test_control_plain_alternate_links_do_cause_failed_sitemap_requests(
    browser: Any, tmp_path: Path
) -> None:
    project = copy_project(tmp_path)
    main = project / "theme_overrides" / "main.html"
    text = main.read_text("utf-8")
    assert 'rel="alternate feed"' in text
    main.write_text(text.replace('rel="alternate feed"', 'rel="alternate"'), "utf-8")
    port = free_port()
    root = tmp_path / "site"
    root.mkdir()
    server, log = serve_static(root, port)
    base = f"http://127.0.0.1:{port}/"
    try:
        result = mkdocs_build(project, root, env={"SITE_URL": base})
        assert result.returncode == 0, result.stderr
        reader = new_reader(browser, base)
        _balochistan_to_pakistan(reader)
        missing = {path for path, code in log if code == 404}
        assert {"/feeds/sitemap.xml", "/feeds/regions/sitemap.xml"} <= missing
        assert any("feeds/regions/sitemap.xml" in p for p in reader.problems)
        reader.page.context.close()
    finally:
        server.shutdown()
        server.server_close()
