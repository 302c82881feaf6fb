"""`briefing export-markdown`: plain MkDocs + Material builds the same pages as the plugin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, SEED_ID, copy_project, html_pages, mkdocs_build, run_briefing, site_pages

from generator.export import HEADER, Tagged, read_config
from generator.mkdocs_adapter.compact import compact_html


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "plain"
    result = run_briefing("export-markdown", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "pages" in result.stderr
    return out


@pytest.fixture(scope="module")
def exported_site(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("export-site")
    result = mkdocs_build(exported, site)
    assert result.returncode == 0, result.stderr
    return site


def _main(page: Path) -> tuple[str, str]:
    """A page's title and article, written compact: the plugin writes its pages so
    (mkdocs_adapter/compact.py), plain MkDocs does not; the same document either way."""
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    main = soup.select_one("article.md-content__inner")
    title = soup.title.get_text() if soup.title else ""
    return title, compact_html(str(main))


def test_export_config_drops_the_plugin_and_keeps_the_rest(exported: Path) -> None:
    config = read_config(exported / "mkdocs.yml")
    original = read_config(ROOT / "mkdocs.yml")
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "briefing" not in plugins and "search" in plugins
    assert config["docs_dir"] == "docs"
    assert config["theme"]["name"] == original["theme"]["name"]
    assert config["markdown_extensions"] == original["markdown_extensions"]
    assert config["nav"] == original["nav"]
    assert config["site_url"] == Tagged("ENV", ["SITE_URL", ""])
    assert "assets/briefing/search.js" in config["extra_javascript"]
    assert "assets/briefing/charts.js" not in config["extra_javascript"]  # the theme adds it
    assert (exported / "docs" / "articles" / f"{SEED_ID}.md").is_file()
    for asset in ("plotly-briefing.min.js", "charts.js", "search.js", "briefing.css"):
        assert (exported / "docs" / "assets" / "briefing" / asset).is_file(), asset
    assert (exported / "docs" / "about.md").is_file()  # hand-written pages come along


def test_plain_mkdocs_builds_every_page_of_the_plugin_build(
    built_site: Path, exported_site: Path
) -> None:
    plugin_pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    plain_pages = sorted(p.relative_to(exported_site) for p in exported_site.rglob("*.html"))
    assert plain_pages == plugin_pages
    assert html_pages(built_site) == site_pages()  # every page, not just the same ones
    different = [str(p) for p in plugin_pages if _main(built_site / p) != _main(exported_site / p)]
    assert not different, different[:5]


def test_exported_article_is_readable_markdown(exported: Path) -> None:
    text = (exported / "docs" / "articles" / f"{SEED_ID}.md").read_text("utf-8")
    front, _, body = text.partition("\n---\n")
    assert yaml.safe_load(front.removeprefix("---\n"))["title"].startswith("Pakistan Reports 145")
    assert re.search(r"^# Pakistan Reports 145 Militants Killed", body, re.M)
    assert re.search(r"^## Key points$", body, re.M)
    # A body paragraph is there as text a person can read, on lines of its own.
    assert "Sarfaraz Bugti, the chief minister of Balochistan, told a press conference" in body


def test_export_never_overwrites_without_force(exported: Path, tmp_path: Path) -> None:
    again = run_briefing("export-markdown", str(exported), cwd=ROOT)
    assert again.returncode == 2
    assert "exists and is not empty (use --force" in again.stderr
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("mine", "utf-8")
    refused = run_briefing("export-markdown", str(mine), "--force", cwd=ROOT)
    assert refused.returncode == 2 and "not an earlier export" in refused.stderr
    assert (mine / "todo.txt").read_text("utf-8") == "mine"
    replaced = run_briefing("export-markdown", str(exported), "--force", cwd=ROOT)
    assert replaced.returncode == 0, replaced.stderr
    assert (exported / "mkdocs.yml").read_text("utf-8").startswith(HEADER)


def test_export_escapes_a_hostile_headline_as_the_plugin_does(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    seed = next((project / "content" / "articles").rglob(f"{SEED_ID}.yaml"))
    text = seed.read_text("utf-8")
    seed.write_text(text.replace("headline: Pakistan", "headline: <img src=x> Pakistan", 1))
    out = tmp_path / "plain"
    assert run_briefing("export-markdown", str(out), cwd=project).returncode == 0
    site = tmp_path / "site"
    result = mkdocs_build(out, site)
    assert result.returncode == 0, result.stderr
    index = (site / "search" / "search_index.json").read_text("utf-8")
    assert "&lt;img src=x&gt; Pakistan" in index and "<img src=x>" not in index
    page = (site / "articles" / SEED_ID / "index.html").read_text("utf-8")
    assert "<img src=x>" not in page
    # read as typed, once (the export writes the title as HTML; nothing escapes it twice)
    soup = BeautifulSoup(page, "html.parser")
    headline = "<img src=x> Pakistan Reports 145 Militants Killed"
    assert soup.title is not None and soup.title.get_text().startswith(headline)
    topic = soup.select_one("[data-md-component=header-topic]")
    assert topic is not None and topic.get_text().strip().startswith(headline)
    assert soup.find("meta", property="og:title")["content"].startswith(headline)
