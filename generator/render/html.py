"""HTML blocks inside the generated Markdown pages, and pages of long listings.

An article is mostly structure (key points, quotes, risks, figures, chips, lists of
links): none of it needs a Markdown parser, and parsing it costs more than everything
else in a build. ``blocks.html.jinja`` renders those parts straight to HTML (Jinja's
HTML autoescaping for plain values, :func:`markdown.markdown_to_html` for entry text).
A Markdown template writes ``{{ html.key_points(a.key_points) }}``: the HTML goes into
the page, so the page stays complete Markdown that plain MkDocs builds (``briefing
export-markdown``), and is recorded as one *block*, which the plugin hides from
Python-Markdown and puts back after it (``mkdocs_adapter/passthrough.py``).

>>> href("articles/x.md", "regions/pk-ba.md"), href("regions/pk.md", "index.md")
('../../regions/pk-ba/', '../../')
>>> [p.src for p in paginate("track-record.md", list(range(120)))]
['track-record.md', 'track-record/page/2.md', 'track-record/page/3.md']
>>> [(p.src, len(p.items)) for p in paginate_from_oldest("regions/w.md", list(range(120)))]
[('regions/w.md', 70), ('regions/w/page/1.md', 50)]
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from jinja2 import Environment, pass_context
from markupsafe import Markup

from ..content.assessments import ALERT_LABELS, day_month_year, first_sentence
from ..content.safelinks import is_http_url
from ..content.scoring import percent, two_decimals
from .charts import KILLED_PHRASE, Chart
from .markdown import _chart_attr, _longdate, make_html_env, markdown_to_html
from .urls import page_url, relative

#: Entries on a numbered page of a region, theme or month listing; its own page holds
#: from this many to twice as many less one (``paginate_from_oldest``).
PAGE_SIZE = 50
#: The templates whose macros are the blocks (``html.<macro>(...)`` in a page template).
TEMPLATES = ("blocks.html.jinja", "assessment_blocks.html.jinja")
#: A chart and its data table (``chart_html``).
CHART_TEMPLATE = "_chart.html.jinja"
T = TypeVar("T")


@functools.lru_cache(maxsize=1 << 16)
def href(page_src: str, target_src: str) -> str:
    """The link from one generated page to another, as MkDocs writes it (directory URLs)."""
    return relative(page_url(target_src), page_url(page_src))


@pass_context
def _shared_item(
    ctx: Any, macro: Any, entry: Any, with_regions: bool, with_dek: bool = True
) -> Markup:
    """``macro(entry, with_regions, with_dek)``: one item of a list of entries, made once
    for every page that links to the entry (and, ``with_regions``, to its regions) by the
    same addresses, with its summary or without; all else in it is the entry's, fixed for
    a run. ``ctx["page"]`` is the :class:`HtmlBlocks` rendering."""
    blocks: HtmlBlocks = ctx["page"]
    srcs = [r.src for r in blocks.regions_of(entry)] if with_regions else []
    links = (href(blocks.src, entry.src), *(href(blocks.src, t) for t in srcs))
    key = ("item", entry.id, with_dek, *links)
    html = blocks.shared.get(key)
    if html is None:
        html = blocks.shared[key] = str(macro(entry, with_regions, with_dek))
    return Markup(html)


@pass_context
def _href(ctx: Any, target_src: str) -> str:
    return href(ctx["page"].src, target_src)


def link(text: Any, url: Any) -> Markup:
    """An outside link from entry data; a target that is not http(s) stays plain text."""
    if isinstance(url, str) and is_http_url(url):
        return Markup('<a href="{}">{}</a>').format(url, markdown_to_html(text))
    return markdown_to_html(f"[{text}]({url})")


def make_blocks_env() -> Environment:
    env = make_html_env()
    env.filters.update(
        md=markdown_to_html, longdate=_longdate, dmy=day_month_year, first_sentence=first_sentence
    )
    env.globals.update(
        href=_href,
        shared_item=_shared_item,
        link=link,
        KILLED_PHRASE=KILLED_PHRASE,
        alert_labels=ALERT_LABELS,
        percent=percent,
        two_decimals=two_decimals,
        zip=zip,
    )

    template = functools.cache(lambda: env.get_template(CHART_TEMPLATE))  # on first use

    def chart_html(chart: Chart) -> Markup:
        return Markup(template().render(chart=chart, figure=_chart_attr(chart.figure)))

    env.globals["chart_html"] = chart_html
    return env


class HtmlBlocks:
    """The macros of ``blocks.html.jinja``; each call's HTML is one block of the current page.

    One template module serves every page (making one costs more than most pages), made
    when the first block is rendered (a warm run that renders none never compiles it):
    :meth:`start` names the page the links are relative to and empties the list of blocks.
    """

    def __init__(self, env: Environment, site: Any):
        self.src = ""
        self.blocks: list[str] = []
        self._env = env
        self._site = site
        self._module: Any = None
        #: HTML made once for the pages on which it is the same (``_SHARED``, ``_shared_item``).
        self.shared: dict[tuple[Any, ...], str] = {}

    def regions_of(self, entry: Any) -> Any:
        return self._site.regions_of(entry)

    def start(self, page_src: str) -> None:
        self.src = page_src
        self.blocks = []

    def load(self) -> dict[str, Any]:
        """The macros, the templates compiled on first use (or now: a process about to
        fork compiles them once for both, ``Renderer.start_articles``)."""
        if self._module is None:
            self._module = {}
            for file in TEMPLATES:  # (later files' macros do not replace earlier ones)
                ctx = {"page": self, "site": self._site}
                module = vars(self._env.get_template(file).make_module(ctx))
                self._module.update((k, v) for k, v in module.items() if k not in self._module)
            self._env.get_template(CHART_TEMPLATE)
        return self._module

    def __getattr__(self, name: str) -> Any:
        module = self.load()
        if name not in module:
            raise AttributeError(name)
        macro = module[name]
        targets = _SHARED.get(name)

        def call(*args: Any, **kwargs: Any) -> Markup:
            key = None
            if targets is not None and not kwargs:
                srcs = targets(*args)
                key = (name, srcs, tuple(href(self.src, t) for t in srcs))
            html = self.shared.get(key) if key else None
            if html is None:
                html = str(macro(*args, **kwargs)).strip()
                if key:
                    self.shared[key] = html
            if html:
                self.blocks.append(html)
            return Markup(html)

        # Found as an attribute from now on (this method is asked only for what is not).
        object.__setattr__(self, name, call)
        return call


#: Blocks made only of the pages they link to (their names, dates, standfirsts: fixed for
#: a run) and the links to them: rendered once for all the pages on which every link is
#: the same (an article's region chips). Not "More on": it lists an article's neighbours,
#: the same on no two pages; its items are shared one by one (``_shared_item``).
_SHARED: dict[str, Callable[..., tuple[str, ...]]] = {
    "chips": lambda terms: tuple(t.src for t in terms),
}


@dataclass(frozen=True)
class Pager(Generic[T]):
    """One page of a listing: its entries, its number and the sources of all its pages."""

    src: str
    number: int
    sources: tuple[str, ...]
    items: Sequence[T]

    @property
    def count(self) -> int:
        return len(self.sources)

    @property
    def first(self) -> bool:
        return self.number == 1


def paginate(src: str, items: Sequence[T], size: int = PAGE_SIZE) -> list[Pager[T]]:
    """Split a listing into pages of ``size``: ``x.md``, ``x/page/2.md``, ``x/page/3.md``."""
    count = max(1, -(-len(items) // size))
    stem = src.removesuffix(".md")
    sources = tuple(src if n == 1 else f"{stem}/page/{n}.md" for n in range(1, count + 1))
    return [
        Pager(sources[n], n + 1, sources, items[n * size : (n + 1) * size]) for n in range(count)
    ]


@dataclass(frozen=True)
class ListingPage(Generic[T]):
    """One page of a region, theme or month listing: its entries (newest first) and the
    pages either side of it (None at either end). ``number`` 0 is the listing's own page."""

    src: str
    number: int
    items: Sequence[T]
    newer: str | None
    older: str | None

    @property
    def first(self) -> bool:
        return self.number == 0


