"""Checking assessments: each file against ``AssessmentIn``, then the rules across files.

The same ``path:line:col: field: message [code]`` as entries, and, as there, the rules
across files run on the raw data, so a file that fails the schema still has its region,
evidence and judgement ids checked in the same run. Refused, besides what the schema
refuses (an unknown level, trend, alert or likelihood word):

- a file not named ``<region>-<as_of>.yaml``; ``alert`` without ``alert_text`` or the
  reverse; an outcome resolved, or a judgement due, before the assessment's ``as_of``;
- a region or an evidence id that does not exist, evidence dated after ``as_of``;
- two assessments of one region on one day; a judgement id used twice on the site;
- a trend that contradicts the levels: the level rose but the trend says ``improved``,
  or it fell but says ``deteriorated``, against the region's previous assessment.

>>> is_assessment_file("content/assessments/2026/pk-ba-2026-02-01.yaml")
True
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from ..errors import ContentError
from .assessments import LEVELS, Assessment, AssessmentIn
from .entries import Found, find_entries
from .load import Document, Path_, format_field
from .validate import errors_from_pydantic

FOLDER = "assessments"


def find_assessments(content: Path, root: Path) -> Found:
    """Every file under ``content/assessments``, found as entries are (``entries.py``)."""
    return find_entries(content / FOLDER, root, content)


def is_assessment_file(shown: str) -> bool:
    """A file in a folder named ``assessments`` holds an assessment, not an article."""
    return FOLDER in PurePosixPath(shown).parts[:-1]


def _at(doc: Document, loc: Path_, message: str, code: str) -> ContentError:
    line, col = doc.position(loc)
    return ContentError(doc.path, line, col, format_field(loc), message, code)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _list(data: Mapping[str, Any], name: str) -> list[tuple[int, Any]]:
    value = data.get(name)
    return list(enumerate(value)) if isinstance(value, list) else []


def file_rules(doc: Document) -> list[ContentError]:
    """The rules about one assessment that the schema cannot state."""
    data, errors = doc.data, []
    region, as_of = _text(data.get("region")), _day(data.get("as_of"))
    stem = Path(doc.path).stem
    if region and as_of and stem != f"{region}-{as_of.isoformat()}":
        field = "region" if not stem.startswith(f"{region}-") else "as_of"
        errors.append(
            _at(
                doc,
                (field,),
                f"must match the file name: the file is {stem!r}, the assessment is of "
                f"{region!r} on {as_of}; rename the file to {region}-{as_of}.yaml",
                "briefing.id-filename",
            )
        )
    if data.get("alert") is not None and data.get("alert_text") is None:
        errors.append(
            _at(doc, ("alert",), "needs alert_text: what the alert is about", "briefing.missing")
        )
    if data.get("alert") is None and _text(data.get("alert_text")):
        errors.append(
            _at(
                doc,
                ("alert_text",),
                "is only for an alert: add alert (risk-alert or resolution-opportunity), or "
                "remove alert_text",
                "briefing.alert",
            )
        )
    seen: set[str] = set()
    for i, value in _list(data, "evidence"):
        if isinstance(value, str) and value in seen:
            message = f"{value!r} is listed twice"
            errors.append(_at(doc, ("evidence", i), message, "briefing.duplicate"))
        seen.add(str(value))
    for i, item in _list(data, "judgements"):
        if not isinstance(item, dict) or as_of is None:
            continue
        by = _day(item.get("by"))
        if by is not None and by < as_of:
            errors.append(
                _at(
                    doc,
                    ("judgements", i, "by"),
                    f"must not be before the assessment's as_of {as_of}, got {by}",
                    "briefing.date",
                )
            )
        outcome = item.get("outcome")
        resolved = _day(outcome.get("resolved_on")) if isinstance(outcome, dict) else None
        if resolved is not None and resolved < as_of:
            errors.append(
                _at(
                    doc,
                    ("judgements", i, "outcome", "resolved_on"),
                    f"must not be before the assessment's as_of {as_of}, got {resolved}: an "
                    "outcome cannot be known before the judgement was made",
                    "briefing.date",
                )
            )
    return errors


def validate_assessment(doc: Document) -> tuple[AssessmentIn | None, list[ContentError]]:
    """One assessment against the schema, plus the rules that need only this file."""
    errors = list(doc.problems)
    found = None
    try:
        found = AssessmentIn.model_validate(doc.data)
    except ValidationError as exc:
        errors.extend(errors_from_pydantic(doc, exc, AssessmentIn))
    errors.extend(file_rules(doc))
    return (found if not errors else None), errors


@dataclass(frozen=True)
class Known:
    """What assessments may name: region ids (None when the taxonomy could not be read)
    and each entry's date (None when its file could not be read)."""

    regions: frozenset[str] | None
    entries: Mapping[str, dt.date | None]
    taxonomy_path: str = "content/taxonomy.yaml"


def _near(value: str, choices: Sequence[str]) -> str:
    near = difflib.get_close_matches(value, sorted(choices), n=1)
    return f"; did you mean {near[0]!r}?" if near else ""


