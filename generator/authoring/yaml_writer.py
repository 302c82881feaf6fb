"""Write entry data as commented YAML, and prove the text reads back as the same data.

The files ``briefing new`` and ``briefing import`` write are read and edited by people: a
comment above a field says what it holds, a ``REVIEW`` comment marks what import only
proposes. PyYAML's dumper cannot write comments, so the document is laid out line by line
here. Every scalar is still quoted by PyYAML itself (``safe_dump`` of that one value), or
written as a folded block when it is a long single-spaced sentence, and :func:`dump` loads
the finished text with the project's own loader and compares it with the data before
returning it: a quoting mistake is caught here, never in an analyst's file.

>>> print(dump({"id": "x", "regions": ["pk-ba"], "note": "a: b"}, above={("id",): ["Id."]}))
# Id.
id: x
regions: [pk-ba]
note: 'a: b'
<BLANKLINE>
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from ..content.load import Path_, load_text

Comments = Mapping[Path_, Sequence[str]]
WIDTH = 88
_NO_WRAP = 1_000_000
#: Items that may stand unquoted in a flow list ``[a, b]``: ids, plain words.
_FLOW_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class EmitError(AssertionError):
    """The emitted text would not read back as the data: a bug here, not in content."""


def inline(value: Any) -> str:
    """One value as a one-line YAML scalar.

    >>> inline("yes"), inline("it's: here"), inline(dt.date(2026, 2, 1)), inline(None)
    ("'yes'", "'it''s: here'", '2026-02-01', 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise EmitError(f"cannot write a {type(value).__name__} as a YAML scalar")
    text = yaml.safe_dump(value, allow_unicode=True, width=_NO_WRAP)
    text = text.removesuffix("\n").removesuffix("\n...")
    if "\n" in text or not value.isprintable():  # line breaks, NEL, controls: escaped
        text = yaml.safe_dump(value, allow_unicode=True, width=_NO_WRAP, default_style='"')
        text = text.removesuffix("\n")
    return text


def _folded(value: str, indent: int, width: int) -> list[str] | None:
    """A long sentence as the lines of a ``>-`` block, or None when folding could change it.

    Folding joins lines with one space, so only single-spaced, printable text without
    leading or trailing space is folded; anything else is quoted on one line instead.
    """
    if value != value.strip() or "  " in value or not value.isprintable():
        return None
    lines = textwrap.wrap(
        value,
        width=max(width - indent, 40),
        break_long_words=False,
        break_on_hyphens=False,
    )
    if " ".join(lines) != value:
        return None
    return [" " * indent + line for line in lines]


class _Writer:
    def __init__(self, above: Comments, below: Comments, width: int):
        self.above = above
        self.below = below
        self.width = width
        self.lines: list[str] = []

    def comment(self, texts: Sequence[str], indent: int) -> None:
        for text in texts:
            if not text:  # an empty comment is a blank line, to separate groups of fields
                self.lines.append("")
            for line in text.splitlines():
                line = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in line)
                self.lines.append(f"{' ' * indent}# {line}".rstrip())

    def mapping(self, data: Mapping[str, Any], indent: int, loc: Path_, first: str = "") -> None:
        """``first`` replaces the indent of the first key (``"  - "`` in a list item)."""
        for i, (key, value) in enumerate(data.items()):
            if not isinstance(key, str):
                raise EmitError(f"keys must be text, got {key!r}")
            if i or not first:
                self.comment(self.above.get((*loc, key), ()), indent)
            head = (first if i == 0 and first else " " * indent) + f"{inline(key)}:"
            self.value(head, value, indent, (*loc, key))
            self.comment(self.below.get((*loc, key), ()), indent)

    def value(self, head: str, value: Any, indent: int, loc: Path_) -> None:
        if isinstance(value, Mapping):
            if not value:
                self.lines.append(f"{head} {{}}")
                return
            self.lines.append(head)
            self.mapping(value, indent + 2, loc)
        elif isinstance(value, list | tuple):
            self.sequence(head, value, indent, loc)
        elif value is None:
            self.lines.append(head)
        else:
            one = f"{head} {inline(value)}"
            folded = _folded(value, indent + 2, self.width) if isinstance(value, str) else None
            if len(one) <= self.width or folded is None:
                self.lines.append(one)
            else:
                self.lines.append(f"{head} >-")
                self.lines.extend(folded)

    def sequence(self, head: str, items: Sequence[Any], indent: int, loc: Path_) -> None:
        if not items:
            self.lines.append(f"{head} []")
            return
        flow = f"{head} [{', '.join(str(v) for v in items)}]"
        simple = all(isinstance(v, str) and _FLOW_SAFE.match(v) and inline(v) == v for v in items)
        if simple and len(flow) <= self.width:
            self.lines.append(flow)
            return
        self.lines.append(head)
        dash = " " * (indent + 2) + "- "
        for i, item in enumerate(items):
            self.comment(self.above.get((*loc, i), ()), indent + 2)
            if isinstance(item, Mapping) and item:
                self.mapping(item, indent + 4, (*loc, i), first=dash)
            elif isinstance(item, list | tuple):
                raise EmitError("lists inside lists are not part of the entry format")
            else:
                self.value(dash.rstrip(), item, indent + 2, (*loc, i))


def dump(
    data: Mapping[str, Any],
    *,
    header: Sequence[str] = (),
    above: Comments | None = None,
    below: Comments | None = None,
    width: int = WIDTH,
) -> str:
    """``data`` as YAML text: ``header`` comment lines first, then each field with the
    comment lines ``above``/``below`` its path. Raises :class:`EmitError` if the text
    would not load back as exactly ``data``.
    """
    writer = _Writer(above or {}, below or {}, width)
    writer.comment(header, 0)
    writer.mapping(data, 0, ())
    text = "\n".join(writer.lines) + "\n"
    loaded = load_text(text, "<emitted>").data
    if loaded != _plain(data):
        raise EmitError("the emitted YAML does not read back as the data it was made from")
    return text


def _plain(value: Any) -> Any:
    """Tuples as lists, so data built with tuples compares equal to what YAML loads."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
