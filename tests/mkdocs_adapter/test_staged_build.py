"""A build's staging folder (``staging.StagedBuild``): MkDocs writes beside ``site/``; the
new site is swapped in only when the build went through, else ``site/`` is as it was;
``mkdocs serve`` is left to MkDocs; a dirty build removes what it no longer makes."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from generator.mkdocs_adapter.staging import StagedBuild


@pytest.fixture
def config(tmp_path: Path) -> MkDocsConfig:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "briefing"  # as while MkDocs runs an event
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.html").write_text("old", "utf-8")
    return config


def _write(config: MkDocsConfig, name: str, text: str) -> None:
    Path(config.site_dir, name).write_text(text, "utf-8")


def test_a_build_that_went_through_replaces_the_site(config: MkDocsConfig, tmp_path: Path) -> None:
    staged = StagedBuild(atomic=True, dirty=False)
    staged.configure(config)
    assert Path(config.site_dir).parent == tmp_path and config.site_dir != str(tmp_path / "site")
    _write(config, "new.html", "new")
    staged.built(config)
    staged.close()
    assert config.site_dir == str(tmp_path / "site")  # as gh-deploy reads it afterwards
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it


def test_a_failed_build_leaves_the_site_as_it_was(config: MkDocsConfig, tmp_path: Path) -> None:
    staged = StagedBuild(atomic=True, dirty=False)
    staged.configure(config)
    _write(config, "half.html", "half")
    staged.built(config)
    staged.failed()  # e.g. strict mode: a warning, after the last page was written
    staged.close()
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["old.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_serve_writes_where_mkdocs_says(config: MkDocsConfig, tmp_path: Path) -> None:
    staged = StagedBuild(atomic=False, dirty=False)
    staged.configure(config)
    assert config.site_dir == str(tmp_path / "site")
    staged.close()
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["old.html"]


def _first_build(config: MkDocsConfig, cache: Path) -> None:
    """A build with a cache: site/ holds old.html, kept/index.html and a search bundle,
    and the cache its record."""
    site = Path(config.site_dir)
    staged = StagedBuild(atomic=True, dirty=False)
    staged.configure(config, cache)
    for name in ("old.html", "kept/index.html", "pagefind/x.pf_meta"):
        Path(config.site_dir, name).parent.mkdir(parents=True, exist_ok=True)
        _write(config, name, "first")
    staged.seen(Files([]))
    staged.built(config)
    staged.close()
    assert Path(config.site_dir) == site and (cache / "site.json").is_file()


def _kept(config: MkDocsConfig, modified: bool) -> Files:
    kept = File.generated(config, "kept.md", content="")  # -> kept/index.html
    kept.is_modified = lambda: modified  # type: ignore[method-assign]
    return Files([kept])


def _search_bundle(path: str) -> bool:
    return path.startswith("pagefind/")


def test_a_dirty_build_removes_what_it_no_longer_makes(
    config: MkDocsConfig, tmp_path: Path
) -> None:
    cache = tmp_path / ".cache"
    _first_build(config, cache)
    staged = StagedBuild(atomic=True, dirty=True)
    staged.configure(config, cache)  # an empty folder, for what changed
    assert list(Path(config.site_dir).iterdir()) == []
    staged.seen(_kept(config, modified=False))  # unchanged: not written again
    _write(config, "new.html", "second")  # (written by another plugin, say)
    staged.built(config, _search_bundle)
    staged.close()
    site = tmp_path / "site"
    assert not (site / "old.html").exists()  # the page of an entry deleted since
    assert (site / "pagefind" / "x.pf_meta").is_file()  # the search bundle: its own
    assert (site / "kept" / "index.html").read_text("utf-8") == "first"  # made by this build
    assert (site / "new.html").read_text("utf-8") == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "site"]


def test_a_dirty_build_that_fails_leaves_the_published_site_as_it_was(
    config: MkDocsConfig, tmp_path: Path
) -> None:
    cache = tmp_path / ".cache"
    _first_build(config, cache)
    staged = StagedBuild(atomic=True, dirty=True)
    staged.configure(config, cache)
    staged.seen(_kept(config, modified=True))
    Path(config.site_dir, "kept").mkdir()
    _write(config, "kept/index.html", "second")
    staged.built(config, _search_bundle)
    staged.failed()  # e.g. a warning in strict mode
    staged.close()
    assert (tmp_path / "site" / "kept" / "index.html").read_text("utf-8") == "first"
    assert (tmp_path / "site" / "old.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "site"]


def test_a_dirty_build_starts_from_nothing_when_the_site_is_not_the_recorded_one(
    config: MkDocsConfig, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / ".cache"
    _first_build(config, cache)
    _write(config, "old.html", "changed by hand")
    staged = StagedBuild(atomic=True, dirty=True)
    with caplog.at_level(logging.INFO, "mkdocs.plugins.briefing"):
        staged.configure(config, cache)
    assert list(Path(config.site_dir).iterdir()) == []
    assert staged.last is None and staged.published is None  # a whole new site, swapped in
    assert "--dirty: site/ is not the site the last build made: every page is built" in caplog.text
    staged.failed()
    staged.close()