def _references(doc: Document, known: Known) -> list[ContentError]:
    data, errors = doc.data, []
    region, as_of = _text(data.get("region")), _day(data.get("as_of"))
    if known.regions is not None and region and region not in known.regions:
        errors.append(
            _at(
                doc,
                ("region",),
                f"{region!r} is not a region in {known.taxonomy_path}"
                + _near(region, list(known.regions)),
                "briefing.unknown-region",
            )
        )
    for i, eid in _list(data, "evidence"):
        if not isinstance(eid, str):
            continue
        if eid not in known.entries:
            errors.append(
                _at(
                    doc,
                    ("evidence", i),
                    f"no entry has the id {eid!r}{_near(eid, list(known.entries))}",
                    "briefing.unknown-evidence",
                )
            )
            continue
        date = known.entries[eid]
        if as_of is not None and date is not None and date > as_of:
            errors.append(
                _at(
                    doc,
                    ("evidence", i),
                    f"{eid!r} is dated {date}, after this assessment's as_of {as_of}: evidence "
                    "comes before the judgement",
                    "briefing.date",
                )
            )
    return errors


def _duplicates(docs: Sequence[Document]) -> list[ContentError]:
    """Two assessments of one region on one day; one judgement id used twice."""
    errors = []
    days: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
    ids: dict[str, list[tuple[Document, int]]] = defaultdict(list)
    for doc in docs:
        region, as_of = _text(doc.data.get("region")), _day(doc.data.get("as_of"))
        if region and as_of:
            days[(region, as_of)].append(doc.path)
        for i, item in _list(doc.data, "judgements"):
            jid = item.get("id") if isinstance(item, dict) else None
            if isinstance(jid, str) and jid:
                ids[jid].append((doc, i))
    for doc in docs:
        region, as_of = _text(doc.data.get("region")), _day(doc.data.get("as_of"))
        if not (region and as_of):
            continue
        others = [p for p in days[(region, as_of)] if p != doc.path]
        if others:
            errors.append(
                _at(
                    doc,
                    ("as_of",),
                    f"{region!r} is also assessed on {as_of} in {', '.join(others)}; one "
                    "assessment a region a day",
                    "briefing.duplicate-assessment",
                )
            )
    for jid, uses in ids.items():
        if len(uses) < 2:
            continue
        for doc, i in uses:
            where = [
                f"{'this file' if d is doc else d.path} (judgements[{j}])"
                for d, j in uses
                if (d, j) != (doc, i)
            ]
            errors.append(
                _at(
                    doc,
                    ("judgements", i, "id"),
                    f"{jid!r} is also the id of a judgement in {', '.join(where)}; a "
                    "judgement id is unique on the whole site",
                    "briefing.duplicate-judgement",
                )
            )
    return errors


def _trends(docs: Sequence[Document]) -> list[ContentError]:
    """Each assessment's trend against its region's previous assessment."""
    by_region: dict[str, list[tuple[dt.date, Document]]] = defaultdict(list)
    for doc in docs:
        region, as_of = _text(doc.data.get("region")), _day(doc.data.get("as_of"))
        if region and as_of and doc.data.get("level") in LEVELS:
            by_region[region].append((as_of, doc))
    errors = []
    for items in by_region.values():
        items.sort(key=lambda item: (item[0], item[1].path))
        for (before, prev), (day, doc) in itertools.pairwise(items):
            if before == day:
                continue  # refused as a duplicate
            was, now = prev.data["level"], doc.data["level"]
            trend = doc.data.get("trend")
            change = LEVELS.index(now) - LEVELS.index(was)
            rose, fell = change > 0, change < 0
            if (rose and trend == "improved") or (fell and trend == "deteriorated"):
                way = "rose" if rose else "fell"
                fits = "deteriorated or unchanged" if rose else "improved or unchanged"
                errors.append(
                    _at(
                        doc,
                        ("trend",),
                        f"{trend!r} contradicts the levels: the level {way} from {was} "
                        f"({before}, {prev.path}) to {now}; write {fits}",
                        "briefing.trend",
                    )
                )
    return errors


def check_assessments(docs: Sequence[Document], known: Known) -> list[ContentError]:
    """The rules across files (and with the taxonomy and the entries)."""
    errors = [e for doc in docs for e in _references(doc, known)]
    return errors + _duplicates(docs) + _trends(docs)


def validate_assessments(
    docs: Sequence[Document], known: Known, errors: list[ContentError]
) -> list[Assessment]:
    """Validate every assessment; append each problem to ``errors``."""
    docs = sorted(docs, key=lambda d: d.path)
    out = []
    for doc in docs:
        found, errs = validate_assessment(doc)
        errors.extend(errs)
        if found is not None:
            out.append(Assessment(found, doc.path))
    errors.extend(check_assessments(docs, known))
    return out


def known_from(
    taxonomy_regions: Iterable[str] | None,
    taxonomy_path: str,
    article_docs: Sequence[Document],
    errors: Sequence[ContentError],
) -> Known:
    """What assessments may name, from the raw article files: an entry that fails its
    schema still exists (as does one that could not be read, under its file's name)."""
    loaded = {d.path for d in article_docs}
    entries: dict[str, dt.date | None] = {
        Path(e.path).stem: None for e in errors if e.path not in loaded
    }
    for doc in article_docs:
        eid, day = doc.data.get("id"), _day(doc.data.get("date"))
        if isinstance(eid, str):  # (an id used twice is refused; its earliest date counts)
            known = entries.get(eid)
            entries[eid] = min(known, day) if known and day else known or day
    regions = frozenset(taxonomy_regions) if taxonomy_regions is not None else None
    return Known(regions, entries, taxonomy_path)
