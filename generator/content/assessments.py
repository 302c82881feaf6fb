"""Assessments: an analyst's dated judgement on one region, and the forecasts it makes.

What an editor writes (``AssessmentIn``, one file per assessment at
``content/assessments/<yyyy>/<region>-<yyyy-mm-dd>.yaml``) is checked by
``assessment_check``; the rest of the pipeline reads :class:`Assessment` and
:class:`Judgement`, the resolved objects. The scale is five words (those of the
travel-risk services), the trend is against the region's previous assessment, and each
judgement's likelihood is an ICD 203 word scored at the midpoint of its range.

>>> first_sentence("Attacks doubled in a week. Talks stalled.")
'Attacks doubled in a week.'
>>> probability("unlikely")
Fraction(13, 40)
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from pydantic import Field

from .schema import LIKELIHOOD, Day, Likelihood, Line, Slug, Strict, Text

#: The scale, mildest first. What each word means is on the methodology page.
LEVELS = ("insignificant", "low", "medium", "high", "extreme")
LEVEL_MEANINGS = {
    "insignificant": "Threats to people and operations are rare; ordinary life is undisturbed.",
    "low": "Crime, unrest or violence occur but are isolated; they seldom disrupt daily life.",
    "medium": "Unrest, crime or attacks recur and disrupt activity in places; precautions "
    "are needed.",
    "high": "Serious violence or unrest is frequent; disruption is sustained and "
    "operations need substantial security measures.",
    "extreme": "Armed conflict or a breakdown of order; the authorities may not control "
    "parts of the region, and most activity stops.",
}
TRENDS = ("deteriorated", "unchanged", "improved")
ALERTS = ("risk-alert", "resolution-opportunity")
ALERT_LABELS = {"risk-alert": "Risk alert", "resolution-opportunity": "Resolution opportunity"}
#: The midpoint of each ICD 203 range (``schema.LIKELIHOOD_RANGES``): what a word is scored as.
MIDPOINTS = ("0.03", "0.125", "0.325", "0.5", "0.675", "0.875", "0.97")

Level = Literal[LEVELS]  # type: ignore[valid-type]
Trend = Literal[TRENDS]  # type: ignore[valid-type]
Alert = Literal[ALERTS]  # type: ignore[valid-type]


def probability(word: str) -> Fraction:
    """The probability a likelihood word is scored as (the midpoint of its ICD 203 range)."""
    return Fraction(MIDPOINTS[LIKELIHOOD.index(word)])


class OutcomeIn(Strict):
    """How a judgement turned out, added once it is known."""

    resolved_on: Day = Field(
        description="The day the outcome was known (YYYY-MM-DD); not before the "
        "assessment's `as_of`. An outcome dated after the day of the build is held back "
        "until then."
    )
    happened: bool = Field(
        strict=True, description="`true` if what the statement says happened, else `false`."
    )
    note: Text | None = Field(None, description="What happened, or where it is reported.")


class JudgementIn(Strict):
    """A forecast that can be checked: a statement, how likely it is, and by when."""

    id: Slug = Field(
        description="Unique on the whole site, e.g. `pkba-2026-02-a`: the track record links "
        "each scored judgement by it."
    )
    statement: Text = Field(description="What will happen, stated so it can be checked.")
    likelihood: Likelihood = Field(
        description="ICD 203 likelihood word; scored as the midpoint of its range."
    )
    by: Day = Field(description="The day by which it resolves (YYYY-MM-DD).")
    outcome: OutcomeIn | None = Field(
        None, description="How it turned out: added later, by a pull request."
    )


class AssessmentIn(Strict):
    """An analyst's dated judgement on one region: where risk stands and where it is heading."""

    region: Slug = Field(description="The region assessed: an id from the taxonomy.")
    as_of: Day = Field(
        description="The day of the assessment (YYYY-MM-DD); the file is "
        "<region>-<as_of>.yaml. One assessment a region a day. An assessment dated after "
        "the day of the build is scheduled: the published site holds it back until then."
    )
    level: Level = Field(description="The risk level now, on the scale of five words.")
    trend: Trend = Field(
        description="Against the region's previous assessment: `deteriorated` cannot go "
        "with a lower level, nor `improved` with a higher one."
    )
    alert: Alert | None = Field(
        None, description="A risk alert or a resolution opportunity, where there is one."
    )
    alert_text: Text | None = Field(None, description="What the alert is about; only with `alert`.")
    headline: Line = Field(description="The assessment's headline.")
    summary: Text = Field(description="One paragraph; its first sentence gives the reason.")
    body: list[Text] = Field([], description="Further paragraphs (inline Markdown).")
    author: Line = Field(description="Who made the assessment.")
    evidence: list[Slug] = Field(
        [], description="Ids of the articles it rests on, none dated after `as_of`."
    )
    judgements: list[JudgementIn] = Field([], description="Forecasts that can be checked.")


#: A sentence ends at . ! or ? (and any closing quote or bracket) before a space and a
#: capital or a digit: "3.5 per cent" and "e.g. this" do not end one.
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*(?=\s+[\"'‘“(]*[A-Z0-9])")


def first_sentence(text: str) -> str:
    """The first sentence of a summary: the reason for the assessment."""
    text = " ".join(text.split())
    end = _SENTENCE_END.search(text)
    return text[: end.end()] if end else text


def day_month_year(day: dt.date) -> str:
    """How assessments give their dates: ``1 February 2026``."""
    return f"{day.day} {day:%B} {day.year}"


def month_name(month: tuple[int, int]) -> str:
    """``(2026, 1)`` -> ``January 2026``."""
    return f"{dt.date(month[0], month[1], 1):%B} {month[0]}"


@dataclass(frozen=True)
class Assessment:
    """One validated assessment and the file it came from (as shown in messages)."""

    data: AssessmentIn
    source: str

    @property
    def region(self) -> str:
        return self.data.region

    @property
    def as_of(self) -> dt.date:
        return self.data.as_of

    @property
    def src(self) -> str:
        """The page, relative to the docs folder: ``/assessments/<region>/<yyyy-mm-dd>/``."""
        return f"assessments/{self.region}/{self.as_of.isoformat()}.md"

    @property
    def rank(self) -> int:
        """The level's place on the scale, 0 (insignificant) to 4 (extreme)."""
        return LEVELS.index(self.data.level)

    @functools.cached_property
    def fingerprint(self) -> bytes:
        """A hash of everything the assessment says and where it was written (cache keys
        of the pages showing it; computed once)."""
        data = self.source.encode() + b"\0" + self.data.model_dump_json().encode()
        return hashlib.blake2b(data, digest_size=16).digest()


@dataclass(frozen=True)
class Judgement:
    """A judgement with the assessment that made it; ``outcome`` is None until known."""

    data: JudgementIn
    assessment: Assessment

    @property
    def outcome(self) -> OutcomeIn | None:
        return self.data.outcome

    @property
    def probability(self) -> Fraction:
        return probability(self.data.likelihood)

    @property
    def score(self) -> Fraction | None:
        """Its Brier score, ``(p - outcome)^2``, once resolved."""
        if self.outcome is None:
            return None
        return (self.probability - int(self.outcome.happened)) ** 2

    def overdue(self, day: dt.date) -> bool:
        """Past its ``by`` date on ``day`` with no outcome."""
        return self.outcome is None and self.data.by < day
