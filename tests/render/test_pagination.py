"""Long listings are split into pages of 50 counted from the oldest: a reader steps
through every briefing once, newest first, and a full page stays as it is when new
briefings come (so a new briefing changes the listing's first page only).

The listings here are rendered from fictional entries about the invented Erewhon
(tests/fictional.py) and read as a reader's browser reads them: the entries each page
lists and the "Newer" and "Older" links of its pager, followed from page to page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import CORPUS_N, page_soup, search_records
from fictional import START, fictional_content, fictional_entry

from generator.build import generate, load_site
from generator.content.link import link_site
from generator.content.model import Entry, Taxonomy
from generator.content.schema import ArticleIn
from generator.render.html import PAGE_SIZE
from generator.render.pages import Renderer
from generator.render.reuse import Reuse
from generator.render.urls import page_url

S = PAGE_SIZE
#: Four entries a day (the id orders a day), so a month holds more than two pages.
A_DAY = 4


@pytest.fixture(scope="module")
def taxonomy(tmp_path_factory: pytest.TempPathFactory) -> Taxonomy:
    root = tmp_path_factory.mktemp("erewhon")
    return load_site(fictional_content(root, [], keep_real=False), root).taxonomy


def _entry(i: int, **fields: str) -> Entry:
    """Entry ``i``: the higher, the newer (``A_DAY`` a day from ``START``)."""
    day = START + dt.timedelta(days=i // A_DAY)
    data = fictional_entry(i, date=day.isoformat(), kind="brief", **fields)
    return Entry(ArticleIn.model_validate(data), f"content/articles/fictional/{data['id']}.yaml")


def _entries(n: int) -> list[Entry]:
    return [_entry(i) for i in range(n)]


def _pages(taxonomy: Taxonomy, entries: Sequence[Entry], what: str = "region") -> dict[str, str]:
    renderer = Renderer(link_site(taxonomy, entries))
    if what == "theme":
        return dict(renderer.render_theme("insurgency"))
    if what == "month":
        return dict(renderer.render_month(START.year, START.month))
    return dict(renderer.render_region("erewhon"))


def _read(markdown: str) -> tuple[list[str], str | None, str | None]:
    """What a reader sees of a listing page: the headlines listed, in order, and where its
    "Newer" and "Older" links go (None where there is none)."""
    soup = BeautifulSoup(markdown, "html.parser")
    headlines = [li.select_one("a").get_text() for li in soup.select("ul.bp-entries > li")]
    links = [soup.select_one(f"nav.bp-pager a[rel={rel}]") for rel in ("prev", "next")]
    newer, older = (str(a["href"]) if a else None for a in links)
    return headlines, newer, older


def _walk(pages: dict[str, str], start: str, rel: int) -> list[tuple[str, list[str]]]:
    """From ``start``, follow the "Newer" (``rel`` 1) or "Older" (2) links to the end:
    each page reached and the headlines it lists."""
    by_url = {page_url(src): src for src in pages}
    out: list[tuple[str, list[str]]] = []
    src: str | None = start
    while src is not None:
        assert src not in [s for s, _ in out], f"{src} reached twice"
        seen = _read(pages[src])
        out.append((src, seen[0]))
        link = seen[rel]
        src = by_url[urljoin("/" + page_url(src), link).lstrip("/")] if link else None
    return out


def _headline(i: int) -> str:
    return str(fictional_entry(i)["headline"])


def _newest_first(n: int) -> list[str]:
    """The headlines of entries 0 to n - 1 as the site orders them: newest day first,
    then by id."""
    return [_headline(i) for i in sorted(range(n), key=lambda i: (-(i // A_DAY), i))]


@pytest.mark.parametrize("n", [S - 1, S, S + 1, 2 * S - 1, 2 * S, 2 * S + 1, 3 * S, 5 * S + 7])
def test_a_reader_steps_through_every_briefing_once_newest_first(
    taxonomy: Taxonomy, n: int
) -> None:
    pages = _pages(taxonomy, _entries(n))
    full = max(0, n // S - 1)  # numbered pages of 50, counted from the oldest
    numbered = [f"regions/erewhon/page/{k}.md" for k in range(1, full + 1)]
    assert sorted(pages) == sorted(["regions/erewhon.md", *numbered])
    older = _walk(pages, "regions/erewhon.md", 2)
    # Newest first across the pages, every briefing once.
    assert [h for _, hs in older for h in hs] == _newest_first(n)
    # The first page holds the newest 50 to 99 (all, when fewer); every other page 50.
    assert [len(hs) for _, hs in older] == [n - full * S] + [S] * full
    assert [src for src, _ in older] == ["regions/erewhon.md", *reversed(numbered)]
    # And back, from the oldest page to the first.
    newer = _walk(pages, older[-1][0], 1)
    assert [src for src, _ in newer] == [src for src, _ in reversed(older)]
    if not full:
        assert "bp-pager" not in pages["regions/erewhon.md"]


def test_the_listing_edges_stated_plainly(taxonomy: Taxonomy) -> None:
    """The sizes of the pages at the edges, as a reader counts them (50 a page)."""
    assert S == 50
    sizes = {}
    for n in (25, 26, 49, 50, 51, 99, 100, 101, 149, 150):
        pages = _pages(taxonomy, _entries(n))
        sizes[n] = [len(hs) for _, hs in _walk(pages, "regions/erewhon.md", 2)]
    assert sizes == {
        25: [25], 26: [26], 49: [49], 50: [50], 51: [51], 99: [99],
        100: [50, 50], 101: [51, 50], 149: [99, 50], 150: [50, 50, 50],
    }  # fmt: skip


class _Keys:
    """A reuse that remembers nothing but records each page's key (its parts)."""

    def __init__(self) -> None:
        self.parts: dict[str, list[str]] = {}

    def reuse(self) -> Reuse:
        def recall(kind: str, parts: Sequence[str]) -> None:
            self.parts[parts[0]] = list(parts[1:])

        def ident(entries: Sequence[Entry]) -> str:
            return " ".join(f"{e.id}={e.article.headline}" for e in entries)

        return Reuse(recall=recall, ident=ident)


