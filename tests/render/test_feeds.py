"""Atom and JSON feeds as a feed reader gets them: parsed by the real ``feedparser``."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import PUBLISHED_URL, SEED_ID
from fictional import fictional_content, fictional_entry

from generator.build import generate

SEED_URL = f"{PUBLISHED_URL}articles/{SEED_ID}/"
SEED_DEK = (
    "Provincial authorities say intensified clearance operations followed simultaneous "
    "assaults that left dozens of security personnel and civilians dead"
)
BUGTI = "Sarfaraz Bugti, chief minister of Balochistan (press conference in Quetta)"
#: The seed's casualty figures as a feed reader shows them: the military's first count is
#: marked superseded, so nobody reads 92 as current or adds it to 145.
SEED_FIGURES = [
    f"Militants: 145 killed (about 40 hours); reported by {BUGTI} on 2026-02-01 (official)",
    "Militants: 92 killed; reported by Pakistan military on 2026-01-31 (official, superseded)",
    f"Security forces: 17 killed; reported by {BUGTI} on 2026-02-01 (official)",
    f"Civilians: 31 killed; reported by {BUGTI} on 2026-02-01 (official)",
]
SEED_REGION_FEEDS = ("pk-ba", "pk", "south-asia", "world", "quetta")
SEED_THEMES = ("insurgency", "separatism", "counterterrorism", "diplomacy")
SEED_FEEDS = (
    "feeds/all.xml",
    *(f"feeds/regions/{r}.xml" for r in SEED_REGION_FEEDS),
    *(f"feeds/themes/{t}.xml" for t in (*SEED_THEMES, "infrastructure-resources")),
)


def parse(site: Path, path: str) -> Any:
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    assert feed.version == "atom10", path
    return feed


def seed_entry(feed: Any) -> Any:
    found = [e for e in feed.entries if e.link == SEED_URL]
    assert len(found) == 1, [e.link for e in feed.entries]
    return found[0]


def casualty_lines(html: str) -> list[str]:
    """The items of the "Casualty figures" list of an entry's content, as read."""
    soup = BeautifulSoup(html, "html.parser")
    heading = soup.find("h2", string="Casualty figures")
    assert heading is not None, html[:300]
    return [" ".join(li.get_text().split()) for li in heading.find_next_sibling("ul")("li")]


def all_feeds(site: Path, ext: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "feeds").rglob(f"*.{ext}"))


def test_every_atom_feed_parses_without_complaint(published_site: Path) -> None:
    paths = all_feeds(published_site, "xml")
    # the whole site, 15 regions, 7 themes: one feed each; and the assessments'
    assert "feeds/all.xml" in paths and "feeds/assessments.xml" in paths
    assert len(paths) == 1 + 15 + 7 + 1, paths
    for path in paths:
        feed = parse(published_site, path)
        assert feed.feed.title.startswith("Regional Risk Briefing")
        self_link = [ln.href for ln in feed.feed.links if ln.rel == "self"]
        assert self_link == [PUBLISHED_URL + path]
        for entry in feed.entries:
            assert entry.link.startswith(PUBLISHED_URL), (path, entry.link)
            assert entry.id.startswith(PUBLISHED_URL)


@pytest.mark.parametrize("path", SEED_FEEDS)
def test_seed_is_in_its_region_and_theme_feeds(published_site: Path, path: str) -> None:
    entry = seed_entry(parse(published_site, path))
    assert entry.title == (
        "Pakistan Reports 145 Militants Killed After Coordinated Attacks in Balochistan"
    )
    assert entry.published == "2026-02-01T00:00:00+00:00"
    assert entry.published_parsed[:3] == (2026, 2, 1)
    assert entry.updated_parsed[:3] == (2026, 2, 1)
    assert entry.author == "Avery Klein"
    assert entry.summary == SEED_DEK
    terms = {t.term: t.label for t in entry.tags}
    assert terms["pk-ba"] == "Balochistan" and terms["insurgency"] == "Insurgency"
    html = entry.content[0].value
    assert entry.content[0].type == "text/html"
    soup = BeautifulSoup(html, "html.parser")
    text = soup.get_text(" ")
    assert "security forces killed 145 militants over a 40-hour period" in text  # the lede
    links = [a["href"] for a in soup.select("a")]
    assert links == [SEED_URL]
    if path == "feeds/all.xml":  # the whole briefing's feed: key points, figures, risks
        assert casualty_lines(html) == SEED_FIGURES
        assert "Security forces reported killing 145 militants over 40 hours" in text
        assert "Mutual accusations between Pakistan and India" in text
    else:  # a region's or theme's: the summary, the rest a click away
        assert soup.find("h2") is None
        assert "Security forces reported killing" not in text  # a key point
        assert "Mutual accusations" not in text and "reported by" not in text
        assert len(html) < 1200


def test_seed_is_not_in_unrelated_feeds(published_site: Path) -> None:
    for path in ("feeds/regions/ps.xml", "feeds/regions/in.xml", "feeds/themes/nuclear.xml"):
        feed = parse(published_site, path)
        assert SEED_URL not in [e.link for e in feed.entries], path
    rafah = parse(published_site, "feeds/regions/ps.xml")
    assert len(rafah.entries) == 3 and all("Rafah" in e.title for e in rafah.entries)


def test_feed_links_lead_to_built_pages(published_site: Path) -> None:
    feed = parse(published_site, "feeds/all.xml")
    assert len(feed.entries) == len(list((published_site / "articles").iterdir()))
    for entry in feed.entries:
        page = entry.link.removeprefix(PUBLISHED_URL)
        assert (published_site / page / "index.html").is_file(), entry.link
    home = [ln.href for ln in feed.feed.links if ln.rel == "alternate"]
    assert home == [PUBLISHED_URL]
    region = parse(published_site, "feeds/regions/pk-ba.xml")
    assert [ln.href for ln in region.feed.links if ln.rel == "alternate"] == [
        f"{PUBLISHED_URL}regions/pk-ba/"
    ]


