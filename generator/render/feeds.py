"""Atom 1.0 and JSON Feed 1.1 for the whole briefing, every region and every theme.

``feeds/all.xml``, ``feeds/regions/<id>.xml`` and ``feeds/themes/<id>.xml``, each with a
JSON Feed beside it (``.json``). A region's feed holds its descendants' entries too (the
seed, filed under ``pk-ba``, is in ``pk-ba``, ``pk``, ``south-asia`` and ``world``). Entries
are the newest in the site's one stable order (newest first, then id): :data:`FEED_LIMIT`
in the whole briefing's feeds, :data:`TERM_FEED_LIMIT` in a region's or a theme's. There are
some two hundred of those, at ~1.8 KB an entry, so their length is what the feeds weigh (at
50 each, 40 MB of a 10,000-entry site); 20 is what a reader polling daily needs, as a term
gets a few entries a day at most (WordPress serves 10), and every entry stays on its page.

The whole briefing's feed carries each entry's key points, figures and risks; a region's or
a theme's feed carries its summary (headline, dek, lede, categories and the link): an entry
is in a dozen such feeds, and with its whole content there they were a tenth of the site.

Nothing here reads the clock: an entry's dates are its own ``date``/``updated`` (midnight
UTC, the entries carry days only), a feed's ``updated`` is the latest of its entries', and
an empty feed takes the newest date on the whole site, so two builds are byte-identical.
Atom is written by feedgen (lxml does the escaping); JSON Feed by ``json.dumps``.

>>> from generator.build import load_site                     # doctest: +SKIP
>>> files = render_feeds(load_site(Path("content")), Links("https://x.org/"), "B")  # doctest: +SKIP
>>> sorted(files)[:2]                                         # doctest: +SKIP
['feeds/all.json', 'feeds/all.xml']
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from feedgen.feed import FeedEntry, FeedGenerator

from ..content.assessments import Assessment
from ..content.link import Site
from ..content.model import Entry, Region, Theme
from .assessment_feeds import FEED, AssessmentItems, merged, under
from .charts import GROUP_LABELS
from .markdown import make_html_env, markdown_to_html
from .reuse import NO_REUSE, Reuse
from .urls import Links, feed_path, page_url

FEED_LIMIT = 50
TERM_FEED_LIMIT = 20
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
_EPOCH = dt.date(1970, 1, 1)


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _rfc3339(day: dt.date) -> str:
    return _stamp(day).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class FeedSpec:
    """One feed: its term (None for the whole site), title, page and entries."""

    term: Region | Theme | None
    title: str
    description: str
    page_src: str
    entries: Sequence[Entry]
    #: Assessments in the feed beside its entries (``assessment_feeds.py``).
    assessments: Sequence[Assessment] = ()
    #: Where the feed is, without extension, if not at its term's place (``feed_path``).
    path: str | None = None
    #: Each entry's key points, figures and risks too (the whole briefing's feed), or only
    #: its summary: headline, dek, lede and link (a region's or theme's).
    full: bool = False
    #: How many of the newest it holds (the module's doc).
    limit: int = TERM_FEED_LIMIT

    def file(self, ext: str) -> str:
        return f"{self.path}.{ext}" if self.path else feed_path(self.term, ext)


class _BuiltEntry(FeedEntry):
    """A feedgen entry whose Atom element was built once (by feedgen) for its feed folder.

    An entry is in up to a few dozen feeds (the whole site, each region above it, each
    theme), and its element differs only by the folder its links are relative to; feedgen
    asks each entry for a fresh element per feed, so this hands out copies of that one.
    """

    def __init__(self, element: Any):
        super().__init__()
        self._element = element

    def atom_entry(self, extensions: bool = True) -> Any:
        return copy.deepcopy(self._element)


class FeedRenderer:
    """Renders each entry once per feed folder (its HTML, Atom element and JSON Feed item)
    and writes both feed formats."""

    def __init__(
        self,
        site: Site,
        links: Links,
        site_name: str,
        language: str = "en",
        reuse: Reuse = NO_REUSE,
    ):
        self.site = site
        self.reuse = reuse
        self.links = links
        self.site_name = site_name
        self.language = language
        env = make_html_env()
        env.filters.update(md=markdown_to_html)  # entry text: inline Markdown, never raw HTML
        env.globals.update(group_label=GROUP_LABELS)
        # Compiled when first needed: a warm run that renders no feed never compiles it.
        self._template = functools.cache(lambda: env.get_template("feed_entry.html.jinja"))
        # Keyed by (entry id, feed folder, full): links are relative to the folder.
        self._html: dict[tuple[str, str, bool], str] = {}
        self._atom: dict[tuple[str, str, bool], Any] = {}
        self._json: dict[tuple[str, str, bool], str] = {}
        newest = max((_last_change(e) for e in site.entries), default=_EPOCH)
        self._fallback_updated = newest
        self.assessed = AssessmentItems(site, links)

    def content_html(self, entry: Entry, feed_file: str, full: bool = True) -> str:
        folder = feed_file.rsplit("/", 1)[0]
        key = (entry.id, folder, full)
        if key not in self._html:
            url = self.links.page(entry.src, feed_file)
            html = self._template().render(a=entry.article, url=url, full=full).strip()
            self._html[key] = html
        return self._html[key]

    def specs(self) -> list[FeedSpec]:
        s = self.site
        name = self.site_name
        every = f"Every briefing from {name}."
        out = [FeedSpec(None, name, every, "index.md", s.entries, full=True, limit=FEED_LIMIT)]
        assessed = under(s)
        for r in s.taxonomy.regions.values():
            desc = f"Briefings on {r.name} and the regions within it."
            items = assessed.get(r.id, [])
            if items:
                desc = f"Briefings and assessments on {r.name} and the regions within it."
            title = f"{name}: {r.name}"
            out.append(FeedSpec(r, title, desc, r.src, s.by_region[r.id], items))
        for t in s.taxonomy.themes.values():
            out.append(FeedSpec(t, f"{name}: {t.name}", t.description, t.src, s.by_theme[t.id]))
        desc = f"Every assessment from {name}: each region's level, trend and alerts."
        title = f"{name}: assessments"
        every_item = s.assessments.items
        spec = FeedSpec(None, title, desc, "watch/index.md", (), every_item, FEED, limit=FEED_LIMIT)
        out.append(spec)
        return out

    def render_all(self) -> dict[str, str | bytes]:
        files: dict[str, str | bytes] = {}
        for spec in self.specs():
            # A feed is made of its spec and its newest entries: unchanged, it is reused.
            parts = [
                self.site_name,
                str(self.links.site_url),
                self.language,
                spec.title,
                spec.description,
                spec.page_src,
                spec.file("xml"),
                str(spec.full),
                self._fallback_updated.isoformat(),
                self.reuse.ident(spec.entries[: spec.limit]),
                self.site.assessments.digest(spec.assessments[: spec.limit]),
            ]
            files[spec.file("xml")] = self.reuse.memo(
                "feed-atom", parts, functools.partial(self.atom, spec)
            )
            files[spec.file("json")] = self.reuse.memo(
                "feed-json", parts, functools.partial(self.json_feed, spec)
            )
        return files

    def _updated(self, items: Sequence[Entry | Assessment]) -> dt.date:
        days = (i.as_of if isinstance(i, Assessment) else _last_change(i) for i in items)
        return max(days, default=self._fallback_updated)

    def _categories(self, entry: Entry, at: str) -> list[dict[str, str]]:
        s = self.site
        regions = self.links.file("regions/", at)
        themes = self.links.file("themes/", at)
        cats = [{"term": r.id, "label": r.name, "scheme": regions} for r in s.regions_of(entry)]
        cats += [{"term": t.id, "label": t.name, "scheme": themes} for t in s.themes_of(entry)]
        return cats

    def atom(self, spec: FeedSpec) -> bytes:
        path = spec.file("xml")
        entries = merged(spec.entries, spec.assessments, spec.limit)
        fg = FeedGenerator()
        fg.id(self.links.ident(path))
        fg.title(spec.title)
        fg.subtitle(spec.description)
        fg.language(self.language)
        fg.author({"name": self.site_name})
        fg.link(href=self.links.file(path, path), rel="self", type=ATOM_TYPE)
        fg.link(href=self.links.page(spec.page_src, path), rel="alternate", type="text/html")
        fg.updated(_stamp(self._updated(entries)))
        folder = path.rsplit("/", 1)[0]
        for entry in entries:
            if isinstance(entry, Assessment):
                fg.add_entry(_BuiltEntry(self.assessed.atom_entry(entry, path)), order="append")
                continue
            key = (entry.id, folder, spec.full)
            element = self._atom.get(key)
            if element is None:
                fe = self._atom_entry(entry, path, spec.full)
                element = self._atom[key] = fe.atom_entry()
            fg.add_entry(_BuiltEntry(element), order="append")
        data: bytes = fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
        return data

    def _atom_entry(self, entry: Entry, path: str, full: bool) -> FeedEntry:
        a = entry.article
        fe = FeedEntry()
        fe.id(self.links.ident(entry.src))
        fe.title(a.headline)
        fe.link(href=self.links.page(entry.src, path), rel="alternate", type="text/html")
        fe.published(_stamp(a.date))
        fe.updated(_stamp(_last_change(entry)))
        if a.byline:
            fe.author({"name": a.byline})
        if a.dek:
            fe.summary(a.dek, type="text")
        fe.content(self.content_html(entry, path, full), type="html")
        fe.category(self._categories(entry, path))
        return fe

    def json_feed(self, spec: FeedSpec) -> str:
        path = spec.file("json")
        feed: dict[str, Any] = {
            "version": JSON_FEED_VERSION,
            "title": spec.title,
            "home_page_url": self.links.page(spec.page_src, path),
            "feed_url": self.links.file(path, path),
            "description": spec.description,
            "language": self.language,
            "authors": [{"name": self.site_name}],
        }
        head = json.dumps(feed, ensure_ascii=False, indent=2)
        items = [
            self.assessed.json_text(e, path)
            if isinstance(e, Assessment)
            else self._json_text(e, path, spec.full)
            for e in merged(spec.entries, spec.assessments, spec.limit)
        ]
        if not items:
            return head[:-2] + ',\n  "items": []\n}\n'
        # The same text json.dumps(..., indent=2) writes for the whole feed: each item is
        # written once per feed folder and indented to its place (JSON strings hold no raw
        # newline, so only the item's own line breaks are indented).
        return head[:-2] + ',\n  "items": [\n    ' + ",\n    ".join(items) + "\n  ]\n}\n"

    def _json_text(self, entry: Entry, path: str, full: bool) -> str:
        key = (entry.id, path.rsplit("/", 1)[0], full)
        text = self._json.get(key)
        if text is None:
            item = json.dumps(self._json_item(entry, path, full), ensure_ascii=False, indent=2)
            text = self._json[key] = item.replace("\n", "\n    ")
        return text

    def _json_item(self, entry: Entry, path: str, full: bool) -> dict[str, Any]:
        a = entry.article
        s = self.site
        item: dict[str, Any] = {
            "id": self.links.ident(entry.src),
            "url": self.links.page(entry.src, path),
            "title": a.headline,
        }
        if a.dek:
            item["summary"] = a.dek
        item["content_html"] = self.content_html(entry, path, full)
        item["date_published"] = _rfc3339(a.date)
        item["date_modified"] = _rfc3339(_last_change(entry))
        if a.byline:
            item["authors"] = [{"name": a.byline}]
        item["tags"] = [r.name for r in s.regions_of(entry)] + [t.name for t in s.themes_of(entry)]
        # JSON Feed extensions start with an underscore; readers that do not know it skip it.
        item["_briefing"] = {
            "section": a.section,
            "kind": a.kind,
            "regions": list(a.regions),
            "themes": list(a.themes),
            "page": page_url(entry.src),
        }
        return item


def _last_change(entry: Entry) -> dt.date:
    return entry.last_change


def render_feeds(
    site: Site, links: Links, site_name: str, reuse: Reuse = NO_REUSE
) -> dict[str, str | bytes]:
    """Every feed of the site, keyed by its path relative to the site root; ``reuse``:
    what was made before of the same parts (``render/reuse.py``)."""
    return FeedRenderer(site, links, site_name, reuse=reuse).render_all()
