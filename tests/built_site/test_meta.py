"""Sharing and discovery as crawlers, feed readers and link previews see the built HTML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import (
    PUBLISHED_URL,
    SEED_ID,
    html_pages,
    page_soup,
    site_pages,
)
from hostile import HEAD_HOSTILE, head_entry

SEED_DEK = (
    "Provincial authorities say intensified clearance operations followed simultaneous "
    "assaults that left dozens of security personnel and civilians dead"
)
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def raw_head(path: Path) -> BeautifulSoup:
    """The head with attributes as written (``rel`` not split into tokens)."""
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser", multi_valued_attributes=None)
    assert soup.head is not None
    return soup.head


def feed_links(head: BeautifulSoup) -> list[tuple[str, str, str]]:
    out = []
    for link in head.find_all("link"):
        tokens = link.get("rel", "").split()
        if "alternate" in tokens and link.get("type") in (
            "application/atom+xml",
            "application/feed+json",
        ):
            out.append((link["rel"], link["type"], link["href"]))
    return out


def test_every_page_announces_the_site_feed_without_a_bare_alternate(
    published_site: Path,
) -> None:
    assert html_pages(published_site) == site_pages()
    pages = sorted(published_site / url / "index.html" for url in site_pages())
    for page in pages:
        head = raw_head(page)
        links = feed_links(head)
        assert ("alternate feed", "application/atom+xml") in [(r, t) for r, t, _ in links], page
        atom = next(h for r, t, h in links if t == "application/atom+xml")
        assert (page.parent / atom).resolve() == (published_site / "feeds/all.xml").resolve()
        # Material's instant navigation fetches <href>/../sitemap.xml for every element
        # matching link[rel=alternate] (an exact match on the attribute); none may match.
        assert head.select("link[rel=alternate]") == [], page


@pytest.mark.parametrize(
    ("page", "feed", "name"),
    [
        ("regions/pk-ba", "feeds/regions/pk-ba", "Balochistan"),
        ("regions/world", "feeds/regions/world", "World"),
        ("themes/insurgency", "feeds/themes/insurgency", "Insurgency"),
    ],
)
def test_region_and_theme_pages_offer_their_own_feed(
    published_site: Path, page: str, feed: str, name: str
) -> None:
    here = published_site / page
    links = feed_links(raw_head(here / "index.html"))
    own = {(t, (here / h).resolve()) for r, t, h in links if r == "alternate feed"}
    assert ("application/atom+xml", (published_site / f"{feed}.xml").resolve()) in own
    assert ("application/feed+json", (published_site / f"{feed}.json").resolve()) in own
    soup = page_soup(published_site, page)
    subscribe = soup.select_one("article").find("a", string=f"Subscribe to {name} (Atom)")
    assert subscribe is not None, "no visible Subscribe link"
    assert (here / subscribe["href"]).resolve() == (published_site / f"{feed}.xml").resolve()


def test_article_page_has_sharing_tags(published_site: Path) -> None:
    head = raw_head(published_site / f"articles/{SEED_ID}/index.html")

    def meta(key: str) -> str:
        tag = head.find("meta", attrs={"property": key}) or head.find("meta", attrs={"name": key})
        assert tag is not None, key
        return str(tag["content"])

    url = f"{PUBLISHED_URL}articles/{SEED_ID}/"
    headline = "Pakistan Reports 145 Militants Killed After Coordinated Attacks in Balochistan"
    assert meta("description") == SEED_DEK
    assert head.find("link", rel="canonical")["href"] == url
    assert meta("og:type") == "article"
    assert meta("og:title") == headline
    assert meta("og:description") == SEED_DEK
    assert meta("og:url") == url
    assert meta("og:site_name") == "Regional Risk Briefing"
    assert meta("article:published_time") == "2026-02-01"
    assert meta("article:section") == "World"
    assert meta("twitter:card") == "summary"
    # X falls back to og:title and og:description: the page does not say them twice
    assert head.find("meta", attrs={"name": ["twitter:title", "twitter:description"]}) is None
    assert head.title.get_text() == f"{headline} - Regional Risk Briefing"
    region = raw_head(published_site / "regions/pk-ba/index.html")
    assert region.find("meta", attrs={"property": "og:type"})["content"] == "website"
    assert region.find("meta", attrs={"property": "article:published_time"}) is None


def test_sitemap_carries_article_dates_and_robots_points_to_it(published_site: Path) -> None:
    tree = ET.parse(published_site / "sitemap.xml")
    urls = {
        u.findtext("s:loc", namespaces=SITEMAP_NS): u.findtext("s:lastmod", namespaces=SITEMAP_NS)
        for u in tree.getroot().findall("s:url", SITEMAP_NS)
    }
    assert all(loc and loc.startswith(PUBLISHED_URL) for loc in urls)
    assert urls[f"{PUBLISHED_URL}articles/{SEED_ID}/"] == "2026-02-01"
    assert urls[f"{PUBLISHED_URL}articles/rafah-crossing-reopens-on-foot/"] == "2026-02-02"
    assert urls[f"{PUBLISHED_URL}regions/pk-ba/"] == "2026-02-01"
    assert urls[f"{PUBLISHED_URL}regions/world/"] == "2026-02-02"
    assert urls[PUBLISHED_URL] == "2026-02-02"  # home: the newest briefing
    assert urls[f"{PUBLISHED_URL}about/"] is None  # no date on record: no lastmod
    robots = (published_site / "robots.txt").read_text("utf-8").splitlines()
    assert robots == ["User-agent: *", "Allow: /", f"Sitemap: {PUBLISHED_URL}sitemap.xml"]


def test_head_tags_keep_hostile_entry_text_inert(hostile_site: Path) -> None:
    """A headline or dek with quotes and markup ends up as text in every head tag."""
    hostile = HEAD_HOSTILE
    page = hostile_site / f"articles/{head_entry()['id']}/index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    assert soup.find_all("script", string=lambda s: s is not None and "alert(1)" in s) == []
    topic = soup.select_one("[data-md-component=header-topic]").get_text().strip()
    assert topic == hostile  # the header shows the headline as text
    head = raw_head(page)
    for key in ("og:title", "og:description"):
        tag = head.find("meta", attrs={"property": key}) or head.find("meta", attrs={"name": key})
        assert tag["content"] == hostile, key
    assert head.find("meta", attrs={"name": "description"})["content"] == hostile
    assert head.title.get_text() == f"{hostile} - Regional Risk Briefing"