def test_newest_first_and_feed_updated_from_entries(published_site: Path) -> None:
    feed = parse(published_site, "feeds/all.xml")
    keys = [(e.published_parsed[:3], e.link) for e in feed.entries]
    expected = sorted(keys, key=lambda k: (tuple(-x for x in k[0]), k[1]))
    assert keys == expected
    assert feed.entries[-1].link == SEED_URL  # the oldest (Feb 1) comes last
    # No clock: a feed's updated is its newest entry's date.
    assert feed.feed.updated == "2026-02-02T00:00:00+00:00"
    assert parse(published_site, "feeds/regions/pk.xml").feed.updated == (
        "2026-02-01T00:00:00+00:00"
    )


def test_json_feeds_are_json_feed_1_1(published_site: Path) -> None:
    paths = all_feeds(published_site, "json")
    assert len(paths) == len(all_feeds(published_site, "xml"))
    for path in paths:
        doc = json.loads((published_site / path).read_text("utf-8"))
        assert doc["version"] == "https://jsonfeed.org/version/1.1"
        assert doc["title"].startswith("Regional Risk Briefing")
        assert doc["feed_url"] == PUBLISHED_URL + path
        assert doc["home_page_url"].startswith(PUBLISHED_URL)
        assert isinstance(doc["items"], list)
        for item in doc["items"]:
            assert isinstance(item["id"], str) and item["url"].startswith(PUBLISHED_URL)
            assert item["content_html"] or item.get("content_text")
            dt.datetime.fromisoformat(item["date_published"])  # RFC 3339
            dt.datetime.fromisoformat(item["date_modified"])
    for name in ("all", "regions/pk-ba", "regions/pk", "themes/insurgency"):
        doc = json.loads((published_site / f"feeds/{name}.json").read_text("utf-8"))
        (seed,) = [i for i in doc["items"] if i["url"] == SEED_URL]
        assert seed["title"].startswith("Pakistan Reports 145 Militants Killed")
        assert seed["summary"] == SEED_DEK
        assert seed["date_published"] == "2026-02-01T00:00:00Z"
        assert seed["authors"] == [{"name": "Avery Klein"}]
        assert {"Balochistan", "Quetta", "Insurgency", "Diplomacy"} <= set(seed["tags"])
        assert seed["_briefing"]["regions"][0] == "pk-ba"
        assert "145 militants" in seed["content_html"]
        if name == "all":
            assert casualty_lines(seed["content_html"]) == SEED_FIGURES
        else:
            assert "Casualty figures" not in seed["content_html"]


def test_feeds_without_site_url_use_links_relative_to_the_feed(built_site: Path) -> None:
    """The documented fallback: no SITE_URL, links resolve from where the feed is (the
    tests' builds never inherit SITE_URL: conftest.child_env)."""
    for path in ("feeds/all.xml", "feeds/regions/pk-ba.xml"):
        feed = parse(built_site, path)
        entry = next(e for e in feed.entries if SEED_ID in e.link)
        assert not entry.link.startswith(("http:", "https:", "/")), entry.link
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), entry.link))
        assert (built_site / target / "index.html").is_file(), entry.link
        assert entry.id == f"urn:briefing:articles/{SEED_ID}/"
    doc = json.loads((built_site / "feeds/regions/pk-ba.json").read_text("utf-8"))
    assert doc["feed_url"] == "pk-ba.json"
    assert doc["home_page_url"] == "../../regions/pk-ba/"


def test_feeds_are_capped_stable_and_escape_hostile_text(tmp_path: Path) -> None:
    hostile = 'Fictional "quoted" <script>alert(1)</script> & co in Erewhon'
    entries = [fictional_entry(i) for i in range(60)]
    entries.append(
        fictional_entry(
            61,
            headline=hostile,
            dek=hostile,
            byline="A. <b>Fictional</b> Writer",
            key_points=[{"text": "<img src=x onerror=alert(1)> *kept emphasis*"}],
        )
    )
    content = fictional_content(tmp_path, entries, keep_real=False)
    out = generate(content, tmp_path, site_url="https://briefing.example.org", site_name="T")
    again = generate(content, tmp_path, site_url="https://briefing.example.org", site_name="T")
    assert out.files == again.files  # byte-identical: no clock, stable order

    feed = feedparser.parse(out.files["feeds/regions/erewhon.xml"])
    assert not feed.bozo
    assert len(feed.entries) == 20  # a region's feed: the newest 20 (feeds.TERM_FEED_LIMIT)
    assert feed.entries[0].title == hostile  # newest (day 61) first, text intact
    assert feed.entries[0].summary == hostile
    assert feed.entries[0].author == "A. <b>Fictional</b> Writer"
    assert [e.published_parsed[:3] for e in feed.entries[1:3]] == [(2030, 3, 1), (2030, 2, 28)]
    raw = feedparser.parse(out.files["feeds/all.xml"], sanitize_html=False)
    html = BeautifulSoup(raw.entries[0].content[0].value, "html.parser")
    assert html.select("script, img, b") == []
    assert "<img src=x onerror=alert(1)>" in html.get_text()
    assert html.select_one("em").get_text() == "kept emphasis"

    doc = json.loads(out.files["feeds/all.json"])
    assert len(doc["items"]) == 50 and doc["items"][0]["title"] == hostile  # the whole site's
    item_html = BeautifulSoup(doc["items"][0]["content_html"], "html.parser")
    assert item_html.select("script, img") == []
