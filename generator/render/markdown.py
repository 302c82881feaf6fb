"""Markdown templates (Jinja2, StrictUndefined) and the one escaping of entry text.

The pages themselves are rendered by ``pages.Renderer``; their HTML blocks by ``html``.

Escaping happens in exactly one place: every ``{{ value }}`` in a ``*.md.jinja`` template
passes through :func:`escape_markdown` (Jinja's ``finalize``, with autoescaping on so
that macro output, already escaped, is not escaped twice), so entry text keeps its
inline Markdown (emphasis, links) but can never become raw HTML. HTML fragments
(``*.html.jinja``: charts, data tables, the blocks of ``html.py``) use Jinja's own HTML
autoescaping, and take entry text through :func:`markdown_to_html`, which is that same
:func:`escape_markdown` followed by its inline Markdown as HTML. A value that is already
safe markup is wrapped in :class:`markupsafe.Markup` and passes unchanged.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from pathlib import Path
from typing import Any

import markdown
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..content.assessment_link import month_end
from ..content.assessments import day_month_year, first_sentence, month_name
from ..content.safelinks import LINK_OPEN, starts_http
from ..content.schema import LIKELIHOOD, LIKELIHOOD_RANGES, SEVERITY
from . import charts
from .presets import strip_preset
from .urls import feed_path, region_csv_path, relpath

TEMPLATES = Path(__file__).parent / "templates"


#: Markdown that only counts at the start of a line (entry text is always one line):
#: headings, quotes, lists, tables, rules, admonitions (!!!), link definitions, [TOC].
def _escape_block(m: re.Match[str]) -> str:
    """``# x`` -> ``\\# x``; ``1. x`` -> ``1\\. x`` (Markdown has no ``\\1`` escape)."""
    mark = m.group(1)
    return f"{mark[:-1]}\\{mark[-1]}" if mark[0].isdigit() else f"\\{mark}"


_BLOCK_START = re.compile(
    r"^([#>+=|!-]|\*(?=\s)|[*_](?=[\s*_]*$)|\d+[.)](?=\s)|\[(?=[^\[\]]*\]:|TOC\]$))"
)
#: What ``_BLOCK_START`` can begin with, but digits (``\\d``: ``str.isdigit`` holds more).
_BLOCK_FIRST = "#>+=|!-*_["
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: <https://...> becomes a Markdown link (raw "<" is never passed through).
_AUTOLINK = re.compile(r"<(https?://[^\s<>\[\](){}\\`\"]+)>", re.IGNORECASE)
#: Backslashes (so an editor's "\{" cannot undo ours), code spans, attribute lists
#: ("{: onclick=...}" would set attributes) and images (a remote picture loads on view).
_MD_SPECIAL = re.compile(r"[\\`{}]|!(?=\[)")
LISTING_LIMIT = 10


