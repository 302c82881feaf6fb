"""The engine boundary, proven: the site keeps building after Material for MkDocs' end of life.

- ProperDocs (the maintained MkDocs 1.x fork) builds the project with the briefing plugin,
  unchanged: the same files, byte for byte, as MkDocs but for the ``generator`` tag.
- Zensical (Material's successor, no MkDocs plugins or hooks) builds the Markdown that
  ``briefing export-markdown`` writes, with the theme overrides: the same pages and text as
  the plugin's build, the overrides' sitemap, sharing tags and header.

Both come with the ``test`` extra (pyproject.toml); a test skips only where one could not be
installed, and under CI that skip fails the run.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import (
    EPOCH,
    PUBLISHED_URL,
    ROOT,
    SEED_ID,
    child_env,
    page_soup,
    page_text,
    published_articles,
    search_records,
)
from fictional import fictional_entry, fictional_project
from snapshots import site_snapshot

SEED_HEADLINE = "Pakistan Reports 145 Militants Killed After Coordinated Attacks in Balochistan"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
#: The generator tag, written compact (its attributes in any order, quoted only if need be).
GENERATOR = re.compile(rb'<meta [^>]*\bname="?generator"?[^>]*>')


def _engine(module: str) -> None:
    """Skip, saying why, where the engine is not installed (the test extra installs it)."""
    pytest.importorskip(module, reason=f"{module} is not installed: pip install -e '.[test]'")


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``python -m <args>`` in ``cwd``; fail the test with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=child_env(PYTHONPATH=str(ROOT), **(env or {})),
        check=False,
    )
    assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stderr


def _generator(site: Path, page: str = "") -> str:
    tag = page_soup(site, page).find("meta", attrs={"name": "generator"})
    return str(tag["content"]) if tag else ""


def _sitemap(site: Path) -> list[tuple[str, str | None]]:
    """(address, lastmod) of every page the sitemap lists, as a crawler reads them."""
    root = ET.parse(site / "sitemap.xml").getroot()
    return [
        (
            url.findtext("s:loc", namespaces=SITEMAP_NS) or "",
            url.findtext("s:lastmod", namespaces=SITEMAP_NS),
        )
        for url in root.findall("s:url", SITEMAP_NS)
    ]


def _pages(site: Path) -> list[str]:
    """The address of every page, as the folder each ``index.html`` is in."""
    folders = [p.parent.relative_to(site) for p in site.rglob("index.html")]
    return sorted("" if f == Path(".") else str(f) for f in folders if "assets" not in f.parts)


# --- ProperDocs: the project as it is, the plugin unchanged ------------------------------


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _engine("properdocs")
    site = tmp_path_factory.mktemp("properdocs")
    _run(
        "properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site),
        cwd=ROOT,
        env={"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "1"},  # as built_site is built
    )  # fmt: skip
    return site


def test_properdocs_builds_the_site_mkdocs_builds(properdocs_site: Path, built_site: Path) -> None:
    """Every file, the search bundle and feeds included, is the MkDocs build's, byte for
    byte, except the generator tag that names the engine."""
    assert _generator(properdocs_site).startswith("mkdocs-ProperDocs ")
    assert _generator(built_site).startswith("mkdocs-1.")
    # (Pagefind's filter index as data: Pagefind writes it in another order each run)
    ours, theirs = site_snapshot(properdocs_site), site_snapshot(built_site)
    assert sorted(ours) == sorted(theirs)
    different = [
        name for name in ours if GENERATOR.sub(b"", ours[name]) != GENERATOR.sub(b"", theirs[name])
    ]
    assert different == []


def test_properdocs_site_reads_as_the_briefing(properdocs_site: Path) -> None:
    text = page_text(properdocs_site, f"articles/{SEED_ID}")
    assert SEED_HEADLINE in text
    assert "Sarfaraz Bugti, the chief minister of Balochistan" in text
    chart = page_soup(properdocs_site, f"articles/{SEED_ID}").select_one(".bp-chart[data-figure]")
    assert chart is not None
    figure = json.loads(str(chart["data-figure"]))
    assert sorted(x for trace in figure["data"] for x in trace["x"]) == [17, 31, 92, 145]
    # Search: Pagefind's bundle, with the seed article in the index.
    assert (properdocs_site / "pagefind" / "pagefind.js").is_file()
    assert f"/articles/{SEED_ID}/" in search_records(properdocs_site)
    feed = feedparser.parse((properdocs_site / "feeds" / "all.xml").read_bytes())
    assert not feed.bozo and SEED_HEADLINE in [e.title for e in feed.entries]


# --- Zensical: the exported Markdown, no plugin, no hooks ---------------------------------


def _zensical_build(project: Path, out: Path) -> Path:
    """``briefing export-markdown out`` in ``project``, then ``zensical build`` in ``out``,
    both for the published address; returns the built site."""
    env = {"SITE_URL": PUBLISHED_URL}
    _run("generator", "export-markdown", str(out), cwd=project, env=env)
    _run("zensical", "build", "--strict", cwd=out, env=env)
    return out / "site"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _engine("zensical")
    return _zensical_build(ROOT, tmp_path_factory.mktemp("zensical") / "export")


def test_zensical_builds_every_page_with_the_plugins_text(
    zensical_site: Path, published_site: Path
) -> None:
    """Each page of the plugin's build is there, with the same title and text."""
    assert _generator(zensical_site).startswith("zensical-")
    pages = _pages(published_site)
    assert len(pages) > 30 and _pages(zensical_site) == pages

    def seen(site: Path, page: str) -> tuple[str, str]:
        soup = page_soup(site, page)
        return soup.title.get_text() if soup.title else "", page_text(site, page)

    different = [p for p in pages if seen(zensical_site, p) != seen(published_site, p)]
    assert different == []


