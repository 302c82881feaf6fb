r"""A plain-text article -> its parts (headline, dek, lede, key points, body ...), as written.

Used by ``briefing import`` (:mod:`generator.authoring.importer`). The text is read in the seed's
form (tests/fixtures/seed_article.txt): section and dateline, headline (perhaps repeated
after the byline), dek, ``By ...``, lede, ``Key Points`` bullets with ``- impact`` tails,
body paragraphs with quotations on their own lines, ``Context and next steps``, ``Risks``
bullets and a ``More from <Section>`` strip of headlines with dates. Line endings, bullet
characters (``•``, ``-``, ``*``), wrapped lines and blank lines may vary. Nothing here
judges or infers: each part is the text as written, whitespace normalised.

>>> p = parse_text("World February 1, 2026\n\nVell Floods\n\nBy A. Writer\n\nRain fell.")
>>> p.section, p.date, p.headline, p.byline, p.summary
('World', datetime.date(2026, 2, 1), 'Vell Floods', 'A. Writer', 'Rain fell.')
"""

from __future__ import annotations

import codecs
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from ..content.load import MAX_BYTES
from ..errors import BriefingError

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
DATE = rf"(?:{_MONTHS})\.? \d{{1,2}}, \d{{4}}"
_DATELINE = re.compile(rf"^(?:(?P<section>.*?)[\s|·•,–—-]+)?(?P<date>{DATE})$")
_BYLINE = re.compile(r"^By\s+(?P<by>\S.*)$")
_BULLET = re.compile(r"^(?:[•*·▪◦‣–—-]|\d{1,2}[.)])\s+(?P<text>\S.*)$")
_HEADINGS = {
    "key points": "key_points",
    "context and next steps": "context",
    "context & next steps": "context",
    "next steps": "context",
    "risks": "risks",
    "related": "related",
    "related stories": "related",
}
_MORE_FROM = re.compile(r"^more from\s+(?:the\s+)?(?P<section>\S.*)$", re.IGNORECASE)
_RELATED = re.compile(rf"(?P<title>\S.*?)\s+(?P<date>{DATE})(?=\s|$)")
_IMPACT = re.compile(r"\s[-–—]\s(?!.*\s[-–—]\s)")
_QUOTE_ONLY = re.compile(r"^[“\"](?P<quote>[^“”\"]+)[”\"]$")
#: How a line that ends a paragraph ends: a stop, a closing quote, or a story's date.
_SENTENCE_END = re.compile(rf"(?:[.!?:;][”\"’)]*|[”\"]|{DATE})$")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
MAX_HEADLINE = 250


class UnreadableText(BriefingError):
    """The input is not an article's text we can read (binary, empty, no headline)."""


@dataclass
class ParsedText:
    """The article's parts, each as written (whitespace normalised)."""

    headline: str
    section: str | None = None
    date: dt.date | None = None
    dek: str | None = None
    byline: str | None = None
    summary: str | None = None
    key_points: list[tuple[str, str | None]] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    related: list[tuple[str, dt.date]] = field(default_factory=list)


def decode(raw: bytes, name: str) -> str:
    """Bytes -> text, or :class:`UnreadableText` saying why not."""
    if len(raw) > MAX_BYTES:
        raise UnreadableText(f"{name}: {len(raw)} bytes is more than an article (limit 1 MiB)")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableText(f"{name}: starts like UTF-16 text but is not") from None
    else:
        if b"\x00" in raw:
            raise UnreadableText(f"{name}: holds NUL bytes; this is a binary file, not text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnreadableText(
                f"{name}: byte {raw[exc.start]:#x} at offset {exc.start} is not UTF-8; "
                "save the article as plain UTF-8 text"
            ) from None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise UnreadableText(
            f"{name}:{line}: control character {ord(bad.group()):#04x}; this is not plain text"
        )
    if not text.strip():
        raise UnreadableText(f"{name}: the file is empty")
    return text


def _lines(text: str) -> list[str]:
    text = re.sub(r"\r\n?|[\u2028\u2029\x0c\x0b\x85]", "\n", text)
    return [" ".join(line.split()) for line in text.split("\n")]


def _date(text: str) -> dt.date:
    month, day, year = text.replace(".", "").replace(",", "").split()
    month = month[:3]
    return dt.datetime.strptime(f"{month} {day} {year}", "%b %d %Y").date()


def _heading(line: str) -> tuple[str, str | None] | None:
    """("related", "World") for ``More from World``; ("risks", None) for ``Risks:``."""
    plain = line.strip("#*_ ").rstrip(":").strip()
    more = _MORE_FROM.match(plain)
    if more:
        return "related", more["section"]
    target = _HEADINGS.get(plain.casefold())
    return (target, None) if target else None


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _is_headline(line: str) -> bool:
    sentences = re.findall(r"[.!?][”\"’]?\s+[A-Z]", line)
    return 0 < len(line) <= MAX_HEADLINE and not sentences and not _BULLET.match(line)


