"""Assessments: the rules validation holds them to, the build day, and the track
record's arithmetic. Every place here is invented (Erewhon, Port Vell); each refusal's
exact message is also a fixture in tests/fixtures/invalid/assessment-*."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from assessed import assessment, judgement, write_assessments

from generator.content.assessment_check import Known, validate_assessments
from generator.content.assessment_link import link_assessments
from generator.content.assessments import Assessment, AssessmentIn, Judgement, first_sentence
from generator.content.load import load_text
from generator.content.scoring import brier, by_region, calibration, percent, two_decimals
from generator.errors import ContentError

KNOWN = Known(
    frozenset({"world", "erewhon", "port-vell"}),
    {"strike-2031": dt.date(2031, 5, 1), "unreadable": None},
)


def check(*items: dict[str, Any]) -> tuple[list[Assessment], list[ContentError]]:
    docs = [
        load_text(json.dumps(i), f"a/{i['as_of'][:4]}/{i['region']}-{i['as_of']}.yaml")
        for i in items
    ]
    errors: list[ContentError] = []
    return validate_assessments(docs, KNOWN, errors), errors


def codes(errors: list[ContentError]) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in errors]


@pytest.mark.parametrize(
    ("before", "after", "trend", "refused"),
    [
        ("medium", "high", "improved", True),  # rose, said improved
        ("high", "medium", "deteriorated", True),  # fell, said deteriorated
        ("medium", "high", "deteriorated", False),
        ("medium", "high", "unchanged", False),
        ("high", "medium", "improved", False),
        ("high", "medium", "unchanged", False),
        ("medium", "medium", "improved", False),  # the same level may carry any trend
        ("medium", "medium", "deteriorated", False),
    ],
)
def test_a_trend_is_judged_against_the_previous_level(
    before: str, after: str, trend: str, refused: bool
) -> None:
    _, errors = check(
        assessment("erewhon", "2031-06-01", level=before),
        assessment("erewhon", "2031-07-01", level=after, trend=trend),
    )
    assert codes(errors) == ([("trend", "briefing.trend")] if refused else [])


def test_the_previous_assessment_is_the_latest_earlier_one_of_the_same_region() -> None:
    _, errors = check(
        assessment("erewhon", "2031-05-01", level="extreme"),
        assessment("port-vell", "2031-06-15", level="low"),  # another region: not compared
        assessment("erewhon", "2031-06-01", level="low", trend="improved"),
        assessment("erewhon", "2031-07-01", level="medium", trend="deteriorated"),
    )
    assert errors == []
    _, errors = check(
        assessment("erewhon", "2031-07-01", level="medium", trend="improved"),  # files in any order
        assessment("erewhon", "2031-06-01", level="low"),
    )
    assert [e.path for e in errors] == ["a/2031/erewhon-2031-07-01.yaml"]
    assert "the level rose from low (2031-06-01, a/2031/erewhon-2031-06-01.yaml)" in (
        errors[0].message
    )


def test_the_first_assessment_of_a_region_may_carry_any_trend() -> None:
    assert check(assessment("erewhon", "2031-06-01", trend="improved"))[1] == []


def test_an_outcome_on_the_day_of_the_assessment_is_accepted_the_day_before_refused() -> None:
    def judged(resolved: str) -> dict[str, Any]:
        return assessment(
            "erewhon",
            "2031-06-01",
            judgements=[judgement(outcome={"resolved_on": resolved, "happened": True})],
        )

    assert check(judged("2031-06-01"))[1] == []
    assert codes(check(judged("2031-05-31"))[1]) == [
        ("judgements[0].outcome.resolved_on", "briefing.date")
    ]


def test_a_judgement_may_be_due_on_the_day_of_its_assessment_not_before() -> None:
    def due(by: str) -> dict[str, Any]:
        j = judgement(by=by)
        return assessment("erewhon", "2031-06-01", judgements=[j])

    assert check(due("2031-06-01"))[1] == []
    assert codes(check(due("2031-05-31"))[1]) == [("judgements[0].by", "briefing.date")]


def test_evidence_must_exist_and_not_postdate_the_assessment() -> None:
    ok = assessment("erewhon", "2031-05-01", evidence=["strike-2031", "unreadable"])
    assert check(ok)[1] == []
    late = assessment("erewhon", "2031-04-30", evidence=["strike-2031"])
    assert codes(check(late)[1]) == [("evidence[0]", "briefing.date")]
    unknown = assessment("erewhon", "2031-05-01", evidence=["strike-2030"])
    assert codes(check(unknown)[1]) == [("evidence[0]", "briefing.unknown-evidence")]


def test_judgement_ids_are_unique_across_files_and_within_one() -> None:
    j = judgement(id="same", by="2031-07-01")
    _, errors = check(
        assessment("erewhon", "2031-06-01", judgements=[j, j]),
        assessment("port-vell", "2031-06-01", judgements=[j]),
    )
    assert len(errors) == 3 and {e.code for e in errors} == {"briefing.duplicate-judgement"}
    mine = [e for e in errors if e.path == "a/2031/erewhon-2031-06-01.yaml"]
    assert "this file (judgements[1]), a/2031/port-vell-2031-06-01.yaml (judgements[0])" in (
        mine[0].message
    )


def test_happened_is_true_or_false_not_a_word() -> None:
    bad = assessment(
        "erewhon",
        "2031-06-01",
        judgements=[judgement(outcome={"resolved_on": "2031-06-30", "happened": "true"})],
    )
    assert codes(check(bad)[1]) == [("judgements[0].outcome.happened", "briefing.type")]


def _a(region: str, day: str, **fields: Any) -> Assessment:
    data = AssessmentIn.model_validate(assessment(region, day, **fields))
    return Assessment(data, f"{region}-{day}.yaml")


def test_an_assessment_dated_after_the_build_day_is_held_back_or_shown_marked() -> None:
    items = [_a("erewhon", "2031-06-01"), _a("erewhon", "2031-07-01")]
    published = link_assessments(items, dt.date(2031, 6, 30))
    assert [a.as_of.isoformat() for a in published.items] == ["2031-06-01"]
    assert published.months == ((2031, 6),)
    preview = link_assessments(items, dt.date(2031, 6, 30), preview=True)
    assert preview.current("erewhon").as_of == dt.date(2031, 7, 1)
    assert preview.scheduled == {"assessments/erewhon/2031-07-01.md"}


def test_the_build_says_which_assessments_it_holds_back(tmp_path: Path) -> None:
    from fictional import fictional_content

    from generator.build import load_site
    from generator.content.schedule import scheduled_note

    content = fictional_content(tmp_path, [], keep_real=False)
    write_assessments(content, [assessment("erewhon", "2031-06-01")])
    site = load_site(content, tmp_path, day=dt.date(2031, 5, 31))
    assert site.assessments.items == ()
    assert scheduled_note(site) == (
        "1 scheduled entry (dated after 2031-05-31) held back from the site until its date: "
        "content/assessments/2031/erewhon-2031-06-01.yaml (2031-06-01)"
    )
    preview = load_site(content, tmp_path, day=dt.date(2031, 5, 31), preview=True)
    assert scheduled_note(preview) == "1 scheduled entry (dated after 2031-05-31) shown, marked"
    assert scheduled_note(load_site(content, tmp_path, day=dt.date(2031, 6, 1))) is None


def test_an_outcome_resolved_after_the_build_day_is_not_known_yet() -> None:
    j = judgement(outcome={"resolved_on": "2031-07-02", "happened": True})
    items = [_a("erewhon", "2031-06-01", judgements=[j])]
    assert link_assessments(items, dt.date(2031, 7, 1)).judgements[0].outcome is None
    (known,) = link_assessments(items, dt.date(2031, 7, 2)).judgements
    assert known.outcome is not None and known.overdue(dt.date(2031, 7, 2)) is False
    (waiting,) = link_assessments(items, dt.date(2031, 7, 1)).judgements
    assert waiting.overdue(dt.date(2031, 7, 1)) and not waiting.overdue(dt.date(2031, 6, 30))


def test_snapshots_know_only_what_was_assessed_by_the_end_of_their_month() -> None:
    index = link_assessments(
        [_a("erewhon", "2031-01-31", level="low"), _a("erewhon", "2031-02-01", level="high")],
        dt.date(2031, 3, 1),
    )
    assert index.months == ((2031, 2), (2031, 1))
    assert [a.data.level for a in index.latest(dt.date(2031, 1, 31))] == ["low"]
    assert [a.data.level for a in index.latest()] == ["high"]


def _judged(word: str, happened: bool, region: str = "erewhon") -> Judgement:
    j = judgement(
        id=f"{word}-{happened}-{region}".replace(" ", "-").lower(),
        likelihood=word,
        outcome={"resolved_on": "2031-06-30", "happened": happened},
    )
    a = _a(region, "2031-06-01", judgements=[j])
    return Judgement(a.data.judgements[0], a)


def test_brier_is_the_mean_squared_distance_from_the_icd_203_midpoint() -> None:
    scenario = [_judged("likely", True), _judged("unlikely", False)]
    score = brier(scenario)
    assert score is not None and score.n == 2
    assert score.brier == Fraction(105625, 1_000_000)  # ((0.675 - 1)^2 + 0.325^2) / 2
    assert score.shown == "0.11"
    assert brier([_judged("almost certain", False)]).brier == Fraction("0.9409")  # type: ignore[union-attr]
    assert brier([_judged("roughly even chance", True)]).shown == "0.25"  # type: ignore[union-attr]
    assert brier([]) is None


def test_two_decimals_round_half_up_from_the_exact_value() -> None:
    assert two_decimals(Fraction(1, 8)) == "0.13"  # float formatting would say 0.12
    assert two_decimals(Fraction(105625, 1_000_000)) == "0.11"
    assert two_decimals(Fraction(0)) == "0.00"
    assert percent(Fraction("0.325")) == "32.5%" and percent(Fraction(2, 3)) == "66.7%"


def test_calibration_counts_what_happened_for_each_word_in_the_scales_order() -> None:
    judged = [
        _judged("likely", True),
        _judged("likely", False, "port-vell"),
        _judged("likely", True, "world"),
        _judged("very unlikely", False),
    ]
    rows = calibration(judged)
    assert [(r.word, r.n, r.happened, r.observed) for r in rows] == [
        ("very unlikely", 1, 0, Fraction(0)),
        ("likely", 3, 2, Fraction(2, 3)),
    ]
    assert rows[1].probability == Fraction("0.675")
    regions = by_region(judged, ["world", "erewhon", "port-vell"])
    assert [(rid, s.n) for rid, s in regions] == [("world", 1), ("erewhon", 2), ("port-vell", 1)]


@pytest.mark.parametrize(
    ("summary", "first"),
    [
        ("Attacks doubled. Talks stalled.", "Attacks doubled."),
        ("Fighting spread (see map). Then it stopped.", "Fighting spread (see map)."),
        ('He said "no." Then left.', 'He said "no."'),
        ("One sentence only", "One sentence only"),
        ("Costs rose 3.5 per cent. Then fell.", "Costs rose 3.5 per cent."),
    ],
)
def test_the_watchlist_shows_the_first_sentence_of_the_summary(summary: str, first: str) -> None:
    assert first_sentence(summary) == first


def test_editor_files_beside_assessments_are_skipped_as_beside_entries(tmp_path: Path) -> None:
    from fictional import fictional_content

    from generator.build import load_site

    content = fictional_content(tmp_path, [], keep_real=False)
    (path,) = write_assessments(content, [assessment("erewhon", "2031-06-01")])
    (path.parent / ".#erewhon-2031-06-01.yaml").symlink_to("nobody@host.1234")  # Emacs lock
    (path.parent / "erewhon-2031-06-01.yaml~").write_text("backup: [", "utf-8")
    (path.parent / ".erewhon-2031-06-01.yaml.swp").write_bytes(b"\x00vim")
    site = load_site(content, tmp_path, day=dt.date(2031, 7, 1))
    assert [a.source for a in site.assessments.items] == [
        "content/assessments/2031/erewhon-2031-06-01.yaml"
    ]
