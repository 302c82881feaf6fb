"""Issue 13's "Done when", built by the real ``mkdocs build --strict`` and read as a reader
reads it: two assessments of pk-ba (``tests/assessed.py``) on a copy of the project.

January: medium, unchanged, one *likely* judgement that happened. February: high,
deteriorated, a risk alert, citing the seed article, one *unlikely* judgement that did
not happen. Brier ((0.675 - 1)^2 + (0.325 - 0)^2) / 2 = 0.105625, shown 0.11.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import feedparser
from bs4 import BeautifulSoup
from conftest import SEED_ID, copy_project, mkdocs_build, page_soup, page_text, search_records
from servers import StaticSite

FEB = "assessments/pk-ba/2026-02-01/"
JAN = "assessments/pk-ba/2026-01-15/"


def _text(node: object) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()  # type: ignore[attr-defined]


def _hrefs(site: StaticSite, page: str, links: list) -> list[str]:
    """Where each link on ``page`` leads, as a browser resolves it."""
    return [urljoin(site.base + page, a["href"]) for a in links]


def check_json_feed(doc: dict) -> None:
    """JSON Feed 1.1's requirements (https://jsonfeed.org/version/1.1): feedparser 6.0
    reads no JSON Feed, so they are checked here, as tests/render/test_feeds.py does."""
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(doc["title"], str) and doc["title"]
    for item in doc["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_html") or item.get("content_text")
        for key in ("date_published", "date_modified"):
            dt.datetime.fromisoformat(item[key])  # RFC 3339


def test_region_page_leads_with_the_february_assessment(assessed_site: StaticSite) -> None:
    site = assessed_site.root
    soup = page_soup(site, "regions/pk-ba")
    content = soup.select_one("article.md-content__inner")
    h1 = content.find("h1")
    lead = h1.find_next(class_=["bp-region-assessment", "bp-follow", "bp-entries"])
    assert "bp-region-assessment" in lead["class"], "the assessment is not the first thing"
    badge = lead.select_one(".bp-level")
    assert _text(badge) == "high" and "bp-level--high" in badge["class"]
    assert "▲ deteriorated" in _text(lead.select_one(".bp-trend"))
    assert lead.select_one(".bp-trend [aria-hidden=true]").get_text() == "▲"
    assert "as of 1 February 2026" in _text(lead)
    assert _text(lead.select_one(".bp-alert")) == "Risk alert: Test fixture: an invented alert."
    assert set(_hrefs(assessed_site, "regions/pk-ba/", lead.select("a"))) == {
        assessed_site.base + FEB
    }
    assert "Test fixture: February assessment" in _text(lead)
    assert "Coordinated attacks raised the level" in _text(lead)
    # the level over time, a step through both, with its table; both judgements
    figure = json.loads(soup.select_one("#chart-level-over-time .bp-chart")["data-figure"])
    step = figure["data"][0]
    assert step["line"]["shape"] == "hv" and step["x"] == ["2026-01-15", "2026-02-01"]
    assert step["y"] == [2, 3]
    marks = {t["name"]: t["marker"]["symbol"] for t in figure["data"][1:]}
    assert marks == {"Deteriorated": "triangle-up", "Unchanged": "circle"}
    text = page_text(site, "regions/pk-ba")
    assert (
        "2026-01-15 medium unchanged" in text and "2026-02-01 high deteriorated Risk alert" in text
    )
    assert "Did not happen (1 March 2026)" in text and "Happened (1 February 2026)" in text


def test_parent_region_shows_its_childrens_levels(assessed_site: StaticSite) -> None:
    table = page_soup(assessed_site.root, "regions/pk").select_one("table.bp-levels")
    rows = [[_text(c) for c in tr.select("th, td")] for tr in table.select("tbody tr")]
    assert rows == [["Balochistan", "high", "▲ deteriorated", "1 February 2026"]]
    assert "No assessment of Pakistan yet." in page_text(assessed_site.root, "regions/pk")


def test_watchlist_lists_balochistan_as_deteriorated_with_its_alert(
    assessed_site: StaticSite,
) -> None:
    soup = page_soup(assessed_site.root, "watch")
    tables = soup.select("table.bp-watch")
    assert [_text(t.caption) for t in tables] == ["Alerts (1)"]
    row = [_text(c) for c in tables[0].select("tbody tr")[0].select("th, td")]
    assert row[:4] == ["Balochistan", "high", "▲ deteriorated", "1 February 2026"]
    assert row[4] == (
        "Risk alert: Test fixture: an invented alert. "
        "Coordinated attacks raised the level in this invented case."
    )
    nav = {_text(a) for a in soup.select("nav.md-tabs a, nav.md-nav--primary a")}
    assert "Watchlist" in nav


def test_the_watchlist_maps_each_level_with_its_trend(assessed_site: StaticSite) -> None:
    """The watchlist's map: Balochistan coloured by its level (its place on the scale of
    five) with its trend in the hover text and in the table beside the map."""
    soup = page_soup(assessed_site.root, "watch")
    block = soup.select_one("#chart-map")
    assert block is not None
    data = json.loads(block.select_one(".bp-chart[data-map]")["data-figure"])["data"]
    level = next(t for t in data if t["meta"] == "level")
    assert level["locations"] == ["PK-BA"] and level["z"] == [3]  # high: 3 of 0..4
    assert level["zmin"] == 0 and level["zmax"] == 4
    assert level["text"] == ["Balochistan · high · ▲ deteriorated · 1 February 2026"]
    table = block.find_next_sibling(class_="bp-table-wrap").select_one("table")
    rows = [[_text(c) for c in tr.select("th, td")] for tr in table.select("tbody tr")]
    assert rows == [["Balochistan", "high", "deteriorated", "1 February 2026"]]
    january = page_soup(assessed_site.root, "watch/2026/01").select_one("#chart-map .bp-chart")
    assert json.loads(january["data-figure"])["data"][1]["z"] == [2]  # medium, then


def test_the_front_page_map_is_coloured_by_level_once_there_are_assessments(
    assessed_site: StaticSite,
) -> None:
    """Balochistan, assessed high, on the scale's colours; the regions of recent briefings
    not assessed (Palestine, Russia ...) in the plain colour, said so in the table."""
    block = page_soup(assessed_site.root, "").select_one("#chart-map")
    assert block is not None
    data = json.loads(block.select_one(".bp-chart[data-map]")["data-figure"])["data"]
    level = next(t for t in data if t["meta"] == "level" and t["type"] == "choropleth")
    assert level["locations"] == ["PK-BA"] and level["z"] == [3] and level["zmax"] == 4
    plain = next(t for t in data if t["meta"] == "context" and t["type"] == "choropleth")
    assert "PK-BA" not in plain["locations"] and "PS" in plain["locations"]
    assert not any(t["meta"] == "value" for t in data)  # not by reported killed any more
    table = block.find_next_sibling(class_="bp-table-wrap").select_one("table")
    rows = {
        _text(tr.select_one("th")): [_text(c) for c in tr.select("td")]
        for tr in table.select("tbody tr")
    }
    assert rows["Balochistan"][-1] == "high" and rows["Palestine"][-1] == "not assessed"


def test_january_snapshot_shows_only_january(assessed_site: StaticSite) -> None:
    text = page_text(assessed_site.root, "watch/2026/01")
    assert "Balochistan medium ▶ unchanged 15 January 2026" in text
    assert "February" not in text.replace("‹ February 2026", "")
    assert "high" not in text and "Risk alert" not in text
    feb = page_text(assessed_site.root, "watch/2026/02")
    assert "Balochistan high ▲ deteriorated 1 February 2026" in feb


def test_track_record_shows_a_brier_score_of_0_11(assessed_site: StaticSite) -> None:
    soup = page_soup(assessed_site.root, "track-record")
    assert _text(soup.select_one(".bp-score")) == "Brier score: 0.11 over 2 resolved judgements."
    by_word = soup.select_one("#chart-calibration ~ .bp-table-wrap table")
    rows = [[_text(c) for c in tr.select("th, td")] for tr in by_word.select("tbody tr")]
    assert rows == [
        ["unlikely", "32.5%", "1", "0", "0%", "0.11"],
        ["likely", "67.5%", "1", "1", "100%", "0.11"],
    ]
    scored = soup.select("table.bp-judgements")[-1]
    links = _hrefs(assessed_site, "track-record/", scored.select("tbody a"))
    assert links == [assessed_site.base + FEB, assessed_site.base + JAN]  # latest resolved first


def test_csvs_have_two_rows_each_and_the_feed_two_entries(assessed_site: StaticSite) -> None:
    site = assessed_site.root
    for name in ("assessments", "judgements"):
        rows = list(csv.DictReader(io.StringIO((site / f"data/{name}.csv").read_text("utf-8"))))
        assert len(rows) == 2, name
    judged = {
        r["judgement_id"]: r
        for r in csv.DictReader(io.StringIO((site / "data/judgements.csv").read_text("utf-8")))
    }
    assert judged["pkba-2026-02-a"]["score"] == "0.105625"
    assert judged["pkba-2026-02-a"]["happened"] == "false"
    assert judged["pkba-2026-01-a"]["probability"] == "0.675"
    atom = feedparser.parse((site / "feeds/assessments.xml").read_bytes())
    assert not atom.bozo and atom.version == "atom10"
    assert [e.link for e in atom.entries] == [assessed_site.base + FEB, assessed_site.base + JAN]
    assert (
        atom.entries[0].title == "Balochistan, 1 February 2026: Test fixture: February assessment"
    )
    doc = json.loads((site / "feeds/assessments.json").read_text("utf-8"))
    check_json_feed(doc)
    assert [i["url"] for i in doc["items"]] == [assessed_site.base + FEB, assessed_site.base + JAN]
    assert doc["items"][0]["_briefing"]["level"] == "high"


def test_the_assessment_schema_is_published_with_the_site(assessed_site: StaticSite) -> None:
    published = assessed_site.root / "schema" / "assessment.schema.json"
    committed = Path(__file__).parents[2] / "schema" / "assessment.schema.json"
    assert published.read_text("utf-8") == committed.read_text("utf-8")


def test_the_seed_article_links_to_the_assessment(assessed_site: StaticSite) -> None:
    cited = page_soup(assessed_site.root, f"articles/{SEED_ID}").select_one(".bp-cited")
    assert _text(cited) == "Cited in the assessment of Balochistan, 1 February 2026"
    assert _hrefs(assessed_site, f"articles/{SEED_ID}/", cited.select("a")) == [
        assessed_site.base + FEB
    ]
    evidence = page_soup(assessed_site.root, FEB.rstrip("/")).select(".bp-entries a")
    assert _hrefs(assessed_site, FEB, evidence) == [f"{assessed_site.base}articles/{SEED_ID}/"]
    assert evidence[0].get_text().startswith("Pakistan Reports 145 Militants Killed")


def test_region_feed_carries_its_assessments(assessed_site: StaticSite) -> None:
    for region in ("pk-ba", "pk", "world"):
        feed = feedparser.parse((assessed_site.root / f"feeds/regions/{region}.xml").read_bytes())
        links = [e.link for e in feed.entries]
        assert assessed_site.base + FEB in links and assessed_site.base + JAN in links, region
    feed = feedparser.parse((assessed_site.root / "feeds/regions/ru.xml").read_bytes())
    assert not any("/assessments/" in e.link for e in feed.entries)


def test_assessment_pages_are_searchable_as_kind_assessment(assessed_site: StaticSite) -> None:
    records = search_records(assessed_site.root)
    page = records[f"/{FEB}"]
    # the search page's facets (render/facets.py): a kind of its own, its region, its day
    assert page["filters"]["kind"] == ["assessment"]
    assert page["filters"]["date"] == [FEB.rstrip("/").rsplit("/", 1)[-1]]
    assert {"pk-ba", "pk", "world"} <= set(page["filters"]["region"])
    assert "theme" not in page["filters"]
    assert "Coordinated attacks raised the level" in page["content"]
    assert not any("/watch/20" in url for url in records)  # the snapshots are not searched


def test_shipped_site_builds_with_an_empty_watchlist(built_site: Path) -> None:
    shipped = Path(__file__).parents[2] / "content" / "assessments"
    assert not any(p.is_file() for p in shipped.rglob("*")), "a real assessment is shipped"
    assert "No region had been assessed yet." in page_text(built_site, "watch")
    assert "No judgement has been resolved yet." in page_text(built_site, "track-record")
    assert "No assessment of Balochistan yet." in page_text(built_site, "regions/pk-ba")
    home = BeautifulSoup((built_site / "index.html").read_text("utf-8"), "html.parser")
    assert home.select(".bp-watch-strip") == []
    lines = (built_site / "data/judgements.csv").read_text("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("judgement_id,")


def test_home_strip_shows_the_alert(assessed_site: StaticSite) -> None:
    home = BeautifulSoup((assessed_site.root / "index.html").read_text("utf-8"), "html.parser")
    strip = home.select_one(".bp-watch-strip")
    assert _text(strip) == "Watchlist: Balochistan high risk alert · All regions"
    assert strip.find_parent("article") is not None and not strip.select("script")
    # above the lead story (issue 14's front page): the first thing a reader meets
    lead = home.select_one(".bp-lead")
    assert lead is not None and strip in lead.find_all_previous(class_="bp-watch-strip")


def test_an_improved_trend_on_a_higher_level_is_refused_naming_the_file(
    assessed_project: Path, tmp_path: Path
) -> None:
    project = copy_project(tmp_path)
    shutil.rmtree(project / "content")
    shutil.copytree(assessed_project / "content", project / "content")
    feb = project / "content/assessments/2026/pk-ba-2026-02-01.yaml"
    feb.write_text(feb.read_text("utf-8").replace('"deteriorated"', '"improved"'), "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("the last good site", "utf-8")
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert (
        "content/assessments/2026/pk-ba-2026-02-01.yaml:5:2: trend: 'improved' contradicts the "
        "levels: the level rose from medium (2026-01-15, "
        "content/assessments/2026/pk-ba-2026-01-15.yaml) to high; write deteriorated or "
        "unchanged [briefing.trend]"
    ) in result.stderr
    assert [p.name for p in site.iterdir()] == ["keep.html"]