def paginate_from_oldest(
    src: str, items: Sequence[T], size: int = PAGE_SIZE
) -> list[ListingPage[T]]:
    """Split a listing (newest first) into pages that stay as they are once full.

    ``x/page/1.md`` holds the oldest ``size`` items, ``x/page/2.md`` the next ``size``,
    and so on; ``x.md`` holds the newest, from ``size`` to ``2 * size - 1`` of them (all
    of them while there are fewer). A new item at the top changes ``x.md`` only, until it
    holds ``2 * size``: then its oldest ``size`` become the next numbered page. So a
    numbered page, counted from the oldest, keeps its items; only the link to the page
    newer than it changes, once, when that page is made.

    >>> [(p.src, p.items[0], p.items[-1], p.newer, p.older)
    ...  for p in paginate_from_oldest("t.md", list(range(100, 0, -1)), 40)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('t.md', 100, 41, None, 't/page/1.md'), ('t/page/1.md', 40, 1, 't.md', None)]
    """
    size = max(1, size)
    full = max(0, len(items) // size - 1)  # numbered pages: the first keeps size..2*size-1
    stem = src.removesuffix(".md")
    sources = [src, *(f"{stem}/page/{k}.md" for k in range(1, full + 1))]
    cut = len(items) - full * size
    pages = [ListingPage(src, 0, items[:cut], None, sources[full] if full else None)]
    for k in range(full, 0, -1):  # newest first, as a reader steps through them
        newer = sources[k + 1] if k < full else src
        start = len(items) - k * size
        pages.append(
            ListingPage(
                sources[k], k, items[start : start + size], newer, sources[k - 1] if k > 1 else None
            )
        )
    return pages


def date_span(first: dt.date, last: dt.date) -> str:
    """The days of a page of a listing, from ``first`` to ``last``, as a reader says them.

    >>> d = dt.date
    >>> date_span(d(2027, 3, 3), d(2027, 3, 3)), date_span(d(2027, 3, 3), d(2027, 3, 20))
    ('March 3, 2027', 'March 3 to 20, 2027')
    >>> date_span(d(2027, 3, 3), d(2027, 4, 2)), date_span(d(2026, 12, 3), d(2027, 1, 2))
    ('March 3 to April 2, 2027', 'December 3, 2026 to January 2, 2027')
    """
    if first == last:
        return _longdate(first)
    if first.year != last.year:
        return f"{_longdate(first)} to {_longdate(last)}"
    if first.month != last.month:
        return f"{first:%B} {first.day} to {last:%B} {last.day}, {last.year}"
    return f"{first:%B} {first.day} to {last.day}, {last.year}"