def test_zensical_article_has_its_chart_feeds_and_data(zensical_site: Path) -> None:
    soup = page_soup(zensical_site, f"articles/{SEED_ID}")
    assert soup.select_one("h1").get_text().startswith(SEED_HEADLINE)
    figure = json.loads(str(soup.select_one(".bp-chart[data-figure]")["data-figure"]))
    assert sorted(x for trace in figure["data"] for x in trace["x"]) == [17, 31, 92, 145]
    scripts = [str(s.get("src", "")) for s in soup.find_all("script")]
    assert "../../assets/briefing/search.js" in scripts
    assert "../../assets/briefing/charts.js" in scripts  # the theme's, on a page with a chart
    for asset in ("search.js", "charts.js", "briefing.css", "plotly-briefing.min.js"):
        assert (zensical_site / "assets" / "briefing" / asset).is_file(), asset
    feed = feedparser.parse((zensical_site / "feeds" / "all.xml").read_bytes())
    assert not feed.bozo and SEED_HEADLINE in [e.title for e in feed.entries]
    assert f"{PUBLISHED_URL}articles/{SEED_ID}/" in [e.link for e in feed.entries]
    _, articles = published_articles(zensical_site)
    assert SEED_ID in [a["id"] for a in articles]


def test_zensical_search_finds_the_article(zensical_site: Path) -> None:
    """Zensical's own search (one index of the site, like Material's): the seed is in it,
    and the header offers the search box (the header override names Zensical's search)."""
    index = json.loads((zensical_site / "search.json").read_text("utf-8"))
    titles = {i["location"]: i["title"] for i in index["items"] if "#" not in i["location"]}
    assert titles[f"articles/{SEED_ID}/"] == SEED_HEADLINE
    header = page_soup(zensical_site, f"articles/{SEED_ID}").select_one("header")
    assert header is not None and header.select_one("[data-md-component=search]") is not None


def test_zensical_uses_the_sitemap_override(zensical_site: Path, published_site: Path) -> None:
    """The override's sitemap, not Zensical's: every page with the date it last changed,
    exactly as the plugin's build lists them (Zensical's own has no dates)."""
    listed = sorted(_sitemap(zensical_site))
    assert listed == sorted(_sitemap(published_site))
    assert (f"{PUBLISHED_URL}articles/{SEED_ID}/", "2026-02-01") in listed
    assert (PUBLISHED_URL, max(d for _, d in listed if d)) in listed  # home: the newest


def test_zensical_uses_the_sharing_tags_override(zensical_site: Path, published_site: Path) -> None:
    """main.html's site_meta: description, canonical address, OpenGraph and feed links."""

    def head(site: Path, page: str) -> list[str]:
        """The head's sharing tags and links, each address resolved as a browser does."""
        soup = page_soup(site, page)
        keep = ("description", "og:", "twitter:", "article:", "canonical", "alternate")
        found = []
        for tag in soup.head.find_all(["meta", "link"]) if soup.head else []:
            attrs = {k: " ".join(v) if isinstance(v, list) else v for k, v in tag.attrs.items()}
            if any(k in str(attrs) for k in keep):
                if "href" in attrs:
                    attrs["href"] = urljoin(f"{PUBLISHED_URL}{page}/", attrs["href"])
                found.append(json.dumps(attrs, sort_keys=True))
        return sorted(found)

    for page in ("", f"articles/{SEED_ID}", "regions/pk-ba", "about"):
        assert head(zensical_site, page) == head(published_site, page), page
    soup = page_soup(zensical_site, "")
    assert soup.find("meta", property="og:title")["content"] == "Regional Risk Briefing"


#: A headline of markup, as an editor might paste it (validation takes it as text).
HOSTILE = "</title><script>alert('h')</script><img src=x onerror=alert(1)> & co"


@pytest.fixture(scope="module")
def hostile_zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fictional entry whose headline is markup, built by Zensical from the export."""
    _engine("zensical")
    project = fictional_project(
        tmp_path_factory.mktemp("hostile-zensical"), [fictional_entry(1, headline=HOSTILE)]
    )
    return _zensical_build(project, project / "export")


def test_zensical_shows_a_headline_of_markup_as_text(hostile_zensical_site: Path) -> None:
    """Zensical, like MkDocs, takes a page title for HTML; the export writes the front
    matter escaped, so the title reads as typed in the tab, the header, the sharing tags
    and Zensical's own search index, and nowhere becomes a tag."""
    page = "articles/fictional-erewhon-001"
    soup = page_soup(hostile_zensical_site, page)
    assert soup.title.get_text() == f"{HOSTILE} - Regional Risk Briefing"
    topic = soup.select_one("[data-md-component=header-topic]")
    assert topic is not None and topic.get_text().strip() == HOSTILE
    assert soup.find("meta", property="og:title")["content"] == HOSTILE
    for script in soup.find_all("script"):
        assert "alert" not in script.get_text()
    assert not [el for el in soup.find_all(True) if any(a.startswith("on") for a in el.attrs)]


def test_zensical_search_index_holds_a_headline_of_markup_as_text(
    hostile_zensical_site: Path,
) -> None:
    """The index's titles are HTML (the search box shows them as such): the headline is
    there escaped, reading as typed, on the page and as the path of its sections."""
    index = json.loads((hostile_zensical_site / "search.json").read_text("utf-8"))
    items = [i for i in index["items"] if i["location"].startswith("articles/fictional-erewhon")]
    assert items
    for item in items:
        for title in (item["title"], *item["path"]):
            if "alert" in title:
                assert "<" not in title, title
                assert BeautifulSoup(title, "html.parser").get_text() == HOSTILE
