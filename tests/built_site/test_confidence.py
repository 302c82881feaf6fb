"""A risk's ``confidence`` (the analyst's confidence in the judgement) as readers get it:
on the article page beside the risk's grades, in the feeds, in ``data/risks.csv`` and
``data/articles.json``, and in the field reference; a risk that states none shows none.
One real ``mkdocs build --strict`` of a fictional site."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build, page_soup, published_articles
from fictional import fictional_entry, fictional_project

SITE_URL = "https://briefing.example.org/"
GRADED = {
    "text": "Ferry crossings to Erewhon may stop for a week.",
    "category": "economic",
    "likelihood": "likely",
    "impact": "moderate",
    "confidence": "moderate",
}
ONLY_CONFIDENCE = {"text": "+2 weeks of talks in Erewhon may stall.", "confidence": "low"}
UNGRADED = {"text": "Roads may close."}
ENTRY = fictional_entry(1, risks=[GRADED, ONLY_CONFIDENCE, UNGRADED])
PAGE = f"articles/{ENTRY['id']}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = fictional_project(tmp_path_factory.mktemp("confidence"), [ENTRY])
    site = project / "site"
    result = mkdocs_build(project, site, env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    return site


def _read(node: object) -> str:
    return re.sub(r"\s+", " ", node.get_text()).strip()  # type: ignore[attr-defined]


def test_the_article_page_shows_the_confidence_with_the_risk(site: Path) -> None:
    soup = page_soup(site, PAGE)
    heading = soup.find("h2", id="risks")
    assert heading is not None
    items = heading.find_next_sibling("ul")("li")
    metas = [li.find("span", class_="bp-risk-meta") for li in items]
    assert [_read(m) if m else None for m in metas] == [
        "economic · likelihood: likely · impact: moderate · confidence: moderate",
        "confidence: low",
        None,
    ]
    assert _read(items[1]) == "+2 weeks of talks in Erewhon may stall. confidence: low"


def test_the_feeds_carry_the_confidence(site: Path) -> None:
    feed = feedparser.parse((site / "feeds/all.xml").read_bytes())
    assert not feed.bozo
    (entry,) = [e for e in feed.entries if e.link == f"{SITE_URL}{PAGE}/"]
    soup = BeautifulSoup(entry.content[0].value, "html.parser")
    risks = soup.find("h2", string="Risks").find_next_sibling("ul")("li")
    graded = "economic · likelihood: likely · impact: moderate · confidence: moderate"
    assert [_read(li) for li in risks] == [
        f"{GRADED['text']} ({graded})",
        "+2 weeks of talks in Erewhon may stall. (confidence: low)",
        "Roads may close.",
    ]
    json_feed = json.loads((site / "feeds/all.json").read_text("utf-8"))
    (item,) = [i for i in json_feed["items"] if i["url"] == f"{SITE_URL}{PAGE}/"]
    assert "(confidence: low)" in item["content_html"]


def test_risks_csv_has_a_row_per_risk_with_its_confidence(site: Path) -> None:
    raw = (site / "data/risks.csv").read_bytes()
    assert raw.startswith(b"article_id,") and b"\r\n" in raw  # UTF-8, no BOM, RFC 4180
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == [
        "article_id",
        "article_date",
        "article_url",
        "regions",
        "category",
        "likelihood",
        "impact",
        "confidence",
        "text",
    ]
    ours = [r for r in rows if r["article_id"] == ENTRY["id"]]
    assert [(r["category"], r["likelihood"], r["impact"], r["confidence"]) for r in ours] == [
        ("economic", "likely", "moderate", "moderate"),
        ("", "", "", "low"),
        ("", "", "", ""),
    ]
    assert ours[1]["text"] == "'+2 weeks of talks in Erewhon may stall."  # never run as a formula
    assert {r["article_url"] for r in ours} == {f"{SITE_URL}{PAGE}/"}
    assert {r["article_date"] for r in ours} == {ENTRY["date"]}
    assert {r["regions"] for r in ours} == {"erewhon"}
    # The shipped entries' risks are there too, stating no confidence.
    assert len(rows) > len(ours) and all(r["confidence"] == "" for r in rows if r not in ours)


def test_articles_json_and_the_field_reference_have_it(site: Path) -> None:
    _, articles = published_articles(site)
    (article,) = [a for a in articles if a["id"] == ENTRY["id"]]
    # a risk that states none has no "confidence" (left out, not null: methodology.md)
    assert [r.get("confidence", "left out") for r in article["risks"]] == [
        "moderate",
        "low",
        "left out",
    ]
    methodology = page_soup(site, "methodology")
    hrefs = {a["href"] for a in methodology.select("article a[href*='data/']")}
    assert "../data/risks.csv" in hrefs
    reference = page_soup(site, "reference")
    # each cell read apart, as a reader sees a table (no whitespace between them: compact.py)
    cells = [" ".join(_read(cell) for cell in tr.select("th, td")) for tr in reference("tr")]
    rows = [row for row in cells if "confidence" in row]
    assert rows and rows[0].startswith("confidence one of low, moderate, high no")
