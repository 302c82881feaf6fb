"""A build's staging folder (``staging.StagedBuild``): MkDocs writes beside ``site/``; the
new site is swapped in only when the build went through, else ``site/`` is as it was;
``mkdocs serve`` is left to MkDocs; a dirty build removes what it no longer makes."""

from __future__ import annotations

import os
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
    staged.built(config, keep=())
    staged.close()
    assert config.site_dir == str(tmp_path / "site")  # as gh-deploy reads it afterwards
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it


def test_a_failed_build_leaves_the_site_as_it_was(config: MkDocsConfig, tmp_path: Path) -> None:
    staged = StagedBuild(atomic=True, dirty=False)
    staged.configure(config)
    _write(config, "half.html", "half")
    staged.built(config, keep=())
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


def test_a_dirty_build_removes_what_it_no_longer_makes(
    config: MkDocsConfig, tmp_path: Path
) -> None:
    (tmp_path / "site" / "pagefind").mkdir()
    (tmp_path / "site" / "pagefind" / "x.pf_meta").write_text("", "utf-8")
    staged = StagedBuild(atomic=True, dirty=True)
    staged.configure(config)  # a copy of the last site, to rewrite what changed
    assert (Path(config.site_dir) / "old.html").is_file()
    os.utime(Path(config.site_dir) / "old.html", (0, 0))  # written by an earlier build
    staged.begin()
    kept = File.generated(config, "kept.md", content="")  # -> kept/index.html
    Path(config.site_dir, "kept").mkdir()
    _write(config, "kept/index.html", "")
    os.utime(Path(config.site_dir) / "kept/index.html", (0, 0))  # unchanged: not rewritten
    staged.seen(Files([kept]))
    staged.built(config, keep=("pagefind/",))
    staged.close()
    site = tmp_path / "site"
    assert not (site / "old.html").exists()  # the page of an entry deleted since
    assert (site / "pagefind" / "x.pf_meta").is_file()  # the search bundle is rewritten whole
    assert (site / "kept" / "index.html").is_file()  # made by this build
