"""The cache never changes what is built, with assessments: an edit to one reaches every
page and file that shows it (its page, its region's, the watchlist, the track record, the
feeds, the CSVs, the articles it cites), and a warm run equals a cold one, on any day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import load_corpus_module

from generator.build import Output, generate
from generator.errors import ContentErrors
from generator.incremental.cache import Cache


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return load_corpus_module().write_corpus(40, tmp_path / "p", seed=5, assessments=8)


def _generate(project: Path, cache: Cache | None = None, day: dt.date | None = None) -> Output:
    return generate(project / "content", project, cache=cache, day=day)


def _warm_equals_cold(project: Path, day: dt.date | None = None) -> Output:
    warm = _generate(project, Cache.open(project / ".cache"), day)
    cold = _generate(project, day=day)
    assert warm.pages == cold.pages and warm.blocks == cold.blocks and warm.files == cold.files
    return warm


def _prime(project: Path, day: dt.date | None = None) -> Output:
    cache = Cache.open(project / ".cache")
    out = _generate(project, cache, day)
    cache.save()
    return out


def _edit(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def test_the_corpus_has_assessments_and_a_warm_run_equals_a_cold_one(project: Path) -> None:
    out = _prime(project)
    assert len(out.site.assessments.items) == 8
    assert any(p.startswith("assessments/") for p in out.pages)
    _warm_equals_cold(project)


def test_an_edit_to_an_assessment_reaches_every_page_and_file_that_shows_it(
    project: Path,
) -> None:
    newest = _prime(project).site.assessments.items[0]
    _edit(project / newest.source, lambda d: d.update(summary="Edited " + d["summary"]))
    warm = _warm_equals_cold(project)
    shown = {p for p, text in warm.pages.items() if "Edited " in text}
    region = f"regions/{newest.region}.md"
    month = f"watch/{newest.as_of.year}/{newest.as_of.month:02d}.md"
    assert {newest.src, region, "watch/index.md", month} <= shown
    for path in ("feeds/assessments.xml", f"feeds/regions/{newest.region}.xml"):
        assert b"Edited " in warm.files[path], path  # type: ignore[operator]
    assert "Edited " in warm.files["data/assessments.csv"]  # type: ignore[operator]


def test_an_outcome_and_a_citation_reach_the_track_record_and_the_article(
    project: Path,
) -> None:
    out = _prime(project)
    target = out.site.assessments.items[0]
    cited = next(e for e in out.site.entries if e.date <= target.as_of)
    assert cited.id not in target.data.evidence

    def change(d: dict[str, Any]) -> None:
        d["evidence"] = [*d["evidence"], cited.id]
        d["judgements"][0]["outcome"] = {"resolved_on": d["as_of"], "happened": True}

    _edit(project / target.source, change)
    warm = _warm_equals_cold(project)
    assert "Cited in the assessment" in warm.pages[cited.src]
    statement = target.data.judgements[0].statement
    assert statement.split()[0] in warm.pages["track-record/index.md"]


def test_overdue_follows_the_build_day_with_a_warm_cache(project: Path) -> None:
    """Two days after everything is published: only whether a judgement is overdue differs,
    so a page kept from the first day must not be served on the second."""
    target = _prime(project).site.assessments.items[0]
    waiting = {
        "id": "due-2029",
        "statement": "Invented.",
        "likelihood": "likely",
        "by": "2029-01-01",
    }
    _edit(project / target.source, lambda d: d["judgements"].append(waiting))
    early_day, late_day = dt.date(2029, 1, 1), dt.date(2029, 1, 2)
    _prime(project, early_day)  # the cache holds the first day's pages
    early = _warm_equals_cold(project, early_day)
    late = _warm_equals_cold(project, late_day)
    row = 'id="judgement-due-2029"'
    region = f"regions/{target.region}.md"
    for built, status in ((early, "Open"), (late, "<strong>Overdue</strong>")):
        for src in (target.src, region):
            cells = built.pages[src].split(row, 1)[1].split("</tr>", 1)[0]
            assert status in cells, (src, status)
    assert row in late.pages["track-record/index.md"]  # listed as overdue
    assert row not in early.pages["track-record/index.md"]


def test_a_broken_assessment_reports_the_same_errors_with_a_warm_cache(project: Path) -> None:
    newest = _prime(project).site.assessments.items[0]
    _edit(project / newest.source, lambda d: d.update(region="nowhere-at-all"))
    with pytest.raises(ContentErrors) as cold:
        _generate(project)
    with pytest.raises(ContentErrors) as warm:
        _generate(project, Cache.open(project / ".cache"))
    assert [str(e) for e in warm.value.errors] == [str(e) for e in cold.value.errors]
    assert "'nowhere-at-all' is not a region" in str(cold.value.errors[0])
