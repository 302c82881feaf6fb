"""Feed autodiscovery in a real Chromium: no failed requests, also across instant navigation.

Material's instant navigation fetches ``sitemap.xml`` beside every ``link[rel=alternate]``
(taking it for an alternate-language site). The site's feed links use
``rel="alternate feed"``, which that selector does not match. The control build puts the
plain ``rel="alternate"`` back and must show the failed requests, so the check can fail.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_project, mkdocs_build
from servers import StaticSite, base_url, bound_socket, serve_static, stop_static

from .conftest import new_reader
from .reader import Reader

pytestmark = pytest.mark.browser
MARKER = "window.__sameDocument"
FEED_HREFS = """() => [...document.head.querySelectorAll(
  'link[rel~="alternate"][type="application/atom+xml"]')].map(e => e.href)"""


def _balochistan_to_pakistan(reader: Reader, *fetched: str) -> None:
    """Open Balochistan once the sitemap and each of ``fetched`` (paths below the site)
    have been answered, then follow the breadcrumb to Pakistan (instant navigation: it
    engages once Material has the sitemap) until its chart is drawn: Material's
    document$ subscribers, which fetch the sitemaps beside alternate links, have run."""
    with ExitStack() as stack:
        for path in fetched:
            stack.enter_context(reader.page.expect_response(reader.url(path)))
        reader.open("regions/pk-ba/", instant=True)
    reader.js(f"{MARKER} = 1")
    reader.page.locator("article .bp-breadcrumb a", has_text="Pakistan").click()
    reader.wait_for_page("regions/pk/", "Pakistan")
    reader.scroll_to_charts()


def test_feed_links_cause_no_failed_requests_across_instant_navigation(
    reader: Reader, served_site: StaticSite
) -> None:
    _balochistan_to_pakistan(reader)
    assert reader.js(MARKER) == 1, "instant navigation was not used"
    sitemaps = [u for u in reader.requests if u.split("?")[0].endswith("sitemap.xml")]
    assert sitemaps == [served_site.base + "sitemap.xml"]
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
    sock = bound_socket()
    base = base_url(sock)
    root = tmp_path / "site"
    result = mkdocs_build(project, root, env={"SITE_URL": base})
    assert result.returncode == 0, result.stderr
    server, log = serve_static(root, sock)
    try:
        reader = new_reader(browser, base)
        _balochistan_to_pakistan(reader, "feeds/sitemap.xml", "feeds/regions/sitemap.xml")
        missing = {path for path, code in log if code == 404}
        assert {"/feeds/sitemap.xml", "/feeds/regions/sitemap.xml"} <= missing
        assert any("feeds/regions/sitemap.xml" in p for p in reader.problems)
        reader.page.context.close()
    finally:
        stop_static(server)
