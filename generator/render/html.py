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
>>> [p.src for p in paginate("regions/world.md", list(range(120)))]
['regions/world.md', 'regions/world/page/2.md', 'regions/world/page/3.md']
"""

from __future__ import annotations

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
from .urls import page_url

#: Entries on one page of a region, theme or month listing.
PAGE_SIZE = 50
#: The templates whose macros are the blocks (``html.<macro>(...)`` in a page template).
TEMPLATES = ("blocks.html.jinja", "assessment_blocks.html.jinja")
T = TypeVar("T")


@functools.lru_cache(maxsize=1 << 16)
def href(page_src: str, target_src: str) -> str:
    """The link from one generated page to another, as MkDocs writes it (directory URLs)."""
    base = page_url(page_src).split("/")[:-1]
    target = page_url(target_src).split("/")[:-1]
    same = 0
    while same < min(len(base), len(target)) and base[same] == target[same]:
        same += 1
    rel = "../" * (len(base) - same) + "".join(part + "/" for part in target[same:])
    return rel or "./"


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
        link=link,
        KILLED_PHRASE=KILLED_PHRASE,
        alert_labels=ALERT_LABELS,
        percent=percent,
        two_decimals=two_decimals,
        zip=zip,
    )

    template = functools.cache(lambda: env.get_template("_chart.html.jinja"))  # on first use

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
        self._shared: dict[tuple[Any, ...], str] = {}

    def start(self, page_src: str) -> None:
        self.src = page_src
        self.blocks = []

    def __getattr__(self, name: str) -> Any:
        if self._module is None:
            self._module = {}
            for file in TEMPLATES:  # (later files' macros do not replace earlier ones)
                ctx = {"page": self, "site": self._site}
                module = vars(self._env.get_template(file).make_module(ctx))
                self._module.update((k, v) for k, v in module.items() if k not in self._module)
        if name not in self._module:
            raise AttributeError(name)
        macro = self._module[name]
        targets = _SHARED.get(name)

        def call(*args: Any, **kwargs: Any) -> Markup:
            key = None
            if targets is not None and not kwargs:
                srcs = targets(*args)
                key = (name, srcs, tuple(href(self.src, t) for t in srcs))
            html = self._shared.get(key) if key else None
            if html is None:
                html = str(macro(*args, **kwargs)).strip()
                if key:
                    self._shared[key] = html
            if html:
                self.blocks.append(html)
            return Markup(html)

        return call


#: Blocks made only of the pages they link to (their names, dates, standfirsts: fixed for
#: a run) and the links to them: rendered once for all the pages on which every link is
#: the same (the three latest stories of a region are "More on" it on most of its pages).
_SHARED: dict[str, Callable[..., tuple[str, ...]]] = {
    "chips": lambda terms: tuple(t.src for t in terms),
    "more_on": lambda term, items: (term.src, *(e.src for e in items)),
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