def escape_markdown(value: Any) -> Any:
    """Make entry text safe to drop into Markdown: the one place entry text is escaped.

    Inline emphasis and http(s) links keep working; everything else is shown as typed:
    raw HTML, block syntax (text is folded onto one line), attribute lists, images,
    code spans, and links whose target is not ``http(s)://`` (``javascript:``, ``data:``,
    relative paths), whose ``]`` is escaped so Markdown never makes a link of them.

    >>> escape_markdown('<img src=x onerror=alert(1)> *fine*')
    '&lt;img src=x onerror=alert(1)&gt; *fine*'
    >>> escape_markdown('# not a heading')
    '\\\\# not a heading'
    >>> escape_markdown('[ok](https://example.org) [bad](javascript:alert(1))')
    '[ok](https://example.org) [bad\\\\](javascript:alert(1))'
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    text = str(value)
    if not isinstance(value, str):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Each step is skipped when its characters are absent (same result, a fraction of the
    # time: this runs for every piece of text on every page). Unicode whitespace is what
    # both str.split() and the regex \s match, so the join is re.sub(r"\s+", " ", text).strip().
    # Every whitespace character but the space is unprintable, so a printable text without
    # two spaces running or one at either end is folded already.
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
        if not text.isprintable():
            text = _CONTROL.sub("", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"[\1](\1)", text)
    if "\\" in text or "`" in text or "{" in text or "}" in text or "![" in text:
        text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "](" in text:
        text = _neutralise_links(text)
    if text[:1] in _BLOCK_FIRST or text[:1].isdigit():
        text = _BLOCK_START.sub(_escape_block, text)
    return text


def _neutralise_links(text: str) -> str:
    """Escape the ``]`` of every ``[text](target)`` whose target is not http(s)."""
    out, last = [], 0
    for m in LINK_OPEN.finditer(text):
        if not starts_http(text, m.end()):
            out.append(text[last : m.start()] + "\\")
            last = m.start()
    return "".join(out) + text[last:]


#: What Python-Markdown's inline patterns act on in escaped text: backslash escapes, code,
#: emphasis and links. ``&``, ``<`` and ``>`` are entities already; raw HTML cannot occur.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[]")
_INLINE_MD: markdown.Markdown | None = None


def markdown_to_html(value: Any) -> Markup:
    """Entry text as an HTML fragment: :func:`escape_markdown`, then its inline Markdown.

    The escaping is the same single step as for Markdown pages; what it leaves is turned
    into HTML by Python-Markdown, or, for text without inline syntax (most of it), taken
    as it is, since escaped text without syntax already is HTML. For HTML blocks, which
    Python-Markdown then passes through without parsing them again.

    >>> markdown_to_html("Reported: 145 <killed> & 17 *injured*")
    Markup('Reported: 145 &lt;killed&gt; &amp; 17 <em>injured</em>')
    >>> markdown_to_html("[bad](javascript:alert(1))")
    Markup('[bad](javascript:alert(1))')
    """
    if isinstance(value, Markup):
        return value
    if type(value) is str:
        return _text_to_html(value)
    return _to_html(value)


@functools.lru_cache(maxsize=1 << 14)
def _text_to_html(value: str) -> Markup:
    """The same text is shown many times (a headline on every listing and "More on" list
    it is in, and in feeds): converted once."""
    return _to_html(value)


def _to_html(value: Any) -> Markup:
    text = escape_markdown(value)
    if not _INLINE_SYNTAX.search(text):
        return Markup(text)
    global _INLINE_MD
    if _INLINE_MD is None:
        _INLINE_MD = markdown.Markdown(extensions=["attr_list"])
    html = _INLINE_MD.reset().convert(text)
    return Markup(html.removeprefix("<p>").removesuffix("</p>"))


def md_link(text: Any, url: Any) -> Markup:
    """A Markdown link built from entry data (``sources[].url``, ``related[].url``).

    It goes through :func:`escape_markdown` as a whole, so a target that is not http(s)
    comes out as plain text even if validation was bypassed.
    """
    return Markup(escape_markdown(f"[{text}]({url})"))


def escape_front_matter(meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter as MkDocs and the theme take it: a page title is HTML (MkDocs takes it
    from the rendered ``<h1>``; Material's search index and header insert it as markup).

    Strings become :class:`Markup` holding escaped text, so ``{{ page.meta.title }}`` shows
    the text, ``{{ ... | e }}`` does not escape it twice, and the search index gets
    ``&lt;img ...&gt;``, never a live tag.

    >>> escape_front_matter({"title": "<img src=x onerror=alert(1)>", "n": 1})
    {'title': Markup('&lt;img src=x onerror=alert(1)&gt;'), 'n': 1}
    """
    return {k: Markup.escape(v) if isinstance(v, str) else v for k, v in meta.items()}


