"""Region and theme pages as a reader moves through them: every chip on the seed article
leads to a page that lists it, breadcrumbs lead up the region tree, and every link and
feed the served site offers resolves."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import SEED_ID

from .conftest import StaticSite
from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"
HEADLINE = "Pakistan Reports 145 Militants"
QUETTA_LINEAGE = ["World", "South Asia", "Pakistan", "Balochistan", "Quetta"]


def _lists_the_seed(reader: Reader) -> bool:
    """The page's "Briefings (n)" list links to the seed article."""
    listing = reader.page.locator("h2", has_text=re.compile(r"^Briefings")).locator(
        "xpath=following-sibling::ul[1]"
    )
    return listing.locator(f"a[href$='/{ARTICLE}']", has_text=HEADLINE).count() == 1


def test_every_region_and_theme_chip_leads_to_a_page_listing_the_seed(reader: Reader) -> None:
    reader.open(ARTICLE)
    reader.wait_for_charts()
    chips = reader.page.locator(".bp-chips a.bp-chip")
    hrefs = chips.evaluate_all("links => links.map(a => a.href)")
    targets = dict(zip(chips.all_inner_texts(), hrefs, strict=True))
    assert {"Balochistan", "Quetta", "Noshki", "Insurgency", "Diplomacy"} <= set(targets)

    # The reader clicks a region chip and a theme chip (instant navigation) ...
    for name in ("Balochistan", "Insurgency"):
        reader.follow(targets[name].removeprefix(reader.base), name)
        assert _lists_the_seed(reader), f"the {name} page does not list the seed article"
        reader.wait_for_charts()
        reader.page.go_back()
        reader.wait_for_page(ARTICLE, HEADLINE)
    reader.assert_clean()

    # ... and every chip's page, as served, lists the seed under "Briefings".
    for name, url in targets.items():
        status, _, body = _fetch(url)
        assert status == 200, url
        page = BeautifulSoup(body, "html.parser")
        heading = next(
            (h for h in page.find_all("h2") if h.get_text().startswith("Briefings")), None
        )
        assert heading is not None, f"no briefings list on the {name} page"
        listing = heading.find_next_sibling("ul")
        assert listing is not None, f"the {name} page lists no briefings"
        links = [a.get_text(strip=True) for a in listing.select(f"a[href$='/{ARTICLE}']")]
        assert any(t.startswith(HEADLINE) for t in links), f"the {name} page does not list the seed"


def test_breadcrumbs_lead_up_the_region_tree(reader: Reader) -> None:
    reader.open("regions/quetta/")
    crumbs = reader.page.locator(".bp-breadcrumb")
    for depth in range(len(QUETTA_LINEAGE), 0, -1):
        here = QUETTA_LINEAGE[depth - 1]
        assert reader.h1() == here
        assert re.split(r"\s*›\s*", crumbs.inner_text().strip()) == QUETTA_LINEAGE[:depth]
        # Every ancestor is a link; the page itself is not.
        assert crumbs.locator("a").all_inner_texts() == QUETTA_LINEAGE[: depth - 1]
        assert _lists_the_seed(reader), f"the {here} page does not list the seed article"
        if depth > 1:
            crumbs.locator("a").last.click()
            reader.page.wait_for_function(
                "n => document.querySelector('.bp-breadcrumb')?.textContent.trim().endsWith(n)",
                arg=QUETTA_LINEAGE[depth - 2],
            )
    reader.assert_clean()


def test_theme_page_breadcrumb_leads_to_the_theme_index(reader: Reader) -> None:
    reader.open("themes/insurgency/")
    assert reader.h1() == "Insurgency" and _lists_the_seed(reader)
    reader.wait_for_charts()
    reader.page.locator(".bp-breadcrumb a", has_text="Themes").click()
    reader.wait_for_page("themes/", "Themes")
    reader.page.locator(".md-content a", has_text="Insurgency").first.click()
    reader.wait_for_page("themes/insurgency/", "Insurgency")
    reader.assert_clean()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, dict[str, str | None]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        for attr in ("href", "src"):
            if a.get(attr) and tag in ("a", "link", "script", "img", "source"):
                self.links.append((tag, str(a[attr]), a))


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get_content_type(), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def test_every_link_and_feed_on_the_served_site_resolves(served_site: StaticSite) -> None:
    """Crawl the served site from the home page as a browser would request it."""
    base = served_site.base
    queue, seen = [base], {base}
    ids: dict[str, set[str]] = {}
    anchors: list[tuple[str, str]] = []  # (page, url with fragment)
    broken: list[str] = []
    feeds: list[str] = []
    while queue:
        url = queue.pop()
        status, ctype, body = _fetch(url)
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            continue
        if ctype != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        ids[url] = parser.ids
        for tag, ref, attrs in parser.links:
            target, fragment = urldefrag(urljoin(url, ref))
            if urlsplit(target).scheme not in ("http", "https"):
                broken.append(f"{url}: {tag} links to {ref!r}")
                continue
            if not target.startswith(base):
                continue  # outside links (sources) are not fetched: no network in tests
            if fragment and tag == "a":
                anchors.append((url, f"{target}#{fragment}"))
            rel, kind = (attrs.get("rel") or "").split(), attrs.get("type") or ""
            if tag == "link" and "alternate" in rel and kind.endswith(("rss+xml", "atom+xml")):
                feeds.append(target)
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert len(ids) > 30, sorted(ids)  # the crawl reached every kind of page
    assert not broken, "\n".join(broken)

    missing = [
        f"{page} -> {ref}"
        for page, ref in anchors
        if (t := ref.split("#"))[0] in ids and t[1] not in ids[t[0]] and not t[1].startswith("__")
    ]
    assert not missing, "links to anchors that are not on the page:\n" + "\n".join(missing)

    for announced in ("feeds/all.xml", "feeds/regions/pk-ba.xml"):
        assert base + announced in feeds, f"no page announces {announced}"
    for feed in sorted(set(feeds)):
        parsed = feedparser.parse(_fetch(feed)[2])
        assert not parsed.bozo, f"{feed}: {parsed.bozo_exception}"
        assert parsed.feed.get("title"), feed
        if feed.endswith(("/all.xml", "/regions/pk-ba.xml")):
            links = [e.link for e in parsed.entries]
            assert base + ARTICLE in links, f"{feed} does not list the seed: {links}"
