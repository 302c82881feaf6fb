"""``briefing import``: an article's plain text -> a commented entry, every sentence kept.

What the text states lands in its field as written (:mod:`generator.authoring.article_text` reads
it). What import can only propose carries a ``REVIEW`` comment for the analyst:

- casualty figures, one per distinct figure, with ``reported_by`` only where the sentence
  names who gave it (:mod:`generator.authoring.attribution`; a pronoun is resolved to the person
  named before it, or left empty, never guessed), the day, and a status;
- regions and themes, from the taxonomy's names, aliases and keywords
  (:mod:`generator.authoring.terms`), with the words that suggested them.

A quotation standing on its own line becomes a quote with its speaker when the sentence
before it names one; otherwise it stays a paragraph, marks and all.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.load import Path_
from ..content.model import Taxonomy
from . import yaml_writer
from .article_text import ParsedText, decode, parse_text, quotation
from .attribution import (
    Speakers,
    day_of,
    figures_in,
    find_people,
    period_of,
    sentences,
    speaker_before,
    status_of,
)
from .scaffold import SCHEMA_LINE, slugify
from .terms import infer_regions, infer_themes, normalise_title

REVIEW = "REVIEW"


@dataclass(frozen=True)
class Imported:
    """The entry as YAML text, its data, and what the analyst should hear about it."""

    id: str
    text: str
    data: dict[str, Any]
    reviews: int
    notes: list[str] = field(default_factory=list)
    #: The entry with the same headline whose id this one keeps (a re-import), if any.
    same_as: str | None = None


@dataclass
class _Sighting:
    where: str
    sentence: str
    source: str | None
    how: str
    injured: int | None = None


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, width=yaml_writer.WIDTH - 8, break_on_hyphens=False) or [""]


def _reading_order(parsed: ParsedText) -> Iterator[tuple[str, str]]:
    """(where, paragraph) in the order a reader meets them, quotations left out."""
    if parsed.summary:
        yield "the lede", parsed.summary
    for i, (point, _) in enumerate(parsed.key_points, 1):
        yield f"key point {i}", point
    for i, paragraph in enumerate(parsed.body, 1):
        if quotation(paragraph) is None:
            yield f"body paragraph {i}", paragraph
    for i, paragraph in enumerate(parsed.context, 1):
        yield f"context paragraph {i}", paragraph


def propose_casualties(
    parsed: ParsedText, speakers: Speakers
) -> tuple[list[dict[str, Any]], dict[Path_, list[str]], list[str]]:
    """Casualty entries, the REVIEW comment above each, and notes on injured-only figures."""
    seen: dict[tuple[str, int], list[_Sighting]] = {}
    injured_only: list[str] = []
    for where, paragraph in _reading_order(parsed):
        for sentence in sentences(paragraph):
            figures = figures_in(sentence)
            source, how = speakers.source(sentence)
            killed = {f.group: f for f in figures if f.kind == "killed"}
            for f in figures:
                if f.kind == "killed":
                    seen.setdefault((f.group, f.count), []).append(
                        _Sighting(where, sentence, source, how)
                    )
                elif f.group in killed:
                    seen[(f.group, killed[f.group].count)][-1].injured = f.count
                else:
                    injured_only.append(f"{f.count} {f.group} injured, in {where}: “{sentence}”")
    rows: list[dict[str, Any]] = []
    above: dict[Path_, list[str]] = {}
    for (group, count), sightings in seen.items():
        reported = [s for s in sightings if s.source]
        body = [s for s in reported if not s.where.startswith(("the lede", "key point"))]
        best = (body or reported or sightings)[0]
        day, day_how = day_of(best.sentence, parsed.date)
        row: dict[str, Any] = {"group": group, "killed": count}
        if best.injured is not None:
            row["injured"] = best.injured
        row |= {"reported_by": best.source or "", "reported_on": day or ""}
        if period := period_of(best.sentence):
            row["period"] = period
        status = status_of(best.source)
        row["status"] = status
        lines = [
            f"{REVIEW} (proposed by import; check it against the text, then delete this "
            f"comment): from {best.where}: “{best.sentence}”",
            f"reported_by: {best.how}"
            + ("" if best.source else " -- fill it in from the text, or delete this figure")
            + f"; reported_on: {day_how}; status: {status}"
            + (" (the source is an authority)." if status == "official" else " (guessed)."),
        ]
        if "earlier" in best.sentence:
            lines.append(
                "The text says “earlier”: if a later figure replaced this one, "
                "set superseded: true."
            )
        above[("casualties", len(rows))] = [w for line in lines for w in _wrap(line)]
        rows.append(row)
    return rows, above, injured_only


def _body(parsed: ParsedText, speakers: Speakers) -> tuple[list[Any], dict[Path_, list[str]]]:
    out: list[Any] = []
    above: dict[Path_, list[str]] = {}
    for i, paragraph in enumerate(parsed.body):
        words = quotation(paragraph)
        before = parsed.body[i - 1] if i else (parsed.summary or "")
        person = speaker_before(before, speakers.people) if words else None
        if words and person:
            quote = {"quote": words, "speaker": person.name, "role": person.role}
            out.append(
                quote | ({"organisation": person.organisation} if person.organisation else {})
            )
            continue
        if words:
            above[("body", len(out))] = _wrap(
                f"{REVIEW}: a quotation, but the sentence before it names no speaker; kept as "
                "a paragraph. If the text says who said it, write it as a quote "
                "(quote, speaker, role, organisation)."
            )
        out.append(paragraph)
    return out, above


def build_entry(
    parsed: ParsedText,
    taxonomy: Taxonomy,
    existing: dict[str, tuple[str, str]],
    source_name: str,
    entry_id: str | None = None,
) -> Imported:
    """The entry for ``parsed``: data, commented YAML text and notes for the analyst."""
    notes = []
    same = existing.get(normalise_title(parsed.headline))
    same_as = None
    if entry_id is None and same:
        entry_id, same_as = same
        notes.append(f"an entry with this headline exists ({same[1]}); keeping its id")
    elif same and same[0] != entry_id:
        notes.append(f"an entry with this headline exists ({same[1]}, id {same[0]!r})")
    entry_id = entry_id or slugify(parsed.headline)
    text = "\n".join(
        [parsed.headline, parsed.dek or "", parsed.summary or ""]
        + [f"{p} - {i or ''}" for p, i in parsed.key_points]
        + parsed.body
        + parsed.context
        + parsed.risks
    )
    people = find_people([parsed.summary or "", *parsed.body, *parsed.context])
    above: dict[Path_, list[str]] = {}
    data: dict[str, Any] = {
        "id": entry_id,
        "section": parsed.section or "",
        "date": parsed.date or "",
    }
    if not parsed.section or not parsed.date:
        above[("section",)] = [
            f"{REVIEW}: the text has no dateline (section and date); fill both in."
        ]
    data["headline"] = parsed.headline
    for name in ("dek", "byline", "summary"):
        if getattr(parsed, name):
            data[name] = getattr(parsed, name)
    data["key_points"] = [{"text": p} | ({"impact": i} if i else {}) for p, i in parsed.key_points]
    data["body"], body_above = _body(parsed, Speakers(people))
    above |= body_above
    data["context"] = list(parsed.context)
    data["risks"] = [{"text": r} for r in parsed.risks]
    if parsed.risks:
        above[("risks",)] = _wrap(
            "Import does not grade risks: add category, likelihood, impact and confidence only "
            "where the source or an analyst gives them."
        )
    rows, casualty_above, injured_only = propose_casualties(parsed, Speakers(people))
    data["casualties"] = rows
    above |= casualty_above
    if rows or injured_only:
        lines = [f"{REVIEW}: casualty figures found in the text, one per distinct figure."]
        lines += [f"Also in the text, not proposed (no number killed): {n}" for n in injured_only]
        above[("casualties",)] = [w for line in lines for w in _wrap(line)]
    for name, inferred in (
        ("regions", infer_regions(taxonomy, parsed.headline, text)),
        ("themes", infer_themes(taxonomy, text)),
    ):
        data[name] = inferred.ids
        found = inferred.evidence or [f"none of content/taxonomy.yaml's {name} is named; add one"]
        above[(name,)] = _wrap(f"{REVIEW}: {name} from content/taxonomy.yaml, " + "; ".join(found))
    data["related"] = []
    for title, date in parsed.related:
        item: dict[str, Any] = {"title": title, "date": date}
        match = existing.get(normalise_title(title))
        if match and match[0] != entry_id:
            item["id"] = match[0]
        data["related"].append(item)
    data = {k: v for k, v in data.items() if v != [] or k in ("regions", "themes")}
    header = [
        SCHEMA_LINE,
        *textwrap.wrap(
            f"Imported by `briefing import` from {Path(source_name).name}: every sentence of "
            "the text is below, in its field. Comments marked REVIEW are what import only "
            "proposes: check each against the text, then delete the comment. Not filled by "
            "import: actors and sources (who said what); add them where the text names them.",
            width=yaml_writer.WIDTH - 2,
        ),
    ]
    yaml_text = yaml_writer.dump(data, header=header, above=above)
    reviews = sum(1 for line in yaml_text.splitlines() if f"# {REVIEW}" in line)
    return Imported(entry_id, yaml_text, data, reviews, notes, same_as)


def import_text(
    raw: bytes,
    name: str,
    taxonomy: Taxonomy,
    existing: dict[str, tuple[str, str]],
    entry_id: str | None = None,
) -> Imported:
    """Bytes of an article -> :class:`Imported`; raises UnreadableText for bad input."""
    return build_entry(parse_text(decode(raw, name), name), taxonomy, existing, name, entry_id)