def _keyed(taxonomy: Taxonomy, entries: Sequence[Entry]) -> tuple[dict[str, str], _Keys]:
    keys = _Keys()
    pages = dict(
        Renderer(link_site(taxonomy, entries), reuse=keys.reuse()).render_region("erewhon")
    )
    return pages, keys


@pytest.mark.parametrize("n", [2 * S - 1, 2 * S, 2 * S + 1, 3 * S - 1, 3 * S + 7])
def test_a_new_briefing_leaves_every_numbered_page_as_it_was(taxonomy: Taxonomy, n: int) -> None:
    """A briefing newer than all: every old address of a numbered page shows what it
    showed, made of the same parts (so a build reuses it); only the listing's own page
    changes, and, when it has filled up, the page newer than the newest numbered page
    is a new one (whose "Newer" link is the one thing changed on that page)."""
    before, keys_before = _keyed(taxonomy, _entries(n))
    after, keys_after = _keyed(taxonomy, _entries(n + 1))
    numbered = sorted(src for src in before if "/page/" in src)
    grew = len(after) > len(before)
    assert grew == ((n + 1) % S == 0)
    for src in numbered:
        was, now = _read(before[src]), _read(after[src])
        assert now[0] == was[0] and now[2] == was[2]  # the same briefings, the same older
        if grew and src == numbered[-1]:  # its newer page is the new one
            assert now[1] != was[1] and before[src] != after[src]
            continue
        assert after[src] == before[src]
        assert keys_after.parts[src] == keys_before.parts[src]
    assert after["regions/erewhon.md"] != before["regions/erewhon.md"]
    if grew:
        new = f"regions/erewhon/page/{len(numbered) + 1}.md"
        assert set(after) - set(before) == {new}
        assert _read(after[new])[0] == _read(before["regions/erewhon.md"])[0][-S:]


