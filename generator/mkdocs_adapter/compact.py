"""Every page as it is written: the same document in fewer bytes (issue 17: a site of 10,000
entries must stay publishable, and half of an article page was the theme's indentation).

minify-html (a maintained HTML minifier, in Rust) parses the page as a browser does and
writes it again: runs of whitespace collapsed where HTML collapses them, none between
blocks, attribute quotes and entities only where needed. It leaves alone what is content
as written: ``<pre>``, ``<textarea>``, scripts and their JSON (Material's ``__config``),
and the text of every element. Closing tags and the ``<html>``/``<head>`` tags are kept,
so a parser without HTML's implied end tags (Python's ``html.parser``, which the tests'
BeautifulSoup uses) reads the same tree as a browser. Inline scripts and styles are not
minified: they are the theme's, already small, and a rewrite of code is not ours to risk.

Two of the theme's own repeats go too: the navigation drawer's links are written as their
titles alone (``_NAV_LINK``), and Material's ``__config`` is compact JSON
(:func:`compact_json`).

The result is deterministic (a dirty build equals a clean one byte for byte); the build
error banner of ``mkdocs serve`` is added after it (``preview.banner``), as written.
"""

from __future__ import annotations

import re
from typing import Any

import minify_html

#: What minify-html may leave out, stated once: the tags are kept (see the module's doc).
OPTIONS = {"keep_closing_tags": True, "keep_html_and_head_opening_tags": True}
#: The text of a title or a text area: nothing but ``</title>`` (``</textarea>``) ends it, so
#: minify-html writes a ``<`` in it unescaped. A browser reads that as text; a parser that
#: does not know the rule (Python's ``html.parser`` before 3.13) reads tags, so an entry's
#: headline "<script>..." would be one to it: the ``<`` is escaped again, as it was written.
_RAW_TEXT = re.compile(r"(<(title|textarea)\b[^>]*>)(.*?)(</\2>)", re.S | re.I)


def compact_html(html: str) -> str:
    """The page with the bytes a browser ignores left out.

    >>> compact_html('<ul>\\n  <li><a href="a/">One</a>  and\\n  two</li>\\n</ul>')
    '<ul><li><a href=a/>One</a> and two</li></ul>'
    >>> compact_html('<pre>  kept\\n    as is</pre>')
    '<pre>  kept\\n    as is</pre>'
    >>> compact_html('<title>&lt;script&gt;x&lt;/script&gt; - Site</title>')
    '<title>&lt;script>x&lt;/script> - Site</title>'
    >>> compact_html('<a class="md-nav__link" href="a/">\\n <span class="md-ellipsis">\\n A &amp; B'
    ...              '\\n </span>\\n</a>')
    '<a class=md-nav__link href=a/>A & B</a>'
    """
    compact = minify_html.minify(html, **OPTIONS)
    return _NAV_LINK.sub(r"\1\2</a>", _RAW_TEXT.sub(_escape_raw_text, compact))


def compact_json(env: Any) -> None:
    """The theme's ``tojson`` (Material's ``__config``) in ``env`` without the spaces JSON
    does not need, keys sorted as before (one build's bytes are the next one's).

    >>> from jinja2 import Environment
    >>> env = Environment(); compact_json(env)
    >>> env.from_string("{{ {'b': 1, 'a': [1, 2]} | tojson }}").render()
    '{"a":[1,2],"b":1}'
    """
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}


#: A link of Material's navigation drawer: its title in a ``<span class="md-ellipsis">``
#: (it hides what overflows: nothing, in a drawer whose titles wrap) is written as the
#: link's text alone, as the table of contents' are (``partials/toc-item.html``): ~330
#: bytes a page, 4 MB at 10,000 entries. A changed theme's markup is left as it is.
_NAV_LINK = re.compile(
    r'(<a class="?md-nav__link\b[^>]*>) <span class=md-ellipsis> ?([^<]*?) ?</span> </a>'
)


def _escape_raw_text(match: re.Match[str]) -> str:
    opening, _, text, closing = match.groups()
    return opening + text.replace("<", "&lt;") + closing
