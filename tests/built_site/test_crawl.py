"""The published site crawled over HTTP from its home page, as a browser or a search
engine requests it (no browser needed): every link, stylesheet, script, image and feed
resolves, every anchor is on its page, and nothing leaves the site's folder."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
from conftest import SEED_ID, site_pages
from servers import StaticSite, fetch

ARTICLE = f"articles/{SEED_ID}/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, dict[str, str | None]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        for attr in ("href", "src"):
            if a.get(attr) and tag in ("a", "link", "script", "img", "source"):
                self.links.append((tag, str(a[attr]), a))


def test_every_link_and_feed_on_the_served_site_resolves(served_site: StaticSite) -> None:
    base = served_site.base
    host = urlsplit(base).netloc
    queue, seen = [base], {base}
    ids: dict[str, set[str]] = {}
    anchors: list[tuple[str, str]] = []  # (page, url with fragment)
    broken: list[str] = []
    feeds: list[str] = []
    while queue:
        url = queue.pop()
        status, ctype, body = fetch(url)
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            continue
        if ctype != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        ids[url] = parser.ids
        for tag, ref, attrs in parser.links:
            target, fragment = urldefrag(urljoin(url, ref))
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https"):
                broken.append(f"{url}: {tag} links to {ref!r}")
                continue
            if parts.netloc == host and not target.startswith(base):
                broken.append(f"{url}: {tag} links out of the site's folder: {ref!r}")
                continue
            if not target.startswith(base):
                continue  # outside links (sources) are not fetched: no network in tests
            if fragment and tag == "a":
                anchors.append((url, f"{target}#{fragment}"))
            rel, kind = (attrs.get("rel") or "").split(), attrs.get("type") or ""
            if tag == "link" and "alternate" in rel and kind.endswith(("rss+xml", "atom+xml")):
                feeds.append(target)
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert not broken, "\n".join(broken)
    # the crawl reached every page of the site from its home page (a page's address with a
    # query, as the search page's "search within" links have, is that page)
    assert {url.removeprefix(base).split("?")[0] for url in ids} == site_pages()

    missing = [
        f"{page} -> {ref}"
        for page, ref in anchors
        if (t := ref.split("#"))[0] in ids and t[1] not in ids[t[0]] and not t[1].startswith("__")
    ]
    assert not missing, "links to anchors that are not on the page:\n" + "\n".join(missing)

    for announced in ("feeds/all.xml", "feeds/regions/pk-ba.xml"):
        assert base + announced in feeds, f"no page announces {announced}"
    for feed in sorted(set(feeds)):
        parsed = feedparser.parse(fetch(feed)[2])
        assert not parsed.bozo, f"{feed}: {parsed.bozo_exception}"
        assert parsed.feed.get("title"), feed
        if feed.endswith(("/all.xml", "/regions/pk-ba.xml")):
            links = [e.link for e in parsed.entries]
            assert base + ARTICLE in links, f"{feed} does not list the seed: {links}"
