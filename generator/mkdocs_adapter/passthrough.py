"""Hide a page's HTML blocks from Python-Markdown and put them back after it.

Python-Markdown passes raw HTML through, but only after parsing it tag by tag to find
where each block ends (~20 ms for an article, more than the rest of its build). The
blocks are already final HTML (``html.py``), so the plugin swaps each for a one-word
paragraph before conversion and swaps the ``<p>word</p>`` back after it: the page gets
the HTML plain MkDocs makes of the same Markdown (but for the blank line Python-Markdown
writes after a raw block), at a fraction of the cost.

Blocks kept out of search (charts, tables, chips, lists of links: their first tag has
``data-search-exclude``, ``search.unsearched``) come back only after the search index has
the page, as comments until then: it never parses them, which was a third of a build.
:class:`Passthrough` holds these steps over a build's pages.

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

import secrets
from collections.abc import Sequence
from typing import Any

from ..build import Output
from ..render.markdown import escape_front_matter
from .search import unsearched, without_hints


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
            page = page.replace(mark, without_hints(block) if searched else block, 1)
    return page


class Passthrough:
    """The steps over one build's pages (``page``: MkDocs' page of a generated file).

    :meth:`hide` before Python-Markdown; :meth:`restore` after it, blocks kept out of
    search left as comments; then either :meth:`searched` (the search index has the
    page: every block back, the hints for search gone) or, for a page no index read,
    :meth:`finish` on the final page.
    """

    def __init__(self) -> None:
        self.nonce = new_nonce()
        self.hidden: dict[str, tuple[str, ...]] = {}

    def hide(self, page: Any, markdown: str, output: Output | None) -> str:
        """A generated page: its front matter escaped (MkDocs and the theme take a title
        for HTML), its HTML blocks swapped for words."""
        src = page.file.src_uri
        if output is None or src not in output.pages:
            return markdown
        page.meta = escape_front_matter(page.meta)
        spans = output.blocks.get(src, ())
        markdown, used = hide(markdown, output.pages[src], spans, self.nonce)
        self.hidden[src] = used
        return markdown

    def restore(self, page: Any, html: str) -> str:
        used = self.hidden.get(page.file.src_uri, ())
        return restore(html, used, self.nonce, later=True) if used else html

    def searched(self, page: Any, html: str) -> str:
        """After indexing: the page is whole, without hints, and nothing is held for it."""
        used = self.hidden.pop(page.file.src_uri, ())
        if used:
            html = restore_later(html, used, self.nonce, searched=True)
        return without_hints(html)

    def finish(self, page: Any, final: str, *, searched: bool) -> str:
        """The final page with what is still held for it put back (``searched``: without
        the hints, which a search plugin removes from the rest)."""
        used = self.hidden.pop(page.file.src_uri, ())
        return restore_later(final, used, self.nonce, searched=searched) if used else final
