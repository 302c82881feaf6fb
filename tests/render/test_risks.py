"""A risk as a reader sees it, on its article page, on a listing's top risks and in the
feeds: its text, then what is known of it, each part only where the entry gives it
(one macro, ``templates/_risk.html.jinja``, says it for all of them)."""

from __future__ import annotations

from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup
from fictional import fictional_content, fictional_entry

from generator.build import Output, generate

RISKS = [
    {"text": "Ferries may stop.", "category": "economic", "likelihood": "likely", "impact": "high"},
    {"text": "Talks may stall.", "likelihood": "roughly even chance"},
    {"text": "Roads may *close*."},
]
#: What a reader reads of each, on a page and in a feed.
ON_PAGE = [
    "Ferries may stop. economic · likelihood: likely · impact: high",
    "Talks may stall. likelihood: roughly even chance",
    "Roads may close.",
]
IN_FEED = [
    "Ferries may stop. (economic · likelihood: likely · impact: high)",
    "Talks may stall. (likelihood: roughly even chance)",
    "Roads may close.",
]


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Output:
    folder = tmp_path_factory.mktemp("risks")
    content = fictional_content(folder, [fictional_entry(1, risks=RISKS)], keep_real=False)
    return generate(content, folder, site_url="https://example.org/b/")


def _read(li: Any) -> str:
    return " ".join(li.get_text().split())


def test_the_article_page_sets_what_is_known_apart_from_the_risk(output: Output) -> None:
    page = output.pages["articles/fictional-erewhon-001.md"]
    risks = page.split("## Risks", 1)[1]
    items = BeautifulSoup(risks, "html.parser").find("ul")("li")
    assert [_read(li) for li in items] == ON_PAGE
    metas = [li.find("span", class_="bp-risk-meta") for li in items]
    assert [m.get_text() if m else None for m in metas] == [
        "economic · likelihood: likely · impact: high",
        "likelihood: roughly even chance",
        None,
    ]
    assert items[2].find("em").get_text() == "close"  # the text's inline Markdown


def test_a_listing_shows_the_same_risk_line_with_its_entry(output: Output) -> None:
    page = output.pages["regions/erewhon.md"]
    risks = page.split("## Top risks", 1)[1]
    items = BeautifulSoup(risks, "html.parser").find("ul")("li")
    source = "(Fictional test entry 1 about Erewhon, January 2, 2030)"
    assert sorted(_read(li) for li in items) == sorted(f"{line} {source}" for line in ON_PAGE)


def test_the_feeds_say_what_is_known_in_parentheses(output: Output) -> None:
    feed = feedparser.parse(output.files["feeds/all.xml"])
    assert not feed.bozo
    html = feed.entries[0].content[0].value
    soup = BeautifulSoup(html, "html.parser")
    heading = soup.find("h2", string="Risks")
    assert heading is not None
    assert [_read(li) for li in heading.find_next_sibling("ul")("li")] == IN_FEED
