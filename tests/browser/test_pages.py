"""Region and theme pages as a reader moves through them: every chip on the seed article
leads to a page that lists it, and breadcrumbs lead up the region tree. (That every link
and feed of the served site resolves is checked without a browser: test_crawl.py.)"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import SEED_ID
from servers import fetch

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
    reader.scroll_to_charts()
    chips = reader.page.locator(".bp-chips a.bp-chip")
    hrefs = chips.evaluate_all("links => links.map(a => a.href)")
    targets = dict(zip(chips.all_inner_texts(), hrefs, strict=True))
    assert {"Balochistan", "Quetta", "Noshki", "Insurgency", "Diplomacy"} <= set(targets)

    # The reader clicks a region chip and a theme chip (instant navigation) ...
    for name in ("Balochistan", "Insurgency"):
        reader.follow(targets[name].removeprefix(reader.base), name)
        assert _lists_the_seed(reader), f"the {name} page does not list the seed article"
        reader.scroll_to_charts()
        reader.page.go_back()
        reader.wait_for_page(ARTICLE, HEADLINE)
    reader.assert_clean()

    # ... and every chip's page, as served, lists the seed under "Briefings".
    for name, url in targets.items():
        status, _, body = fetch(url)
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
    reader.scroll_to_charts()
    reader.page.locator(".bp-breadcrumb a", has_text="Themes").click()
    reader.wait_for_page("themes/", "Themes")
    reader.page.locator(".md-content a", has_text="Insurgency").first.click()
    reader.wait_for_page("themes/insurgency/", "Insurgency")
    reader.assert_clean()