def html_front_matter(page: str) -> str:
    r"""A generated page with the text values of its front matter written as HTML, as
    :func:`escape_front_matter` gives them to MkDocs: for an engine that reads the page
    without the plugin (``briefing export-markdown``). Each front-matter line of a
    generated page is ``key: <JSON>``.

    >>> print(html_front_matter('---\ntitle: "A <b> & co"\nn: 1\n---\n\n# A &lt;b&gt;\n'))
    ---
    title: "A &lt;b&gt; &amp; co"
    n: 1
    ---
    <BLANKLINE>
    # A &lt;b&gt;
    <BLANKLINE>
    """
    if not page.startswith("---\n"):
        return page
    end = page.find("\n---\n", 3)
    if end < 0:
        return page
    lines = page[4:end].split("\n")
    for i, line in enumerate(lines):
        key, sep, raw = line.partition(": ")
        if not sep or key.startswith(" "):
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, str):
            lines[i] = f"{key}: {json.dumps(str(Markup.escape(value)), ensure_ascii=False)}"
    return "---\n" + "\n".join(lines) + page[end:]


def _finalize(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(escape_markdown(value))


@functools.lru_cache(maxsize=1 << 12)
def _longdate(d: Any) -> str:
    """A date as pages show it (strftime is slow, and a build shows each day many times).

    >>> import datetime as dt; _longdate(dt.date(2026, 2, 1))
    'February 1, 2026'
    """
    return f"{d:%B} {d.day}, {d.year}"


def _json(value: Any) -> Markup:
    """A front-matter value: JSON is YAML, and it cannot break out of its line."""
    return Markup(json.dumps(value, ensure_ascii=False))


@pass_context
def _url(ctx: Any, target: str) -> str:
    """Relative link from the page being rendered to another docs file."""
    return relpath(target, posixpath.dirname(ctx["page_src"]) or ".")


def _chart_attr(figure: dict[str, Any]) -> str:
    """A figure as the page carries it: its shared settings left to charts.js (presets)."""
    compact = strip_preset(figure)
    return json.dumps(compact, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


class MemoryBytecode(BytecodeCache):
    """Compiled templates kept for the life of the process, by name and source: each run
    of ``mkdocs serve`` makes new environments, which would compile every template again
    (~1 s of CPU a rebuild, Material's included). One per kind of environment: the code
    depends on its options.

    >>> from jinja2 import DictLoader
    >>> cache = MemoryBytecode()
    >>> for _ in range(2):
    ...     env = Environment(loader=DictLoader({"t": "{{ x }}"}), bytecode_cache=cache)
    ...     _ = env.get_template("t").render(x=1)
    >>> len(cache.code)
    1
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = {"md": MemoryBytecode(), "html": MemoryBytecode()}


def _environment(kind: str, **options: Any) -> Environment:
    """The templates' environment: undefined names are errors, values HTML-escaped, and a
    line holding only a block tag leaves nothing in the output."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_COMPILED[kind],
        **options,
    )


def make_env() -> Environment:
    """Markdown pages: a printed value is escaped for Markdown (``_finalize``) unless it
    is HTML already made safe (``Markup``)."""
    md = _environment("md", finalize=_finalize, keep_trailing_newline=True)
    md.filters.update(
        longdate=_longdate,
        json=_json,
        chart_attr=_chart_attr,
        regions_lookup=lambda rid, site: site.taxonomy.regions[rid],
        dmy=day_month_year,
        first_sentence=first_sentence,
    )
    md.globals.update(
        url=_url,
        LIKELIHOOD=LIKELIHOOD,
        LIKELIHOOD_RANGES=LIKELIHOOD_RANGES,
        SEVERITY=SEVERITY,
        group_label=charts.GROUP_LABELS,
        html=html,
        md_link=md_link,
        feed_path=feed_path,
        region_csv_path=region_csv_path,
        month_name=month_name,
        month_end=month_end,
    )
    return md


def make_html_env() -> Environment:
    """HTML fragments: Jinja's own autoescaping, no Markdown escaping on top."""
    return _environment("html")
