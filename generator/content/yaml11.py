"""What YAML 1.1 (libyaml) reads otherwise than it looks, for ``load``.

- Numbers and true/false: ``010`` is the octal 8, ``1:30`` the base-60 90, ``0x1F`` 31,
  ``0b101`` 5, ``1_000`` 1000, ``yes``/``on`` true. :func:`yaml11_form` says, for a plain
  scalar YAML resolved to a number or true/false, whether its text is such a form and what
  to write instead.
- Line breaks: libyaml counts U+0085, U+2028 and U+2029 as line breaks, editors do not;
  :class:`Lines` gives a mark's line and column as the editor shows them.

>>> yaml11_form("int", "145") is None, yaml11_form("int", "010")[1]
(True, 'briefing.yaml-number')
"""

from __future__ import annotations

import bisect
import re
from typing import Any

import yaml

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_BASES = {"0x": ("hexadecimal", 16), "0b": ("binary", 2)}


def yaml11_form(kind: str, text: str) -> tuple[str, str] | None:
    """(message, code) when a plain number or true/false is written in a form that YAML
    1.1 (libyaml) reads otherwise than it looks; None for plain decimals and true/false.

    >>> yaml11_form("int", "145") is None, yaml11_form("bool", "false") is None
    (True, True)
    >>> yaml11_form("int", "010")[0][:60]
    'YAML 1.1 reads 010 as the octal number 8: write 10 (no leadi'
    >>> yaml11_form("bool", "yes")
    ("YAML 1.1 reads yes as true: write true or false, or 'yes' in quotes if it is text", \
'briefing.yaml-bool')
    """
    quoted = f"or '{text}' in quotes if it is text"
    if kind == "bool":
        if text in ("true", "false"):
            return None
        word = "true" if text.lower() in ("yes", "on", "true") else "false"
        how = f"write {word} (in lowercase)" if text.lower() == word else "write true or false"
        return f"YAML 1.1 reads {text} as {word}: {how}, {quoted}", "briefing.yaml-bool"
    if kind == "int" and _PLAIN_INT.fullmatch(text):
        return None
    if kind != "int" and (kind != "float" or ("_" not in text and ":" not in text)):
        return None  # (a float in a count is refused as not whole; these two change it)
    value = _CONSTRUCTOR.yaml_constructors[_TAG + kind](_CONSTRUCTOR, yaml.ScalarNode("", text))
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    sign, digits = (text[0], text[1:]) if text[:1] in ("+", "-") else ("", text)
    if ":" in digits:
        return (
            f"YAML 1.1 reads {text} as the base-60 number {shown} (as if it were a time): "
            f"write {shown} in plain digits if that is the number, {quoted}",
            "briefing.yaml-number",
        )
    if digits[:2].lower() in _BASES:
        name, _ = _BASES[digits[:2].lower()]
        return (
            f"YAML 1.1 reads {text} as the {name} number {shown}: write {shown} in plain "
            f"digits if that is the number, {quoted}",
            "briefing.yaml-number",
        )
    if "_" in digits:
        return (
            f"YAML 1.1 reads {text} as {shown}, dropping the underscores: write {shown} "
            f"(digits only), {quoted}",
            "briefing.yaml-number",
        )
    plain = sign.replace("+", "") + (digits.lstrip("0") or "0")  # what was meant, surely
    if digits.startswith("0") and digits != "0" and kind == "int":
        return (
            f"YAML 1.1 reads {text} as the octal number {shown}: write {plain} (no leading "
            f"zero), {quoted}",
            "briefing.yaml-number",
        )
    return (
        f"only plain digits are read as a number: write {plain} (no plus sign), {quoted}",
        "briefing.yaml-number",
    )


#: Line breaks to libyaml (YAML 1.1) that editors show inside a line: NEL, LS, PS.
ODD_BREAKS = ("\x85", "\u2028", "\u2029")
BREAK = re.compile(r"\r\n|\r|\n")


class Lines:
    """(line, column) as an editor shows them, from libyaml's marks.

    libyaml counts U+0085, U+2028 and U+2029 as line breaks; editors do not, so after one
    of them libyaml's line numbers run ahead. The mark's ``index`` (in characters) is
    right, and is turned into the editor's line and column here. Text without those
    characters (nearly all) keeps libyaml's numbers, which are then the same.

    >>> text = "a: 'x\\u2029y'\\nb: 1\\n"
    >>> Lines(text).at(yaml.compose(text).value[1][0].start_mark)
    (2, 1)
    """

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] | None = None
        if any(c in text for c in ODD_BREAKS):
            self.starts = [0, *(m.end() for m in BREAK.finditer(text))]

    def at(self, mark: Any) -> tuple[int, int]:
        """A libyaml mark's (line, column), 1-based."""
        if self.starts is None:
            return (mark.line + 1, mark.column + 1)
        return self.at_index(mark.index)

    def at_index(self, index: int) -> tuple[int, int]:
        """The (line, column) of the character at ``index``, 1-based."""
        starts = (
            self.starts
            if self.starts is not None
            else [0, *(m.end() for m in BREAK.finditer(self.text))]
        )
        line = bisect.bisect_right(starts, index)
        return (line, index - starts[line - 1] + 1)


_NAMES = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


def odd_break_hint(text: str, index: int) -> str:
    """For a syntax error at ``index``: the break editors do not show that likely caused
    it (the last one before), or nothing.

    >>> odd_break_hint("a: b\\u2028c\\n", 6)[:40]
    '; line 1 holds U+2028 LINE SEPARATOR (co'
    """
    odd = [i for i in (text.rfind(c, 0, index + 1) for c in ODD_BREAKS) if i >= 0]
    if not odd:
        return ""
    at = max(odd)
    line, col = Lines(text).at_index(at)
    return (
        f"; line {line} holds U+{ord(text[at]):04X} {_NAMES[text[at]]} (column {col}), "
        "which YAML reads as a line break: remove it, or quote the text"
    )
