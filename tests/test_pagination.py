"""Long listings are split into pages of 50, each a page a reader can step through."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import load_corpus_module, mkdocs_build, page_soup, page_text, search_records

from generator.build import generate
from generator.render.html import PAGE_SIZE

N = 60  # every entry is under "world": 50 on its first page, 10 on the second


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_corpus_module().write_corpus(N, tmp_path_factory.mktemp("paged") / "p", seed=5)


@pytest.fixture(scope="module")
def site(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("paged-site")
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    return out


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
    assert sum(url.startswith("/articles/") for url in records) >= N
