"""Hide a page's HTML blocks from Python-Markdown and put them back after it.

Python-Markdown passes raw HTML through, but only after parsing it tag by tag to find
where each block ends (~20 ms for an article, more than the rest of its build). The
blocks are already final HTML (``html.py``), so the plugin swaps each for a one-word
paragraph before conversion and swaps the ``<p>word</p>`` back after it: the page gets
exactly the HTML plain MkDocs makes of the same Markdown, at a fraction of the cost.

Blocks kept out of search (charts, tables, chips, lists of links: their first tag has
``data-search-exclude``) come back only after the search plugin has indexed the page, as
comments until then: it never parses them, which was a third of a build.

The words carry a random nonce per build, so no text of an entry can be taken for one
(entry text is escaped besides: it can never hold ``<p>`` of its own).

>>> md = "# T\\n\\n<ul>\\n<li>x</li>\\n</ul>\\n"
>>> hidden, used = hide(md, "---\\n---\\n" + md, [(13, 34)], "n0")
>>> hidden
'# T\\n\\n\\n\\nbriefingblockn0x0\\n\\n\\n'
>>> restore("<h1>T</h1>\\n<p>briefingblockn0x0</p>", used, "n0")
'<h1>T</h1>\\n<ul>\\n<li>x</li>\\n</ul>'
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence


class PassthroughError(RuntimeError):
    """A hidden block did not come back: a bug in a template, never a content problem."""


def new_nonce() -> str:
    return secrets.token_hex(6)


def _word(nonce: str, i: int) -> str:
    return f"briefingblock{nonce}x{i}"


def hide(
    markdown: str, source: str, spans: Sequence[tuple[int, int]], nonce: str
) -> tuple[str, tuple[str, ...]]:
    """Replace each block by a paragraph of one word; return the Markdown and the blocks.

    ``source`` is the page as generated and ``spans`` where its blocks are; ``markdown``
    is what MkDocs passes on, ``source`` without its front matter (if another plugin
    changed it, the blocks are looked for instead).
    """
    blocks = [source[start:end] for start, end in spans]
    shift = len(source) - len(markdown)
    if shift < 0 or not source.endswith(markdown) or any(s < shift for s, _ in spans):
        return _hide_by_search(markdown, blocks, nonce)
    parts: list[str] = []
    pos = 0
    for i, (start, end) in enumerate(spans):
        parts += [markdown[pos : start - shift], f"\n\n{_word(nonce, i)}\n\n"]
        pos = end - shift
    parts.append(markdown[pos:])
    return "".join(parts), tuple(blocks)


def _hide_by_search(
    markdown: str, blocks: Sequence[str], nonce: str
) -> tuple[str, tuple[str, ...]]:
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


#: Material's search plugin removes these attributes from a page after indexing it.
SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def unsearched(block: str) -> bool:
    """A block kept out of search as a whole: its first tag says ``data-search-exclude``."""
    end = block.find(">")
    return "data-search-exclude" in block[:end]


def restore(html: str, used: Sequence[str], nonce: str, *, later: bool = False) -> str:
    """Put each hidden block back where Python-Markdown left its ``<p>word</p>``.

    With ``later``, a block kept out of search becomes an HTML comment instead, which the
    search plugin skips without parsing; :func:`restore_later` puts it in the final page.
    """
    parts: list[str] = []
    pos = 0
    for i, block in enumerate(used):
        mark = f"<p>{_word(nonce, i)}</p>"
        at = html.find(mark, pos)
        if at < 0:
            raise PassthroughError(f"HTML block {i} was lost in the Markdown conversion")
        put = f"<!--{_word(nonce, i)}-->" if later and unsearched(block) else block
        parts += [html[pos:at], put]
        pos = at + len(mark)
    parts.append(html[pos:])
    return "".join(parts)


def restore_later(page: str, used: Sequence[str], nonce: str, *, searched: bool) -> str:
    """The final page with the blocks :func:`restore` left as comments put back, without
    the search attributes when a search plugin would have removed them (``searched``)."""
    for i, block in enumerate(used):
        if unsearched(block):
            mark = f"<!--{_word(nonce, i)}-->"
            page = page.replace(mark, SEARCH_ATTRIBUTE.sub("", block) if searched else block, 1)
    return page
