"""The search page (/search/) as a reader uses it, in Chromium: words narrowed by region
(a region includes the places within it), theme, kind and dates; facets alone list the
matches newest first, across every shard of a sharded index; the view is its address, so
a link, a reload, back and forward show it again.

The real project (``served_site``) for the issue's own checks; a fictional one
(``facet_site``: invented regions of the invented Erewhon, entries whose dates do not
follow their ids, indexed in shards of 6 pages) for the rules.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from assessed import assessment, write_assessments
from conftest import copy_project, search_records, served_as_published
from fictional import fictional_content, fictional_entry
from servers import StaticSite

from .conftest import new_reader, reading
from .reader import Reader

pytestmark = pytest.mark.browser
SEED_HEADLINE = "Pakistan Reports 145 Militants Killed"


def results(reader: Reader) -> list[str]:
    """The headlines listed, in order, once the page shows the view of its address."""
    reader.page.wait_for_function(
        "() => { const p = document.querySelector('[data-bp-search-page]');"
        " return p && p.getAttribute('data-bp-shown') === location.search; }"
    )
    return [t.strip() for t in reader.page.locator(".bp-result__title").all_inner_texts()]


def back_or_forward(reader: Reader, step: str, address: str, *, first: bool = False) -> None:
    """Go back or forward to the view at ``address`` (a pattern). The ``first`` such step
    after a full load, Material's instant navigation fetches the page again and swaps it
    in (it does so on any page), and the new page shows its address anew: wait until the
    old one is gone."""
    old = reader.page.locator("[data-bp-search-page]").element_handle()
    if first:
        with reader.page.expect_response(lambda r: r.url.split("?")[0].endswith("/search/")):
            getattr(reader.page, f"go_{step}")()
        reader.page.wait_for_function("el => !el.isConnected", arg=old)
    else:
        getattr(reader.page, f"go_{step}")()
    reader.page.wait_for_url(re.compile(address))


def status(reader: Reader) -> str:
    return str(reader.page.locator("[data-bp-search-status]").inner_text())


# ---- The checks, on the real site ------------------------------------------------


def test_herof_in_pakistan_lists_the_seed_article_with_its_date(reader: Reader) -> None:
    reader.open("search/?q=Herof&region=pk")  # the seed is filed under Balochistan
    assert any(SEED_HEADLINE in h for h in results(reader))
    hit = reader.page.locator(".bp-result", has_text=SEED_HEADLINE)
    assert hit.locator("time").get_attribute("datetime") == "2026-02-01"
    assert "February 1, 2026" in hit.inner_text()
    assert "Balochistan" in hit.locator(".bp-chip").all_inner_texts()
    assert hit.locator("mark", has_text="Herof").count()  # the matching excerpt
    assert reader.page.locator("input[name='region'][value='pk']").is_checked()
    assert reader.page.locator("#bp-search-q").input_value() == "Herof"


def test_herof_under_nuclear_does_not_list_it(reader: Reader) -> None:
    reader.open("search/?q=Herof&theme=nuclear")
    assert results(reader) == []
    assert status(reader) == "No results."
    reader.open("search/?q=Herof&theme=insurgency")  # the same words, the seed's theme
    assert any(SEED_HEADLINE in h for h in results(reader))


def test_rafah_in_pakistan_lists_no_rafah_story(reader: Reader) -> None:
    reader.open("search/?q=Rafah")
    assert sum("Rafah" in h for h in results(reader)) == 3  # the words alone find them
    reader.open("search/?q=Rafah&region=pk")
    assert not [h for h in results(reader) if "Rafah" in h]


def test_the_filter_survives_a_reload(reader: Reader) -> None:
    reader.open("search/?q=Herof")
    assert any(SEED_HEADLINE in h for h in results(reader))
    reader.page.get_by_label("Pakistan", exact=True).check()  # a reader narrows
    reader.page.wait_for_url(re.compile(r"\?q=Herof&region=pk$"))
    assert any(SEED_HEADLINE in h for h in results(reader))
    reader.page.reload()
    assert reader.page.get_by_label("Pakistan", exact=True).is_checked()
    assert any(SEED_HEADLINE in h for h in results(reader))
    reader.page.get_by_label("Nuclear").check()
    reader.page.wait_for_url(re.compile(r"theme=nuclear"))
    assert results(reader) == []
    reader.page.reload()
    assert reader.page.get_by_label("Nuclear").is_checked()
    assert results(reader) == []


def test_the_header_box_opens_the_search_page_with_the_words(reader: Reader) -> None:
    reader.open("about/", instant=True)
    box = reader.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Herof", delay=20)
    reader.page.locator(".md-search-result mark", has_text="Herof").first.wait_for()
    link = reader.page.locator(".bp-search-all a")
    assert "All results" in link.inner_text()
    box.press("Enter")
    reader.page.wait_for_url(reader.url("search/?q=Herof"))
    assert any(SEED_HEADLINE in h for h in results(reader))
    # On the search page, the header box searches there, as a new step in the history.
    box.click()
    box.fill("")
    box.press_sequentially("Rafah", delay=20)
    reader.page.locator(".bp-search-all a").click()
    reader.page.wait_for_url(reader.url("search/?q=Rafah"))
    assert reader.page.locator("#bp-search-q").input_value() == "Rafah"
    assert sum("Rafah" in h for h in results(reader)) == 3
    back_or_forward(reader, "back", r"search/\?q=Herof$", first=True)
    assert any(SEED_HEADLINE in h for h in results(reader))


def test_region_and_theme_pages_search_within_themselves(reader: Reader) -> None:
    reader.open("regions/pk/", instant=True)
    reader.page.get_by_role("link", name="Search within Pakistan").click()
    reader.page.wait_for_url(reader.url("search/?region=pk"))  # swapped in: Material's
    listed = results(reader)  # instant navigation, which keeps briefing.js running
    assert len(listed) == 1 and SEED_HEADLINE in listed[0]
    assert reader.page.get_by_label("Pakistan", exact=True).is_checked()
    reader.open("themes/humanitarian/")
    reader.page.get_by_role("link", name="Search within Humanitarian").click()
    reader.page.wait_for_url(reader.url("search/?theme=humanitarian"))
    assert sum("Rafah" in h for h in results(reader)) == 3


def test_without_javascript_the_page_says_so_and_links_to_the_listings(
    browser: Any, served_site: StaticSite
) -> None:
    reader = new_reader(browser, served_site.base, java_script_enabled=False)
    try:
        reader.open("search/?q=Herof")
        note = reader.page.locator(".bp-noscript")
        assert "Search needs JavaScript" in note.inner_text()
        hrefs = [a.get_attribute("href") for a in note.locator("a").all()]
        assert hrefs == ["../regions/", "../themes/", "../archive/"]
    finally:
        reader.page.context.close()


# ---- The rules, on a fictional sharded site -------------------------------------------

#: (number, day, region, theme, kind): ids do not follow dates, so each shard holds
#: entries of many dates and Pagefind's interleaving by rank would misorder them. The last
#: two are assessments (``tests/assessed.py``): a kind of their own, of no theme; one on
#: the day of two entries (the entries come first: the site orders a day by address).
FACETED: list[tuple[int, str, str, str | None, str]] = [
    (1, "2030-03-01", "north-erewhon", "insurgency", "brief"),
    (2, "2030-01-15", "erewhon", "insurgency", "article"),
    (3, "2030-02-28", "cold-harbour", "nuclear", "article"),
    (4, "2030-01-31", "north-erewhon", "nuclear", "article"),
    (5, "2030-02-01", "erewhon", "humanitarian", "article"),
    (6, "2030-04-10", "cold-harbour", "humanitarian", "brief"),
    (7, "2030-02-01", "cold-harbour", "insurgency", "brief"),
    (8, "2030-01-02", "erewhon", "diplomacy", "article"),
    (9, "2030-03-20", "north-erewhon", "diplomacy", "article"),
    (10, "2030-02-14", "erewhon", "nuclear", "brief"),
    (11, "2030-03-31", "cold-harbour", "insurgency", "article"),
    (12, "2030-01-20", "north-erewhon", "humanitarian", "article"),
    (13, "2030-02-01", "north-erewhon", None, "assessment"),
    (14, "2030-04-10", "erewhon", None, "assessment"),
]
ENTRIES = [r for r in FACETED if r[4] != "assessment"]
#: North Erewhon is within Erewhon; Cold Harbour within North Erewhon.
SUBREGIONS = """
  - id: north-erewhon
    name: North Erewhon
    parent: erewhon
    lat: -45.5
    lon: -125.0
    source: invented for tests (open South Pacific, where no land is)
  - id: cold-harbour
    name: Cold Harbour
    parent: north-erewhon
    lat: -45.2
    lon: -124.6
    source: invented for tests (open South Pacific, where no land is)
