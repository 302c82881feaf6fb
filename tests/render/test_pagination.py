"""Long listings are split into pages of 50, each a page a reader can step through."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from conftest import CORPUS_N, page_soup, page_text, search_records

from generator.build import generate
from generator.render.html import PAGE_SIZE

N = CORPUS_N  # every entry is under "world": 50 on its first page, the rest on the second


@pytest.fixture(scope="module")
def project(corpus_project: Path) -> Path:
    return corpus_project


@pytest.fixture(scope="module")
def site(corpus_site: Path) -> Path:
    return corpus_site


def _items(site: Path, url: str) -> list[tuple[str, str]]:
    """(headline, date) of each briefing listed on a page, in order."""
    soup = page_soup(site, url)
    out = []
    for li in soup.select("ul.bp-entries > li"):
        first = li.select_one("p")
        headline = li.select_one("a").get_text()
        out.append((headline, re.sub(r"\s+", " ", first.get_text()).rsplit(" · ", 1)[-1]))
    return out


def test_generated_listing_pages(project: Path) -> None:
    pages = generate(project / "content", project).pages
    world = sorted(p for p in pages if p == "regions/world.md" or p.startswith("regions/world/"))
    assert world == ["regions/world.md", "regions/world/page/2.md"]
    assert PAGE_SIZE == 50
    # A region with few entries keeps a single page.
    assert not [p for p in pages if p.startswith("themes/") and "/page/" in p]


def test_a_reader_steps_through_every_briefing_once_newest_first(site: Path) -> None:
    first = _items(site, "regions/world")
    assert len(first) == 50
    nav = page_soup(site, "regions/world").select_one("nav.bp-pager")
    assert "Page 1 of 2" in nav.get_text()
    older = nav.select_one("a[rel=next]")["href"]
    second_url = urljoin("/regions/world/", older).strip("/")
    assert second_url == "regions/world/page/2"
    second = _items(site, second_url)
    assert len(second) == N - 50
    back = page_soup(site, second_url).select_one("nav.bp-pager a[rel=prev]")["href"]
    assert urljoin(f"/{second_url}/", back) == "/regions/world/"
    headlines = [h for h, _ in first + second]
    assert len(set(headlines)) == N  # every briefing, none twice
    # The article each item links to exists and carries that headline.
    link = page_soup(site, second_url).select_one("ul.bp-entries a")["href"]
    target = urljoin(f"/{second_url}/", link).strip("/")
    assert page_soup(site, target).select_one("h1").get_text().startswith(second[0][0])


def _longdate(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def test_listings_are_newest_first_across_their_pages(project: Path, site: Path) -> None:
    """Page 1 then page 2 of World read as one list: every entry, newest first (the same
    day: by id), as the entries' own files say."""
    articles = (project / "content" / "articles").rglob("*.yaml")
    entries = [yaml.safe_load(p.read_text("utf-8")) for p in articles]
    entries = [e for e in entries if "headline" in e]
    assert len(entries) == N
    expected = [
        (e["headline"], _longdate(e["date"]))
        for e in sorted(entries, key=lambda e: (-e["date"].toordinal(), e["id"]))
    ]
    assert len({d for _, d in expected}) > N // 2  # mostly different days: order matters
    assert _items(site, "regions/world") + _items(site, "regions/world/page/2") == expected


def test_charts_and_risks_stay_on_the_first_page(site: Path) -> None:
    one = page_text(site, "regions/world")
    two = page_text(site, "regions/world/page/2")
    assert "Casualties over time" in one and "Top risks" in one
    assert "Casualties over time" not in two and "Top risks" not in two
    assert "(page 2)" in page_soup(site, "regions/world/page/2").select_one("h1").get_text()


def test_listings_stay_out_of_search_and_articles_are_in_it(site: Path) -> None:
    records = search_records(site)
    assert not [url for url in records if "/page/" in url]
    world = records["/regions/world/"]["content"]
    listed = [h for h, _ in _items(site, "regions/world")]
    assert "World" in world and not [h for h in listed if h in world]
    assert sum(url.startswith("/articles/") for url in records) == N