def _header(lines: list[str], name: str) -> tuple[ParsedText, int]:
    """Dateline, headline, dek, byline (and a repeated headline): (parts, next line)."""
    filled = [i for i, line in enumerate(lines) if line]
    k = 0
    section = date = None
    m = _DATELINE.match(lines[filled[0]])
    if m:
        section = (m["section"] or "").strip(" |·•,–—-") or None
        date = _date(m["date"])
        k = 1
    if k >= len(filled) or not _is_headline(lines[filled[k]]) or _heading(lines[filled[k]]):
        raise UnreadableText(
            f"{name}: no headline found: expected a short first line (after a dateline such as "
            "'World February 1, 2026') and the article below it"
        )
    parsed = ParsedText(headline=lines[filled[k]], section=section, date=date)
    k += 1
    window = filled[k : k + 4]
    by = next((j for j, i in enumerate(window) if _BYLINE.match(lines[i])), None)
    if by is not None:
        dek = [lines[i] for i in window[:by] if not _same(lines[i], parsed.headline)]
        parsed.dek = " ".join(dek) or None
        byline = _BYLINE.match(lines[window[by]])
        parsed.byline = byline["by"] if byline else None
        k += by + 1
    elif k < len(filled) and not _heading(lines[filled[k]]):
        line = lines[filled[k]]
        if not re.search(r"[.!?][”\"’]?$", line) and _is_headline(line):
            parsed.dek = line
            k += 1
    joined = ""
    for n, i in enumerate(filled[k : k + 3], 1):  # the headline again, perhaps wrapped
        joined = f"{joined} {lines[i]}".strip()
        if _same(joined, parsed.headline):
            k += n
            break
    return parsed, (filled[k] if k < len(filled) else len(lines))


@dataclass
class _Unit:
    kind: str  # "heading", "bullet" or "para"
    text: str
    target: str | None = None
    section: str | None = None


def _is_wrapped(lines: list[str]) -> bool:
    """Whether paragraphs are wrapped over several lines (then blank lines separate them)
    or each line is one paragraph: some line runs on, mid-sentence, into a next line."""
    return any(
        a
        and b
        and not _heading(a)
        and not _heading(b)
        and not _BULLET.match(b)
        and not _SENTENCE_END.search(a)
        for a, b in itertools.pairwise(lines)
    )


def _units(lines: list[str]) -> list[_Unit]:
    """Headings, bullets and paragraphs; a paragraph's wrapped lines joined by a space."""
    out: list[_Unit] = []
    current: _Unit | None = None
    wrapped = _is_wrapped(lines)
    for line in lines:
        heading = _heading(line) if line else None
        bullet = _BULLET.match(line) if line else None
        if not line or heading or bullet or not wrapped:
            current = None
        if heading:
            out.append(_Unit("heading", line, *heading))
        elif bullet:
            current = _Unit("bullet", bullet["text"])
            out.append(current)
        elif line and current is not None:
            current.text += " " + line
        elif line:
            current = _Unit("para", line)
            out.append(current)
    return out


def split_impact(text: str) -> tuple[str, str | None]:
    """``Point ... in Balochistan - impact on ...`` -> (point, impact): the last dash."""
    m = _IMPACT.search(text)
    if not m:
        return text, None
    point, impact = text[: m.start()].strip(), text[m.end() :].strip()
    return (point, impact) if point and impact else (text, None)


def parse_text(text: str, name: str = "<text>") -> ParsedText:
    """The article's parts. Raises :class:`UnreadableText` when there is no headline."""
    lines = _lines(text)
    if not any(lines):
        raise UnreadableText(f"{name}: the file is empty")
    parsed, start = _header(lines, name)
    mode, related_text = "body", []
    for unit in _units(lines[start:]):
        if unit.kind == "heading":
            mode = unit.target or "body"
            continue
        if mode == "key_points" and unit.kind == "bullet":
            parsed.key_points.append(split_impact(unit.text))
            continue
        if mode == "key_points":
            mode = "body"
        if mode == "body" and parsed.summary is None and unit.kind == "para":
            parsed.summary = unit.text
        elif mode == "body":
            parsed.body.append(unit.text)
        elif mode == "context":
            parsed.context.append(unit.text)
        elif mode == "risks":
            parsed.risks.append(unit.text)
        else:
            related_text.append(unit.text)
    joined = " ".join(related_text)
    for m in _RELATED.finditer(joined):
        parsed.related.append((m["title"].strip(), _date(m["date"])))
    leftover = _RELATED.sub("", joined).strip()
    if leftover:  # text in the strip that is not "Title Date": keep it, in the body
        parsed.body.append(leftover)
    return parsed


def quotation(paragraph: str) -> str | None:
    """The words of a paragraph that is one quotation and nothing else, without marks."""
    m = _QUOTE_ONLY.match(paragraph)
    return m["quote"].strip() if m else None
