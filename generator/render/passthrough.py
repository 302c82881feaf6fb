"""Hide a page's HTML blocks from Python-Markdown and put them back after it.

Python-Markdown passes raw HTML through, but only after parsing it tag by tag to find
where each block ends (~20 ms for an article, more than the rest of its build). The
blocks are already final HTML (``html.py``), so the plugin swaps each for a one-word
paragraph before conversion and swaps the ``<p>word</p>`` back after it: the page gets
exactly the HTML plain MkDocs makes of the same Markdown, at a fraction of the cost.

The words carry a random nonce per build, so no text of an entry can be taken for one
(entry text is escaped besides: it can never hold ``<p>`` of its own).

>>> md = "# T\\n\\n<ul>\\n<li>x</li>\\n</ul>\\n"
>>> hidden, used = hide(md, ("<ul>\\n<li>x</li>\\n</ul>",), "n0")
>>> hidden
'# T\\n\\n\\n\\nbriefingblockn0x0\\n\\n\\n'
>>> restore("<h1>T</h1>\\n<p>briefingblockn0x0</p>", used, "n0")
'<h1>T</h1>\\n<ul>\\n<li>x</li>\\n</ul>'
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence


class PassthroughError(RuntimeError):
    """A hidden block did not come back: a bug in a template, never a content problem."""


def new_nonce() -> str:
    return secrets.token_hex(6)


def _word(nonce: str, i: int) -> str:
    return f"briefingblock{nonce}x{i}"


def hide(markdown: str, blocks: Sequence[str], nonce: str) -> tuple[str, tuple[str, ...]]:
    """Replace each block, found in order, by a paragraph of one word; return the blocks used.

    A block that is not found (a template rendered it but did not output it) is skipped.
    """
    parts: list[str] = []
    used: list[str] = []
    pos = 0
    for block in blocks:
        at = markdown.find(block, pos)
        if at < 0:
            continue
        parts += [markdown[pos:at], f"\n\n{_word(nonce, len(used))}\n\n"]
        used.append(block)
        pos = at + len(block)
    parts.append(markdown[pos:])
    return "".join(parts), tuple(used)


def restore(html: str, used: Sequence[str], nonce: str) -> str:
    """Put each hidden block back where Python-Markdown left its ``<p>word</p>``."""
    parts: list[str] = []
    pos = 0
    for i, block in enumerate(used):
        mark = f"<p>{_word(nonce, i)}</p>"
        at = html.find(mark, pos)
        if at < 0:
            raise PassthroughError(f"HTML block {i} was lost in the Markdown conversion")
        parts += [html[pos:at], block]
        pos = at + len(mark)
    parts.append(html[pos:])
    return "".join(parts)
