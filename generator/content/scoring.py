"""The track record's arithmetic: Brier scores and calibration, exactly.

A judgement stated as *likely* is scored as probability 0.675 (the midpoint of ICD 203's
55-80%); if it happened its score is ``(0.675 - 1)^2``, if not ``(0.675 - 0)^2``. The Brier
score of a set is the mean of its judgements' scores: 0 is perfect, 0.25 is what always
saying "roughly even chance" earns. Sums are kept as fractions, so a score shown with two
decimals is rounded once, half up, from its exact value.

>>> from fractions import Fraction
>>> two_decimals((Fraction("0.675") - 1) ** 2 / 2 + (Fraction("0.325") - 0) ** 2 / 2)
'0.11'
>>> two_decimals(Fraction(1, 8))
'0.13'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .assessments import MIDPOINTS, Judgement
from .schema import LIKELIHOOD


def two_decimals(value: Fraction) -> str:
    """``value`` rounded half up to two decimals (``0.105625`` -> ``0.11``)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent(value: Fraction) -> str:
    """A share as a percentage to one decimal at most, rounded half up: ``Fraction(2, 3)``
    -> ``66.7%``, the midpoint 0.325 -> ``32.5%``, 0.5 -> ``50%``."""
    exact = Decimal(value.numerator) * 100 / Decimal(value.denominator)
    shown = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown.normalize():f}%" if shown % 1 else f"{shown:.0f}%"


@dataclass(frozen=True)
class Score:
    """The Brier score of ``n`` resolved judgements."""

    n: int
    brier: Fraction

    @property
    def shown(self) -> str:
        return two_decimals(self.brier)


def brier(judgements: Iterable[Judgement]) -> Score | None:
    """The mean score of the resolved judgements among ``judgements`` (None if none is)."""
    scores = [j.score for j in judgements if j.score is not None]
    if not scores:
        return None
    return Score(len(scores), sum(scores, Fraction(0)) / len(scores))


@dataclass(frozen=True)
class Calibration:
    """One likelihood word: how often what was stated with it happened."""

    word: str
    probability: Fraction
    n: int
    happened: int
    score: Score

    @property
    def observed(self) -> Fraction:
        return Fraction(self.happened, self.n)


def calibration(judgements: Iterable[Judgement]) -> list[Calibration]:
    """One row per likelihood word used by a resolved judgement, in the scale's order."""
    words: dict[str, list[Judgement]] = defaultdict(list)
    for j in judgements:
        if j.outcome is not None:
            words[j.data.likelihood].append(j)
    rows = []
    for word, midpoint in zip(LIKELIHOOD, MIDPOINTS, strict=True):
        found = words.get(word)
        if found:
            happened = sum(j.outcome is not None and j.outcome.happened for j in found)
            score = brier(found)
            assert score is not None
            rows.append(Calibration(word, Fraction(midpoint), len(found), happened, score))
    return rows


def by_region(judgements: Iterable[Judgement], order: Sequence[str]) -> list[tuple[str, Score]]:
    """The score of each region's resolved judgements, regions in ``order`` (the tree's)."""
    regions: dict[str, list[Judgement]] = defaultdict(list)
    for j in judgements:
        if j.outcome is not None:
            regions[j.assessment.region].append(j)
    out = []
    for rid in order:
        score = brier(regions.get(rid, ()))
        if score is not None:
            out.append((rid, score))
    return out