"""


def headline(i: int) -> str:
    row = next(r for r in FACETED if r[0] == i)
    if row[4] == "assessment":
        return f"Test assessment of {row[2]} on {row[1]}"
    return f"Fictional test entry {i} about Erewhon"


def address(row: tuple[int, str, str, str | None, str]) -> str:
    if row[4] == "assessment":
        return f"assessments/{row[2]}/{row[1]}/"
    return f"articles/fictional-erewhon-{row[0]:03d}/"


def newest_first(rows: list[tuple[int, str, str, str | None, str]]) -> list[str]:
    """Headlines in the site's order: newest first, then by address."""
    ordered = sorted(rows, key=lambda r: (-dt.date.fromisoformat(r[1]).toordinal(), address(r)))
    return [headline(r[0]) for r in ordered]


@pytest.fixture(scope="module")
def facet_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticSite]:
    project = copy_project(tmp_path_factory.mktemp("facets"), search_shard_pages=6)
    entries = [
        fictional_entry(i, date=day, regions=[region], themes=[theme], kind=kind)
        for i, day, region, theme, kind in ENTRIES
    ]
    shutil.rmtree(project / "content" / "articles")  # the real pages stay, not the entries
    content = fictional_content(project, entries, keep_real=False)
    write_assessments(content, [assessment(r[2], r[1]) for r in FACETED if r[4] == "assessment"])
    tax = content / "taxonomy.yaml"
    tax.write_text(tax.read_text("utf-8").replace("\nthemes:", SUBREGIONS + "\nthemes:", 1))
    with served_as_published(project) as site:
        yield site


