"""Counts beyond belief are refused, never published: every count stops at 2^53 (JSON holds
no larger whole number exactly), and below that at the site's own limit,
``limits.max_count`` in ``content/taxonomy.yaml`` (default 1,000,000). The limit holds for
entries taken from the build cache too. Exact wording: the count-too-large and
taxonomy-count-limit fixtures of test_validate_fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from fictional import fictional_content, fictional_entry

from generator.build import generate
from generator.content.schema import MAX_EXACT, TaxonomyIn
from generator.errors import ContentErrors
from generator.incremental.cache import Cache

FIGURE = {
    "group": "civilians",
    "reported_by": "Erewhon health office",
    "reported_on": "2030-01-02",
    "status": "official",
}


def _site(tmp_path: Path, killed: int, injured: int | None = None) -> Path:
    figure = {**FIGURE, "killed": killed} | ({"injured": injured} if injured else {})
    return fictional_content(tmp_path, [fictional_entry(1, casualties=[figure])], keep_real=False)


def _limit(content: Path, n: int) -> None:
    tax = content / "taxonomy.yaml"
    text = tax.read_text("utf-8").split("limits:\n")[0]
    tax.write_text(text + f"limits:\n  max_count: {n}\n", "utf-8")


def _messages(content: Path, cache: Cache | None = None) -> list[str]:
    try:
        generate(content, content.parent, cache=cache)
    except ContentErrors as exc:
        return [f"{e.field}: {e.message} [{e.code}]" for e in exc.errors]
    return []


def test_the_default_limit_is_one_million(tmp_path: Path) -> None:
    assert _messages(_site(tmp_path / "a", 1_000_000)) == []
    assert _messages(_site(tmp_path / "b", 3, injured=1_000_001)) == [
        "casualties[0].injured: 1,000,001 is more than one figure on this site may give "
        "(1,000,000, limits.max_count in content/taxonomy.yaml): check the figure, or raise "
        "the limit if it is right [briefing.implausible]"
    ]


def test_the_limit_is_the_taxonomys_and_holds_for_cached_entries(tmp_path: Path) -> None:
    content = _site(tmp_path, 900)
    cache = Cache.open(tmp_path / "cache")
    assert _messages(content, cache) == []  # the entry is now in the cache
    cache.save()
    _limit(content, 500)
    assert _messages(content, Cache.open(tmp_path / "cache")) == [
        "casualties[0].killed: 900 is more than one figure on this site may give (500, "
        "limits.max_count in content/taxonomy.yaml): check the figure, or raise the limit "
        "if it is right [briefing.implausible]"
    ]
    _limit(content, 900)
    assert _messages(content, Cache.open(tmp_path / "cache")) == []


def test_no_count_passes_2_to_the_53rd_whatever_the_limit(tmp_path: Path) -> None:
    content = _site(tmp_path, MAX_EXACT + 1)
    _limit(content, MAX_EXACT)
    assert _messages(content) == [
        "casualties[0].killed: must be at most 9,007,199,254,740,992 (2^53: JSON holds no "
        "larger whole number exactly), got 9007199254740993 [briefing.value]"
    ]


@pytest.mark.parametrize("limit", [0, MAX_EXACT + 1, "1000", True])
def test_a_limit_that_is_not_a_whole_number_up_to_2_to_the_53rd_is_refused(limit: object) -> None:
    tax = {
        "regions": [{"id": "world", "name": "World", "map": False}],
        "themes": [{"id": "t", "name": "T", "description": "T."}],
        "limits": {"max_count": limit},
    }
    with pytest.raises(ValueError, match="max_count"):
        TaxonomyIn.model_validate(tax)
