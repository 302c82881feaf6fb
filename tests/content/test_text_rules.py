"""Text that displays otherwise than it is: bidirectional controls (U+202A-E, U+2066-9)
are refused in every one-line field and id, and text that shows nothing (only invisible
characters) in every text field. Prose keeps its bidi isolates (a right-to-left quotation
inside English text needs them). The exact messages are the fixtures bidi-control and
invisible-text of test_validate_fixtures.py."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from generator.content.load import Path_
from generator.content.schema import UNION_TAGS, ArticleIn, TaxonomyIn

ENTRY: dict[str, Any] = {
    "id": "fictional-vell-ferries",
    "section": "World",
    "date": "2031-05-02",
    "headline": "Ferry crews in Port Vell vote to return to work",
    "dek": "The strike ends after nine days.",
    "byline": "Ana Vell",
    "summary": "Crews voted to return on Monday.",
    "key_points": [{"text": "The strike ends.", "impact": "Ferries run again."}],
    "body": [
        "The vote ends a strike of nine days.",
        {"quote": "We go back.", "speaker": "Mara Tull", "role": "chair", "organisation": "Union"},
    ],
    "context": ["Talks went on for a week."],
    "risks": [{"text": "Another strike may follow."}],
    "casualties": [
        {
            "group": "civilians",
            "killed": 0,
            "reported_by": "Port Vell harbour office",
            "reported_on": "2031-05-02",
            "period": "the nine days",
            "status": "official",
            "note": "No one was hurt.",
        }
    ],
    "actors": [{"name": "Ferry union", "role": "called the strike"}],
    "related": [
        {"title": "Ferry crews strike", "date": "2031-04-23", "url": "https://example.org/"}
    ],
    "sources": [{"name": "Harbour office", "kind": "statement", "note": "Gave the date."}],
    "regions": ["port-vell"],
    "themes": ["unrest"],
}
#: The one-line fields: names, titles, labels. Every other text field is prose.
ONE_LINE = {
    ("section",),
    ("headline",),
    ("dek",),
    ("byline",),
    ("body", 1, "speaker"),
    ("body", 1, "role"),
    ("body", 1, "organisation"),
    ("casualties", 0, "reported_by"),
    ("casualties", 0, "period"),
    ("actors", 0, "name"),
    ("actors", 0, "role"),
    ("related", 0, "title"),
    ("sources", 0, "name"),
    ("sources", 0, "kind"),
}
IDS = {("id",), ("regions", 0), ("themes", 0)}
NOT_TEXT = {("date",), ("casualties", 0, "reported_on"), ("casualties", 0, "group"),
            ("casualties", 0, "status"), ("related", 0, "date"), ("related", 0, "url")}  # fmt: skip


def _text_paths(value: Any, loc: Path_ = ()) -> list[Path_]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _text_paths(v, (*loc, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _text_paths(v, (*loc, i))]
    return [loc] if isinstance(value, str) and loc not in NOT_TEXT else []


def _with(loc: Path_, value: str) -> dict[str, Any]:
    entry = copy.deepcopy(ENTRY)
    node: Any = entry
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value
    return entry


def _refused(entry: dict[str, Any]) -> dict[Path_, str]:
    try:
        ArticleIn.model_validate(entry)
    except ValidationError as exc:
        return {tuple(p for p in e["loc"] if p not in UNION_TAGS): e["type"] for e in exc.errors()}
    return {}


def test_the_sample_entry_is_valid() -> None:
    assert _refused(ENTRY) == {}
    assert set(_text_paths(ENTRY)) >= ONE_LINE | IDS


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                     "\u2066", "\u2067", "\u2068", "\u2069"])  # fmt: skip
def test_bidi_controls_are_refused_in_one_line_fields_and_ids_and_kept_in_prose(
    control: str,
) -> None:
    refused = set()
    for loc in _text_paths(ENTRY):
        value = ENTRY
        for part in loc:
            value = value[part]
        errors = _refused(_with(loc, f"{value[:3]}{control}{value[3:]}"))
        if errors:
            assert list(errors) == [loc], errors
            refused.add(loc)
            expected = "string_pattern_mismatch" if loc in IDS else "briefing.text"
            assert errors[loc] == expected
    assert refused == ONE_LINE | IDS


@pytest.mark.parametrize("blank", ["\u200b", "\u2060\u200b", "\ufeff", "\u3164", "\u2800",
                                   "\u200e\u200f", "\u00ad", "\u180e", "\ufe0f"])  # fmt: skip
def test_text_of_invisible_characters_only_is_refused_in_every_text_field(blank: str) -> None:
    for loc in _text_paths(ENTRY):
        errors = _refused(_with(loc, blank))
        expected = "string_pattern_mismatch" if loc in IDS else "briefing.empty-field"
        assert errors == {loc: expected}, loc


def test_invisible_characters_beside_visible_ones_are_kept() -> None:
    entry = _with(("headline",), "Ferry\u00adcrews\u200b vote")
    assert ArticleIn.model_validate(entry).headline == "Ferry\u00adcrews\u200b vote"


def test_taxonomy_names_are_one_line_fields_too() -> None:
    tax = {
        "regions": [{"id": "world", "name": "World\u202e", "aliases": ["\u200b"], "map": False}],
        "themes": [{"id": "unrest", "name": "Unrest", "description": "Strikes.", "keywords": []}],
    }
    with pytest.raises(ValidationError) as caught:
        TaxonomyIn.model_validate(tax)
    assert {(e["loc"], e["type"]) for e in caught.value.errors()} == {
        (("regions", 0, "name"), "briefing.text"),
        (("regions", 0, "aliases", 0), "briefing.empty-field"),
    }