def test_an_edited_headline_changes_the_one_numbered_page_listing_it(taxonomy: Taxonomy) -> None:
    entries = _entries(3 * S + 10)
    before, keys_before = _keyed(taxonomy, entries)
    edited = list(entries)
    edited[S + 3] = _entry(S + 3, headline="Fictional Erewhon story with an edited headline")
    after, keys_after = _keyed(taxonomy, edited)
    changed = sorted(src for src in before if after[src] != before[src])
    rekeyed = sorted(src for src in before if keys_after.parts[src] != keys_before.parts[src])
    assert changed == ["regions/erewhon/page/2.md"]
    # (the listing's own page is keyed by every entry: its charts and risks are over all)
    assert rekeyed == ["regions/erewhon.md", "regions/erewhon/page/2.md"]
    assert "Fictional Erewhon story with an edited headline" in after["regions/erewhon/page/2.md"]


def test_a_numbered_page_is_labelled_by_its_dates_and_counts_nothing_else(
    taxonomy: Taxonomy,
) -> None:
    """No "page 2 of 5" and no count of the listing on a numbered page (both change with
    every new briefing): its dates, in its title, heading and pager."""
    pages = _pages(taxonomy, _entries(3 * S + 10))
    one = pages["regions/erewhon/page/1.md"]  # entries 0-49: January 1 to 13, 2030
    front = yaml.safe_load(one.split("---\n")[1])
    assert front["title"] == "Erewhon, January 1 to 13, 2030"
    assert "# Erewhon, January 1 to 13, 2030\n" in one
    pager = BeautifulSoup(one, "html.parser").select_one("nav.bp-pager").get_text(" ", strip=True)
    assert pager == "‹ Newer January 1 to 13, 2030"
    assert front["updated"] == "2030-01-13"  # its own briefings' last change
    assert not re.search(r"[Pp]age \d|of \d|\(\d+\)", one)
    first = pages["regions/erewhon.md"]
    assert "## Briefings (160)" in first and "## Briefings {" in one


@pytest.mark.parametrize("what", ["theme", "month"])
def test_themes_and_months_page_the_same_way(taxonomy: Taxonomy, what: str) -> None:
    n = 2 * S + 20  # all in January 2030 (four a day)
    pages = _pages(taxonomy, _entries(n), what)
    first = next(src for src in pages if "/page/" not in src)
    older = _walk(pages, first, 2)
    assert [len(hs) for _, hs in older] == [S + 20, S]
    assert [h for _, hs in older for h in hs] == _newest_first(n)
    assert older[1][0].endswith("/page/1.md")


def test_generated_listing_pages_of_the_corpus(corpus_project: Path) -> None:
    """70 briefings, all under World: one page, as fewer than 100 make."""
    pages = generate(corpus_project / "content", corpus_project).pages
    assert CORPUS_N < 2 * S
    assert not [p for p in pages if "/page/" in p]


def _longdate(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def test_listings_are_newest_first(corpus_project: Path, corpus_site: Path) -> None:
    """World lists every entry, newest first (the same day: by id), as the entries' own
    files say."""
    articles = (corpus_project / "content" / "articles").rglob("*.yaml")
    entries = [yaml.safe_load(p.read_text("utf-8")) for p in articles]
    entries = [e for e in entries if "headline" in e]
    assert len(entries) == CORPUS_N
    expected = [
        (e["headline"], _longdate(e["date"]))
        for e in sorted(entries, key=lambda e: (-e["date"].toordinal(), e["id"]))
    ]
    assert len({d for _, d in expected}) > CORPUS_N // 2  # mostly different days: order matters
    listed = []
    for li in page_soup(corpus_site, "regions/world").select("ul.bp-entries > li"):
        first = li.select_one("p")
        dateline = re.sub(r"\s+", " ", first.get_text()).rsplit(" · ", 1)[-1]
        listed.append((li.select_one("a").get_text(), dateline))
    assert listed == expected


def test_listings_stay_out_of_search_and_articles_are_in_it(corpus_site: Path) -> None:
    records = search_records(corpus_site)
    world = records["/regions/world/"]["content"]
    listed = [a.get_text() for a in page_soup(corpus_site, "regions/world").select(".bp-entries a")]
    assert "World" in world and not [h for h in listed if h in world]
    assert sum(url.startswith("/articles/") for url in records) == CORPUS_N
