"""What the generator writes for assessments, read back as a reader's tools read it: the
pages keep an analyst's hostile text inert, the feeds parse, the CSVs hold no formula and
give the exact score; with none, every page still says what it is. Places are invented."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import pytest
from assessed import assessment, write_assessments
from bs4 import BeautifulSoup
from fictional import fictional_content, fictional_entry

from generator.build import generate
from generator.errors import ContentErrors
from generator.render.markdown import markdown_to_html

HOSTILE = '<script>alert(1)</script> "quoted" & <img src=x onerror=alert(1)> *kept*'


def _site(tmp_path: Path) -> tuple[Path, list[dict]]:
    entry = fictional_entry(0)
    content = fictional_content(tmp_path, [entry], keep_real=False)
    items = [
        assessment(
            "erewhon",
            "2030-01-02",
            level="extreme",
            trend="deteriorated",
            alert="risk-alert",
            alert_text=HOSTILE,
            headline=HOSTILE,
            summary=f"{HOSTILE}. Second sentence.",
            body=[HOSTILE],
            author=HOSTILE,
            evidence=[entry["id"]],
            judgements=[
                {
                    "id": "erewhon-a",
                    "statement": "=HYPERLINK(1) " + HOSTILE,
                    "likelihood": "very likely",
                    "by": "2030-02-01",
                    "outcome": {"resolved_on": "2030-02-02", "happened": False, "note": HOSTILE},
                }
            ],
        )
    ]
    write_assessments(content, items)
    return content, items


def test_hostile_text_stays_text_in_pages_and_feeds(tmp_path: Path) -> None:
    content, _ = _site(tmp_path)
    out = generate(content, tmp_path, site_url="https://briefing.example.org/")
    safe = str(markdown_to_html(HOSTILE))
    for src in (
        "assessments/erewhon/2030-01-02.md",
        "regions/erewhon.md",
        "watch/index.md",
        "track-record/index.md",
        "index.md",
    ):
        page = out.pages[src]
        body = page.split("\n---\n", 1)[1]
        assert "<script" not in body and "<img" not in body, src
        if src != "index.md":
            assert safe in body or "&lt;script&gt;" in body, src
    for path in ("feeds/assessments.xml", "feeds/regions/erewhon.xml"):
        feed = feedparser.parse(out.files[path], sanitize_html=False)
        assert not feed.bozo
        (item,) = [e for e in feed.entries if "/assessments/" in e.link]
        html = BeautifulSoup(item.content[0].value, "html.parser")
        assert html.select("script") == [] and "<script>alert(1)</script>" in html.get_text()
        assert item.title.endswith(HOSTILE) and item.author == HOSTILE
    doc = json.loads(out.files["feeds/assessments.json"])
    assert "<script>" not in doc["items"][0]["content_html"]


def test_a_javascript_link_in_an_assessment_is_refused_like_in_an_entry(tmp_path: Path) -> None:
    content = fictional_content(tmp_path, [], keep_real=False)
    write_assessments(content, [assessment("erewhon", "2030-01-02", summary="[x](javascript:a)")])
    with pytest.raises(ContentErrors) as refused:
        generate(content, tmp_path)
    assert [(e.field, e.code) for e in refused.value.errors] == [("summary", "briefing.url")]


def test_csvs_hold_no_formula_and_the_exact_score(tmp_path: Path) -> None:
    content, _ = _site(tmp_path)
    out = generate(content, tmp_path)
    rows = list(csv.DictReader(io.StringIO(str(out.files["data/judgements.csv"]))))
    assert rows[0]["statement"].startswith("'=HYPERLINK(1)")
    assert rows[0]["probability"] == "0.875" and rows[0]["score"] == "0.765625"
    assert rows[0]["status"] == "resolved" and rows[0]["happened"] == "false"
    assert rows[0]["assessment_url"] == "../assessments/erewhon/2030-01-02/"
    (row,) = csv.DictReader(io.StringIO(str(out.files["data/assessments.csv"])))
    assert row["evidence"] == "fictional-erewhon-000" and row["judgements"] == "1"
    assert str(out.files["data/assessments.csv"]).endswith("\r\n")


def test_a_site_without_assessments_says_so_on_each_new_page(tmp_path: Path) -> None:
    content = fictional_content(tmp_path, [fictional_entry(0)], keep_real=False)
    out = generate(content, tmp_path)
    assert "No region had been assessed yet." in out.pages["watch/index.md"]
    assert "No judgement has been resolved yet." in out.pages["track-record/index.md"]
    assert "No assessment of Erewhon yet." in out.pages["regions/erewhon.md"]
    assert not [p for p in out.pages if p.startswith(("assessments/", "watch/2"))]
    feed = feedparser.parse(out.files["feeds/assessments.xml"])
    assert not feed.bozo and feed.entries == []
    assert json.loads(out.files["feeds/assessments.json"])["items"] == []
