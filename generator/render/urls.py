"""Addresses of pages and generated files, absolute when ``site_url`` is known.

Feeds, data exports, the sitemap and sharing tags all need absolute addresses, which only
exist once the site's published address (MkDocs' ``site_url``) is set. Without it the build
still works (a developer previewing locally need not know where the site will live) and
every address falls back to a link *relative to the file that contains it*: that is valid in
Atom (RFC 4287 resolves relative references against the feed's own address), in JSON Feed
as read by real readers, and correct whether the site is served from a host's root or
from a sub-folder. Atom ids, which must be absolute IRIs, become ``urn:briefing:<path>``.

>>> links = Links("https://example.org/briefing")
>>> links.page("articles/x.md", "feeds/all.xml")
'https://example.org/briefing/articles/x/'
>>> Links(None).page("articles/x.md", "feeds/regions/pk.xml")
'../../articles/x/'
>>> Links(None).ident("articles/x.md")
'urn:briefing:articles/x/'
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

from ..content.model import Region, Theme


def page_url(src: str) -> str:
    """The address of a Markdown page relative to the site root (``use_directory_urls``).

    >>> page_url("index.md"), page_url("regions/pk-ba.md"), page_url("archive/2026/02.md")
    ('', 'regions/pk-ba/', 'archive/2026/02/')
    """
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def feed_path(term: Region | Theme | None = None, ext: str = "xml") -> str:
    """Where a feed lives, relative to the site root.

    >>> feed_path(), feed_path(Theme("nuclear", "Nuclear", "", ()), "json")
    ('feeds/all.xml', 'feeds/themes/nuclear.json')
    """
    if term is None:
        return f"feeds/all.{ext}"
    kind = "regions" if isinstance(term, Region) else "themes"
    return f"feeds/{kind}/{term.id}.{ext}"


def region_csv_path(region: Region) -> str:
    """Where a region's casualty figures are published.

    >>> region_csv_path(Region("pk", "Pakistan", None, "PK", (), (), ()))
    'data/regions/pk.csv'
    """
    return f"data/regions/{region.id}.csv"


@functools.lru_cache(maxsize=1 << 16)
def relpath(target: str, here: str) -> str:
    """``posixpath.relpath`` of two site-relative paths, cached (a build asks the same
    questions many times: a link to an entry is the same from every page and file of a
    folder), and worked out from their parts alone where neither goes up (``..``):
    ``posixpath.relpath`` asks the OS for the working directory on every call.

    >>> relpath("regions/pk.md", "articles"), relpath("articles", "."), relpath(".", "a/b")
    ('../regions/pk.md', 'articles', '../..')
    """
    to = [p for p in target.split("/") if p and p != "."]
    at = [p for p in here.split("/") if p and p != "."]
    if ".." in to or ".." in at or target.startswith("/") or here.startswith("/"):
        return posixpath.relpath(target, here)
    same = 0
    while same < min(len(to), len(at)) and to[same] == at[same]:
        same += 1
    return "/".join([".."] * (len(at) - same) + to[same:]) or "."


def relative(target: str, from_file: str) -> str:
    """``target`` relative to the folder of ``from_file`` (both site-relative; an address
    ending in ``/`` is a folder, as a page's is: ``page_url``).

    >>> relative("articles/x/", "regions/pk/"), relative("", "regions/pk/"), relative("a/", "")
    ('../../articles/x/', '../../', 'a/')
    """
    rel = relpath(target or ".", posixpath.dirname(from_file) or ".")
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


@dataclass(frozen=True)
class Links:
    """Turns site-relative paths into the addresses written into generated files."""

    site_url: str | None

    def __post_init__(self) -> None:
        url = (self.site_url or "").strip()
        object.__setattr__(self, "site_url", url.rstrip("/") + "/" if url else None)

    @property
    def absolute(self) -> bool:
        return self.site_url is not None

    def file(self, target: str, from_file: str) -> str:
        """``target`` (a site-relative address) as written inside ``from_file``."""
        if self.site_url is not None:
            return self.site_url + target
        return relative(target, from_file)

    def page(self, src: str, from_file: str) -> str:
        """The address of the page built from ``src`` (a docs path such as ``regions/pk.md``)."""
        return self.file(page_url(src), from_file)

    def ident(self, target: str) -> str:
        """A permanent id: the absolute address, or a URN when ``site_url`` is unknown."""
        if target.endswith(".md"):
            target = page_url(target)
        if self.site_url is not None:
            return self.site_url + target
        return f"urn:briefing:{target or '/'}"


def robots_txt(links: Links) -> str:
    """``robots.txt``: everything may be crawled; the sitemap's address when it is known.

    (Crawlers read ``robots.txt`` only at a host's root, so it helps only when the site is
    published there; the ``Sitemap:`` line needs an absolute address.)

    >>> print(robots_txt(Links("https://example.org/")), end="")
    User-agent: *
    Allow: /
    Sitemap: https://example.org/sitemap.xml
    """
    lines = ["User-agent: *", "Allow: /"]
    if links.site_url is not None:
        lines.append(f"Sitemap: {links.site_url}sitemap.xml")
    return "\n".join(lines) + "\n"