@pytest.fixture()
def facets(browser: Any, facet_site: StaticSite) -> Iterator[Reader]:
    with reading(browser, facet_site.base) as reader:
        yield reader


def lists(reader: Reader, facets: str, expected: list[str]) -> None:
    """The view of ``facets`` alone (the site's own listing data) and with words (Pagefind's
    filters, sorted newest first across its shards) list ``expected``, in order."""
    reader.open(f"search/?{facets}")
    assert results(reader) == expected, facets
    reader.open(f"search/?q=invented&{facets}&sort=date")  # every entry has the word
    assert results(reader) == expected, f"q=invented&{facets}"


def test_the_fictional_entries_are_spread_over_shards(facet_site: StaticSite) -> None:
    shards = {p.parent.parent for p in (facet_site.root / "pagefind").rglob("*.pf_fragment")}
    articles = [u for u in search_records(facet_site.root) if u.startswith("/articles/")]
    assert len(shards) >= 3 and len(articles) == len(ENTRIES)


def test_facets_alone_list_newest_first(facets: Reader) -> None:
    facets.open("search/?region=erewhon")
    assert results(facets) == newest_first(FACETED)
    assert status(facets) == f"{len(FACETED)} results, newest first."
    # What a result shows: the standfirst, as there are no words to show in context.
    first = facets.page.locator(".bp-result").first
    assert "An invented story number 6, for tests only." in first.inner_text()
    assert first.locator("time").get_attribute("datetime") == "2030-04-10"
    assert first.locator(".bp-chip").all_inner_texts() == ["Cold Harbour"]
    # Nothing of Pagefind was needed.
    assert not [u for u in facets.requests if "/pagefind/" in u]


def test_words_sorted_newest_first_across_shards(facets: Reader) -> None:
    """Pages that are no entry carry the sort key too (else Pagefind drops them from
    sorted results, #259): they come after the entries."""
    facets.open("search/?q=Erewhon&sort=date")
    listed = results(facets)
    assert listed[: len(FACETED)] == newest_first(FACETED)
    assert {"Erewhon", "North Erewhon", "Cold Harbour"} <= set(listed[len(FACETED) :])
    facets.open("search/?q=Erewhon")  # by relevance: the same pages
    assert sorted(results(facets)) == sorted(listed)


