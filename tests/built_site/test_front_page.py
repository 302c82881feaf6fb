"""The front page reads like a briefing: the heading, the lead story (the newest full
article: its dek, its key figure and its regions), the latest briefings as compact items
(date, section, headline, region chips), the overview chart, the ways in (regions, themes,
archive) and, last, what the briefing is. Briefs (a headline and a date) never lead and
are marked as briefs. Checked on the real site and on a fictional one built for it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import ROOT, SEED_ID, copy_project, mkdocs_build, page_soup
from fictional import fictional_content, fictional_entry

SEED_HEADLINE = "Pakistan Reports 145 Militants Killed After Coordinated Attacks in Balochistan"


def _text(el: Tag | None) -> str:
    """Text as read: whitespace collapsed, without Material's permalink signs."""
    assert el is not None
    words = [s for s in el.find_all(string=True) if not s.find_parent(class_="headerlink")]
    text = re.sub(r"\s+", " ", " ".join(words)).strip()
    return text.replace(" ,", ",").replace(" .", ".")


def _home(site: Path) -> Tag:
    soup = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    main = soup.select_one("article.md-content__inner")
    assert main is not None
    return main


def _items(main: Tag) -> list[dict[str, object]]:
    """Each compact item of "Latest briefings" as a reader reads it."""
    return [
        {
            "dateline": _text(li.select_one(".bp-dateline")),
            "headline": _text(li.select_one(".bp-item-headline a")),
            "href": li.select_one(".bp-item-headline a")["href"],
            "chips": [a.get_text() for a in li.select(".bp-chips a.bp-chip")],
            "more": li.select("p:not(.bp-dateline):not(.bp-item-headline):not(.bp-chips)"),
        }
        for li in main.select("ul.bp-items > li")
    ]


def test_the_seed_leads_the_real_front_page_and_the_briefs_follow(built_site: Path) -> None:
    main = _home(built_site)
    # What comes first: the heading, then at once the lead story (the alerts' slot above it
    # renders nothing while there are no alerts).
    first = [el for el in main.children if isinstance(el, Tag)]
    assert first[0].name == "h1" and _text(first[0]).startswith("Regional risk briefing")
    assert first[1].name == "article" and "bp-lead" in first[1]["class"]

    lead = first[1]
    assert _text(lead.select_one(".bp-dateline")) == "World · February 1, 2026"
    headline = lead.select_one("h2 a")
    assert _text(headline) == SEED_HEADLINE
    assert headline["href"] == f"articles/{SEED_ID}/"
    assert _text(lead.select_one(".bp-dek")).startswith("Provincial authorities say intensified")
    assert _text(lead.select_one(".bp-key-figure")) == (
        "145 militants killed, reported by Sarfaraz Bugti, chief minister of Balochistan "
        "(press conference in Quetta) on February 1, 2026 (official). "
        "Every figure, with its source"
    )
    assert lead.select_one(".bp-key-figure a")["href"] == f"articles/{SEED_ID}/#casualty-figures"
    chips = [a.get_text() for a in lead.select(".bp-chips a")]
    assert chips == ["Balochistan", "Quetta", "Gwadar", "Mastung", "Noshki"]

    # The five briefs, newer than the seed, follow as compact items marked as briefs; the
    # lead story is not listed again.
    items = _items(main)
    assert len(items) == 5
    assert all(i["dateline"] == "World · February 2, 2026 · Brief" for i in items)
    assert all(i["more"] == [] for i in items)  # date, section, headline, chips: no more
    assert items[0]["headline"].startswith("Kremlin says Russia has long offered")
    assert items[0]["chips"] == ["Russia", "Iran"]
    assert not any(SEED_ID in str(i["href"]) for i in items)


def test_the_front_page_is_in_reading_order(built_site: Path) -> None:
    main = _home(built_site)
    order = [_text(h) for h in main.find_all(["h1", "h2"])]
    assert order == [
        "Regional risk briefing",
        SEED_HEADLINE,
        "Latest briefings",
        "Where the briefings are",
        "Overview",
        "Regions",
        "Themes",
        "Archive",
        "About this briefing",
    ]
    h2 = {_text(h): h for h in main.find_all("h2")}
    assert h2["Overview"].find_next_sibling("figure").select_one(".bp-chart[data-figure]")
    archive = h2["Archive"].find_next_sibling("p")
    assert [a.get_text() for a in archive.select("a")] == ["February 2026 · 6"]
    about = h2["About this briefing"].find_next_sibling("p")
    assert _text(about).startswith("Briefings on security and political risk")


def test_region_pages_give_the_risks_before_the_chart(built_site: Path) -> None:
    soup = page_soup(built_site, "regions/pk-ba")
    headings = [_text(h) for h in soup.select("article.md-content__inner h2")]
    assert headings.index("Top risks") < headings.index("Casualties over time")


# A fictional briefing: briefs newer than every article, an older article with a larger
# figure that was superseded, and a figure of an unspecified group.
NEWER_BRIEF = fictional_entry(9, kind="brief", headline="Fictional brief, newest of all")
for field in ("dek", "summary", "body"):
    NEWER_BRIEF.pop(field)
LEAD = fictional_entry(
    5,
    headline="Fictional lead story about Erewhon",
    casualties=[
        {"group": "civilians", "killed": 40, "reported_by": "Erewhon office",
         "reported_on": "2030-01-05", "status": "claimed", "superseded": True},
        {"group": "civilians", "killed": 12, "reported_by": "Erewhon office",
         "reported_on": "2030-01-06", "status": "official"},
        {"group": "unspecified", "killed": 30, "reported_by": "Velmora desk",
         "reported_on": "2030-01-06", "status": "claimed"},
    ],
)  # fmt: skip
OLDER = fictional_entry(2, headline="Fictional older article")


def _build(project: Path, entries: list[dict[str, object]]) -> Path:
    """The project with only ``entries`` (and the hand-written pages), built."""
    shutil.rmtree(project / "content")
    content = fictional_content(project, entries, keep_real=False)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    shutil.copy2(ROOT / "content" / "home.md", content / "home.md")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def fictional_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(copy_project(tmp_path_factory.mktemp("front")), [NEWER_BRIEF, LEAD, OLDER])


def test_the_newest_full_article_leads_never_a_brief(fictional_site: Path) -> None:
    main = _home(fictional_site)
    lead = main.select_one("article.bp-lead")
    assert lead is not None
    assert _text(lead.select_one("h2")) == "Fictional lead story about Erewhon"
    # The largest current figure: the superseded 40 is not the key figure; 30 of a group
    # the source did not name reads "30 killed".
    assert _text(lead.select_one(".bp-key-figure")).startswith(
        "30 killed, reported by Velmora desk on January 6, 2030 (claimed)."
    )
    items = _items(main)
    assert [i["headline"] for i in items] == [
        "Fictional brief, newest of all",
        "Fictional older article",
    ]
    assert items[0]["dateline"] == "Fiction · January 10, 2030 · Brief"
    assert items[1]["dateline"] == "Fiction · January 3, 2030"


def test_without_a_full_article_no_story_leads(tmp_path: Path) -> None:
    """Briefs only: no lead story; every brief is a compact item."""
    main = _home(_build(copy_project(tmp_path), [NEWER_BRIEF]))
    assert main.select("article.bp-lead") == []
    assert [i["headline"] for i in _items(main)] == ["Fictional brief, newest of all"]
