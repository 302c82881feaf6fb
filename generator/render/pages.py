"""Render the linked site to its pages: Markdown templates with HTML blocks inside.

Each ``render_*`` returns (docs path, Markdown) pairs and records the page's HTML blocks
in :attr:`Renderer.blocks` (see ``html.py``). Region, theme and month listings are split
into pages of :data:`html.PAGE_SIZE` entries counted from the oldest, so no page grows
with the archive and a full page stays as it is; the first page of a region or theme
also has its sub-regions, chart and top risks.

>>> pages = dict(Renderer(load_site(Path("content"))).render_all())   # doctest: +SKIP
>>> pages["articles/pakistan-145-militants-killed-balochistan.md"][:3]  # doctest: +SKIP
'---'
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from jinja2 import Template
from markupsafe import Markup

from ..content.link import Site
from ..content.model import Entry, Region, Theme
from ..content.schema import Risk
from ..incremental.parallel import PARALLEL_MIN, Job, Split
from . import charts, maps
from .assessments import region_assessment, region_key, render_assessment_pages, strip, strip_key
from .facets import CHUNK, KINDS, SEARCH_PAGE, date_bounds
from .html import HtmlBlocks, ListingPage, Pager, date_span, make_blocks_env, paginate_from_oldest
from .markdown import LISTING_LIMIT, TEMPLATES, make_env
from .reuse import ARTICLE, NO_REUSE, Reuse

Page = tuple[str, str]
More = list[tuple[Region | Theme, tuple[Entry, ...]]]
Spans = tuple[tuple[int, int], ...]
Rendered = tuple[str, str, Spans]
Pages = list[Page]
#: Months of the archive the front page links to (the archive index has them all).
MONTHS_SHOWN = 6
#: What only the first page of a listing shows; later pages get None for each.
_FIRST_ONLY = ("children", "over_time", "risks", "assessed", "map")


def _nothing() -> None:
    return None


def compile_templates() -> None:
    """Compile the pages' and blocks' templates now, into this process's bytecode cache
    (``markdown.MemoryBytecode``), as rendering would on first use: a process does it
    while a second one loads entries (``build.py``), before either renders."""
    md, blocks = make_env(), make_blocks_env()
    for path in sorted(TEMPLATES.glob("*.jinja")):
        if path.name != "reference.md.jinja":  # (with filters of its own: reference.py)
            (md if path.name.endswith(".md.jinja") else blocks).get_template(path.name)


def _figures(entries: Sequence[Entry]) -> str:
    """What the charts over ``entries`` read of them, in order (``model.figures_key``)."""
    return ",".join([e.figures for e in entries])


class Renderer:
    """Renders every page of a site; ``render_*`` return (docs path, Markdown) pairs."""

    def __init__(self, site: Site, home_intro: str = "", reuse: Reuse = NO_REUSE):
        self.site = site
        self.reuse = reuse
        self.env = make_env()
        self.html = HtmlBlocks(make_blocks_env(), site)
        self.home_intro = Markup(home_intro)
        #: Where each page's HTML blocks are in its Markdown: (start, end) offsets, in order.
        self.blocks: dict[str, Spans] = {}
        self._templates: dict[str, Template] = {}

    def _template(self, name: str) -> Template:
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def _page(self, template: str, page_src: str, **ctx: Any) -> tuple[str, str]:
        html = self.html
        html.start(page_src)
        text = self._template(template).render(
            page_src=page_src, site=self.site, chart=html.chart, html=html, **ctx
        )
        spans = []
        pos = 0
        for block in html.blocks:  # rendered but not output (a template's choice): no span
            at = text.find(block, pos)
            if at >= 0:
                spans.append((at, at + len(block)))
                pos = at + len(block)
        if spans:
            self.blocks[page_src] = tuple(spans)
        return page_src, text

    def start_articles(self, first: Callable[[], Any] = _nothing) -> Job[tuple[Pages, Any]]:
        """Every article page, those not made before of the same parts (neither it nor
        what it lists changed: ``reuse``) rendered in a second process while this one
        renders the rest (``incremental/parallel.py``).

        ``first()``, other work the second process does before its articles (the feeds
        and data files: ``build.py``), keeps two processes busy on two cores, not three:
        its result comes back with the pages. ``start_articles().result()`` gives the
        pages in the site's order and what ``first()`` returned.
        """
        s = self.site
        done: dict[str, str] = {}
        todo: list[tuple[Entry, More, list[str]]] = []
        places: dict[str, dict[str, int]] = {}  # (each listing's, found once: Site.more_at)

        def near(term: Region | Theme, listing: Sequence[Entry], entry: Entry) -> tuple[Entry, ...]:
            at = places.get(term.src)
            if at is None:
                at = places[term.src] = {e.id: i for i, e in enumerate(listing)}
            i = at.get(entry.id)
            return s.more_on(listing, entry) if i is None else s.more_at(listing, i, entry)

        taxonomy = s.taxonomy
        for entry in s.entries:
            more: More = []
            if entry.regions:
                region = taxonomy.regions[entry.regions[0]]
                more.append((region, near(region, s.by_region[region.id], entry)))
            if entry.themes:
                theme = taxonomy.themes[entry.themes[0]]
                more.append((theme, near(theme, s.by_theme[theme.id], entry)))
            shown = [e for _, items in more for e in items]
            parts = [self.reuse.ident([entry, *shown]), *(t.src for t, _ in more)]
            hit = self.reuse.recall(ARTICLE, parts)
            if hit is not None:
                if hit[1]:
                    self.blocks[entry.src] = hit[1]
                done[entry.src] = hit[0]
                continue
            todo.append((entry, more, parts))

        def render(i: int) -> Rendered:
            entry, more, _ = todo[i]
            return (*self._render_article(entry, more), self.blocks.get(entry.src, ()))

        def finish(theirs: dict[int, Rendered]) -> Pages:
            # (a child that failed rendered nothing: what is missing is rendered here)
            rendered = {**theirs, **mine}
            for i, (_, _, parts) in enumerate(todo):
                src, text, spans = rendered[i] if i in rendered else render(i)
                done[src] = text
                if spans:
                    self.blocks[src] = spans
                self.reuse.keep(ARTICLE, parts, (text, spans))
            return [(e.src, done[e.src]) for e in s.entries]

        def then(done: list[Any]) -> tuple[Pages, Any]:
            made, *theirs = done
            return finish({i: page for part in theirs for i, page in part.items()}), made

        mine: dict[int, Rendered] = {}
        if len(todo) < PARALLEL_MIN:
            return Job(lambda: iter((first(),)), then=then, fork=False)
        # What both processes read, made here once rather than in each after the fork: the
        # compiled templates of article pages and blocks, and the articles of the entries
        # (an entry from the cache unpickles it on first use).
        self._template("article.md.jinja")
        self.html.load()
        for entry, _, _ in todo:
            entry.article  # noqa: B018 (read for its effect)
        # The child renders from the first article on; this process, once done with
        # everything else, from the last one back, until they meet.
        split = Split(len(todo))

        def help_out() -> None:
            while taken := split.take(front=False):
                mine.update((i, render(i)) for i in taken)
                job.poll()  # (the child's files, read in once sent: not all at the end)

        def child() -> Iterator[Any]:
            # (each sent back as soon as made, read in by help_out: little left at the end)
            yield first()
            while taken := split.take(front=True):
                yield {i: render(i) for i in taken}

        job = Job(child, then=then, meanwhile=help_out)
        return job

    def render_article(self, entry: Entry) -> tuple[str, str]:
        """One article page, rendered (never reused)."""
        s = self.site
        more: More = [(r, s.more_on(s.by_region[r.id], entry)) for r in s.regions_of(entry)[:1]]
        more += [(t, s.more_on(s.by_theme[t.id], entry)) for t in s.themes_of(entry)[:1]]
        return self._render_article(entry, more)

    def _render_article(self, entry: Entry, more: More) -> tuple[str, str]:
        s = self.site
        a = entry.article
        by_cat, grid = charts.risk_categories(a.risks)
        return self._page(
            "article.md.jinja",
            entry.src,
            entry=entry,
            a=a,
            regions=s.regions_of(entry),
            themes=s.themes_of(entry),
            casualty_chart=charts.casualty_ledger(a.casualties),
            map=maps.article_map(s.taxonomy, entry.regions),
            risks=[(r, entry) for r in a.risks],
            risk_chart=by_cat,
            risk_grid=grid,
            more=[(term, items) for term, items in more if items],
        )

    def _memo(self, src: str, parts: Sequence[str], render: Callable[[], Page]) -> Page:
        """``render()`` a page, or take what it made before of the same ``parts``."""

        def make() -> tuple[str, Spans]:
            return render()[1], self.blocks.get(src, ())

        text, blocks = self.reuse.memo("page", [src, *parts], make)
        if blocks:
            self.blocks[src] = blocks
        return src, text

    def _over_time(self, entries: Sequence[Entry], title: str) -> charts.Chart | None:
        """``charts.casualties_over_time``, or what it made before of entries with the
        same figures (``model.figures_key``): an edited headline leaves the chart of
        every listing it is in as it was, so it is not made again (``mkdocs serve``)."""
        make = functools.partial(charts.casualties_over_time, entries, title, self._counts_of)
        return self.reuse.memo("over-time", [title, _figures(entries)], lambda: (make(),))[0]

    def _top_risks(self, entries: Sequence[Entry]) -> list[tuple[Risk, Entry]]:
        """``charts.top_risks``, found where they were before if the entries' figures are
        as they were (:meth:`_over_time`); the risks shown are the entries' own now."""
        places = self.reuse.memo(
            "top-risks",
            [_figures(entries)],
            functools.partial(charts.top_risk_places, entries, grades=self._grades_of),
        )
        return [(entries[i].article.risks[j], entries[i]) for i, j in places]

    def _listing(
        self,
        template: str,
        src: str,
        entries: Sequence[Entry],
        first: Callable[[], dict[str, Any]] | None = None,
        key: str = "",
        **ctx: Any,
    ) -> Pages:
        """Every page of one listing; ``first()`` gives what only its first page shows.

        The listing's own page is made of all its entries (their count and last change
        and, for a region or theme, the charts and top risks over them), so their keys are
        its key, with ``key`` for what else it shows (a region's assessments). A numbered
        page is made of its own entries and the addresses of the pages either side of it
        (``html.paginate_from_oldest``): nothing on it counts the listing, so a new entry
        at the top of the listing leaves it as it was.
        """
        pages = []
        for pager in paginate_from_oldest(src, entries):
            mine = entries if pager.first else pager.items

            def render(pager: ListingPage[Entry] = pager, mine: Sequence[Entry] = mine) -> Page:
                extra = first() if first and pager.first else dict.fromkeys(_FIRST_ONLY)
                return self._page(
                    template,
                    pager.src,
                    entries=mine,
                    pager=pager,
                    # (once per page: a filter chain over every entry on every page
                    # would grow with the square of the archive)
                    updated=max((e.last_change for e in mine), default=None),
                    span=date_span(mine[-1].date, mine[0].date) if mine else "",
                    **ctx,
                    **extra,
                )

            parts = [template, self.reuse.ident(mine), pager.newer or "", pager.older or ""]
            pages.append(self._memo(pager.src, [*parts, key if pager.first else ""], render))
        return pages

    def _counts_of(self, entry: Entry) -> charts.Counts:
        """An entry's casualty figures by month, kept by entry (``Reuse.each``)."""
        made = functools.partial(charts.casualty_counts, entry)
        return self.reuse.each("casualty-counts", entry, (), made)

    def _grades_of(self, entry: Entry) -> charts.Grades:
        """An entry's risks graded, kept by entry (``Reuse.each``)."""
        made = functools.partial(charts.risk_grades, entry)
        return self.reuse.each("risk-grades", entry, (), made)

    def _counts(self) -> dict[str, int]:
        """Briefings per region, each counting those of the regions within it."""
        return {rid: len(entries) for rid, entries in self.site.by_region.items()}

    def render_region(self, region_id: str) -> Pages:
        region = self.site.taxonomy.regions[region_id]
        entries = self.site.by_region[region_id]

        def first() -> dict[str, Any]:
            return {
                "children": [self.site.taxonomy.regions[c] for c in region.children],
                "over_time": self._over_time(entries, f"Reported killed in {region.name}"),
                "risks": self._top_risks(entries),
                "map": maps.region_map(self.site.taxonomy, region, self._counts()),
                "assessed": region_assessment(self.site, region),  # (assessments.py)
            }

        return self._listing(
            "region.md.jinja",
            region.src,
            entries,
            first,
            key=region_key(self.site, region),
            region=region,
            lineage=self.site.taxonomy.lineage(region_id),
        )

    def render_theme(self, theme_id: str) -> Pages:
        theme = self.site.taxonomy.themes[theme_id]
        entries = self.site.by_theme[theme_id]

        def first() -> dict[str, Any]:
            return {
                "over_time": self._over_time(entries, f"Reported killed: {theme.name}"),
                "risks": self._top_risks(entries),
            }

        return self._listing("theme.md.jinja", theme.src, entries, first, theme=theme)

    def render_month(self, year: int, month: int) -> Pages:
        entries = self.site.by_month[(year, month)]
        src = f"archive/{year}/{month:02d}.md"
        return self._listing("archive_month.md.jinja", src, entries, year=year, month=month)

    def render_home(self) -> Page:
        """The front page: the lead story (the newest full article: briefs record only a
        headline, so one never leads), the latest briefings after it, the overview chart
        and the ways in; the intro's heading on top and its text at the end."""
        s = self.site
        keys = self.reuse.ident(s.entries)
        latest = s.assessments.latest()
        lead = next((e for e in s.entries if e.article.kind == "article"), None)
        title, _, about = str(self.home_intro).partition("\n")
        if not title.startswith("# "):
            title, about = "", str(self.home_intro)
        return self._memo(
            "index.md",
            # The map's colours: every region's current level (all latest assessments).
            [str(self.home_intro), keys, strip_key(s), s.assessments.digest(latest)],
            lambda: self._page(
                "home.md.jinja",
                "index.md",
                # Current alerts and deteriorations (assessments.py): a compact strip of
                # text, above the lead story.
                strip=strip(s),
                title=Markup(title),
                about=Markup(about.strip()),
                lead=lead,
                key_figure=charts.key_figure(lead.article.casualties) if lead else None,
                latest=[e for e in s.entries if e is not lead][:LISTING_LIMIT],
                map=maps.home_map(s.taxonomy, s.entries, latest),
                months=list(s.by_month.items())[:MONTHS_SHOWN],
                overview=self._over_time(s.entries, "Reported killed across the briefing"),
            ),
        )

    def render_all(self) -> Iterator[tuple[str, str]]:
        """Every page: articles, then listings, indexes and the home page."""
        with self.start_articles() as articles:
            listings = list(self.render_listings())
            yield from articles.result()[0]
        yield from listings

    def render_listings(self) -> Iterator[tuple[str, str]]:
        """Every page but the articles'."""
        s = self.site
        for rid in s.taxonomy.regions:
            yield from self.render_region(rid)
        for tid in s.taxonomy.themes:
            yield from self.render_theme(tid)
        # The indexes show the taxonomy and how many entries each term and month has.
        keys = self.reuse.ident(s.entries)
        for template, src in (
            ("regions_index.md.jinja", "regions/index.md"),
            ("themes_index.md.jinja", "themes/index.md"),
            ("archive_index.md.jinja", "archive/index.md"),
        ):
            yield self._memo(src, [template, keys], functools.partial(self._page, template, src))
        for year, month in s.by_month:
            yield from self.render_month(year, month)
        yield self.render_home()
        # Assessments, watchlist, track record (assessments.py).
        yield from render_assessment_pages(s, self._page, self._memo, self.reuse.ident)
        yield self.render_search()

    def render_search(self) -> Page:
        """The search page: its facets are the taxonomy's terms, its dates the archive's."""
        s = self.site
        first, last = date_bounds(s)
        parts = [self.reuse.ident(s.entries), s.assessments.digest(s.assessments.items)]
        return self._memo(
            SEARCH_PAGE,
            ["search.md.jinja", *parts],
            lambda: self._page(
                "search.md.jinja",
                SEARCH_PAGE,
                kinds=KINDS,
                first=first,
                last=last,
                entries=len(s.entries) + len(s.assessments.items),
                chunk=CHUNK,
            ),
        )


__all__ = ["Pager", "Renderer"]