def test_choosing_a_region_includes_the_places_within_it(facets: Reader) -> None:
    facets.open("search/")
    facets.page.get_by_label("North Erewhon").focus()
    facets.page.keyboard.press("Space")  # a real checkbox: the keyboard works it
    facets.page.wait_for_url(re.compile(r"\?region=north-erewhon$"))
    within = [r for r in FACETED if r[2] in ("north-erewhon", "cold-harbour")]
    assert results(facets) == newest_first(within)
    lists(facets, "region=north-erewhon", newest_first(within))
    lists(
        facets, "region=cold-harbour", newest_first([r for r in FACETED if r[2] == "cold-harbour"])
    )
    both = [r for r in FACETED if r[2] in ("erewhon", "cold-harbour")]  # any of two
    lists(facets, "region=erewhon&region=cold-harbour", newest_first(FACETED))
    lists(facets, "region=cold-harbour&region=north-erewhon", newest_first(within))
    assert both  # (Erewhon includes every entry: its children's too)


def test_kind_and_theme_narrow_and_combine(facets: Reader) -> None:
    lists(facets, "kind=brief", newest_first([r for r in FACETED if r[4] == "brief"]))
    lists(facets, "kind=article", newest_first([r for r in FACETED if r[4] == "article"]))
    assessed = [r for r in FACETED if r[4] == "assessment"]
    lists(facets, "kind=assessment", newest_first(assessed))
    lists(facets, "kind=assessment&region=cold-harbour", [])
    lists(
        facets,
        "kind=assessment&kind=brief",
        newest_first([*assessed, *(r for r in FACETED if r[4] == "brief")]),
    )
    expected = [r for r in FACETED if r[4] == "brief" and r[3] in ("insurgency", "nuclear")]
    lists(facets, "kind=brief&theme=insurgency&theme=nuclear", newest_first(expected))
    assert all("brief" in m for m in facets.page.locator(".bp-result__meta").all_inner_texts())


@pytest.mark.parametrize(
    ("dates", "days"),
    [
        ("from=2030-02-01&to=2030-02-28", ("2030-02-01", "2030-02-28")),  # a whole month
        ("to=2030-01-31", ("2030-01-01", "2030-01-31")),  # open start, the month's last day
        ("from=2030-02-01", ("2030-02-01", "2030-12-31")),  # open end, the month's first
        ("from=2030-01-31&to=2030-02-01", ("2030-01-31", "2030-02-01")),  # across the edge
        ("from=2030-02-02&to=2030-02-13", ("2030-02-02", "2030-02-13")),  # none in it
    ],
)
def test_a_date_range_includes_both_its_days_and_nothing_beyond(
    facets: Reader, dates: str, days: tuple[str, str]
) -> None:
    expected = [r for r in FACETED if days[0] <= r[1] <= days[1]]
    lists(facets, dates, newest_first(expected))
    expected = [r for r in expected if r[2] in ("north-erewhon", "cold-harbour")]
    lists(facets, f"region=north-erewhon&{dates}", newest_first(expected))  # and a region


def test_back_and_forward_show_each_view_again(facets: Reader) -> None:
    page = facets.page
    facets.open("search/?region=erewhon")
    everything = results(facets)
    page.get_by_label("Nuclear").check()
    page.wait_for_url(re.compile(r"\?region=erewhon&theme=nuclear$"))
    nuclear = newest_first([r for r in FACETED if r[3] == "nuclear"])
    assert results(facets) == nuclear
    page.get_by_label("Briefs").check()
    page.wait_for_url(re.compile(r"&kind=brief$"))
    assert results(facets) == [headline(10)]
    back_or_forward(facets, "back", r"theme=nuclear$", first=True)
    assert results(facets) == nuclear
    assert not page.get_by_label("Briefs").is_checked()
    back_or_forward(facets, "back", r"\?region=erewhon$")
    assert results(facets) == everything
    assert not page.get_by_label("Nuclear").is_checked()
    back_or_forward(facets, "forward", r"theme=nuclear$")
    assert results(facets) == nuclear
    assert page.get_by_label("Nuclear").is_checked()
