"""What a risk may state of itself, as an editor writing YAML meets it: the analyst's
``confidence`` in one of three words (ICD 203's levels), or nothing; any other word is
refused where it is written, with the words allowed. (The exact message is also the
unknown-enum fixture's.)"""

from __future__ import annotations

import pytest

from generator.content.load import load_text
from generator.content.validate import validate_article

ENTRY = """\
id: x
kind: brief
section: World
date: 2031-05-02
headline: Ferry crews in Port Vell vote to return to work
regions: [port-vell]
themes: [unrest]
risks:
  - text: Further stoppages could delay cargo.
    likelihood: unlikely
{confidence}"""


def _validate(confidence: str) -> tuple[object, list[str]]:
    doc = load_text(ENTRY.format(confidence=confidence), "x.yaml", partial=True)
    article, errors = validate_article(doc)
    return article, [str(e) for e in errors]


@pytest.mark.parametrize("word", ["low", "moderate", "high"])
def test_a_risk_may_state_the_analysts_confidence(word: str) -> None:
    article, errors = _validate(f"    confidence: {word}\n")
    assert errors == []
    assert article.risks[0].confidence == word  # type: ignore[attr-defined]


def test_a_risk_need_not_state_one() -> None:
    article, errors = _validate("")
    assert errors == [] and article.risks[0].confidence is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("word", "hint"),
    [("certain", ""), ("medium", ""), ("likely", ""), ("High", "; did you mean 'high'?")],
)
def test_any_other_word_is_refused_with_the_three_allowed(word: str, hint: str) -> None:
    _, errors = _validate(f"    confidence: {word}\n")
    assert errors == [
        f"x.yaml:11:5: risks[0].confidence: must be one of: low, moderate, high; "
        f"got {word!r}{hint} [briefing.enum]"
    ]
