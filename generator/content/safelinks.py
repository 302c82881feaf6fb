"""What counts as a safe address, shared by validation and the renderer.

Entry text may hold inline Markdown links; only absolute ``http(s)://`` addresses may
become links. ``validate`` (through :data:`schema.Text`) refuses anything else with a
message for the editor; ``render.markdown.escape_markdown`` neutralises whatever still
gets through (defence in depth), using :func:`starts_http` on the same ``](`` positions.

>>> is_http_url("https://example.org/a?b=1"), is_http_url("javascript:alert(1)")
(True, False)
>>> [p.message for p in text_problems("see [this](javascript:alert(1))")]
["link to 'javascript:alert(1)' is not allowed: links must be http(s) addresses (https://...)"]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

#: ``](`` opens a link's target in Markdown; whitespace may follow the parenthesis.
LINK_OPEN = re.compile(r"\]\(\s*")
_HTTP = re.compile(r"https?://", re.IGNORECASE)
_FORBIDDEN = re.compile(r"[\s<>\"\\`{}|^\x00-\x1f\x7f]")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
#: An image: "![alt](src)" or "![alt][ref]" (brackets may nest, so only the shape).
_IMAGE = re.compile(r"!\[.*\][(\[]", re.DOTALL)
_DEFINITION = re.compile(r"^\s*\[[^\[\]]*\]:")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_http_url(url: str) -> bool:
    """An absolute http(s) address with a host and no character a browser would strip."""
    if not url or _FORBIDDEN.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def starts_http(text: str, pos: int) -> bool:
    """Whether the link target starting at ``pos`` begins with ``http://`` or ``https://``.

    The scheme is all that decides what a browser does with a link, so this prefix test
    is the renderer's whole rule: anything else, relative paths included, is not linked.
    """
    return bool(_HTTP.match(text, pos))


def link_target(text: str, start: int) -> str:
    """The target of the link whose ``(`` ends just before ``start``, as Markdown reads it:
    up to whitespace or the ``)`` that closes it (nested parentheses allowed)."""
    if text.startswith("<", start):
        end = text.find(">", start)
        return text[start + 1 : end if end >= 0 else len(text)]
    depth = 0
    for i in range(start, len(text)):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return text[start:i]
            depth -= 1
        elif c.isspace():
            return text[start:i]
    return text[start:]


@dataclass(frozen=True)
class Problem:
    message: str
    code: str


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def text_problems(text: str) -> Iterator[Problem]:
    """Everything in one text value that must not reach a page, worded for the editor."""
    control = _CONTROL.search(text)
    if control:
        yield Problem(
            f"contains the control character U+{ord(control.group()):04X}; remove it",
            "briefing.text",
        )
    for m in LINK_OPEN.finditer(text):
        target = link_target(text, m.end())
        if not is_http_url(target):
            yield Problem(
                f"link to {_short(target)!r} is not allowed: links must be http(s) "
                "addresses (https://...)",
                "briefing.url",
            )
    for m in _AUTOLINK.finditer(text):
        if not is_http_url(m.group(1)):
            yield Problem(
                f"link to {_short(m.group(1))!r} is not allowed: links must be http(s) "
                "addresses (https://...)",
                "briefing.url",
            )
    if _IMAGE.search(text):
        yield Problem(
            "images are not allowed in text (the picture would load from another site); "
            "link to it instead: [description](https://...)",
            "briefing.markup",
        )
    if _DEFINITION.match(text):
        yield Problem(
            "link definitions ('[name]: address') are not supported; "
            "write the link in place: [text](https://...)",
            "briefing.markup",
        )
