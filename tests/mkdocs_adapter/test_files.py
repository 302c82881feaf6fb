"""The generated output as MkDocs files (``files.py``): virtual pages, the navigation's
few, a clash with a hand-written page named, feeds and data spilled to disk in a build,
and a dirty rebuild told which files changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SEED_ID
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.build import LISTED, Output, generate
from generator.mkdocs_adapter.files import Spill, add_output, unchanged_since

SEED_PAGE = f"articles/{SEED_ID}.md"


@pytest.fixture(scope="module")
def config() -> MkDocsConfig:
    config = load_config(str(ROOT / "mkdocs.yml"))
    # As while MkDocs runs the plugin's event: a generated file records who made it.
    config.plugins._current_plugin = "briefing"
    return config


def _output() -> Output:
    return generate(ROOT / "content", ROOT)


def test_generated_pages_are_virtual_and_only_the_listed_ones_in_the_navigation(
    config: MkDocsConfig,
) -> None:
    output = _output()
    files = add_output(Files([]), config, output, unchanged_since(None), None)
    seed = files.get_file_from_path(SEED_PAGE)
    assert seed is not None and seed.abs_src_path is None  # nothing written to docs_dir
    assert seed.content_string == output.pages[SEED_PAGE]
    assert seed.inclusion == InclusionLevel.NOT_IN_NAV
    for path in LISTED:
        listed = files.get_file_from_path(path)
        assert listed is not None and listed.inclusion == InclusionLevel.UNDEFINED, path


def test_a_hand_written_page_in_the_way_of_a_generated_one_is_named(
    config: MkDocsConfig,
) -> None:
    mine = File.generated(config, "regions/index.md", content="# Mine\n")
    with pytest.raises(PluginError, match=r"content/pages/regions/index\.md clashes with a"):
        add_output(Files([mine]), config, _output(), unchanged_since(None), None)


def test_a_build_spills_feeds_and_data_to_disk_and_holds_none_in_memory(
    config: MkDocsConfig,
) -> None:
    output = _output()
    expected = {
        path: data if isinstance(data, bytes) else data.encode()
        for path, data in output.files.items()
    }
    spill = Spill()
    try:
        files = add_output(Files([]), config, output, unchanged_since(None), spill)
        assert output.files == {}
        for path, data in expected.items():
            file = files.get_file_from_path(path)
            assert file is not None and file.abs_src_path is not None, path
            assert Path(file.abs_src_path).is_relative_to(spill.folder)
            assert Path(file.abs_src_path).read_bytes() == data, path
        assert "feeds/all.xml" in expected and "data/casualties.csv" in expected
    finally:
        spill.remove()
    assert not spill.folder.exists()


def test_a_dirty_rebuild_is_told_only_what_changed(config: MkDocsConfig) -> None:
    before = _output()
    pages = dict(before.pages)
    pages[SEED_PAGE] += "\nEdited.\n"
    after = Output(before.site, pages, before.assets, dict(before.files), before.blocks)
    files = add_output(Files([]), config, after, unchanged_since(before), None)
    changed = {f.src_uri for f in files if f.is_modified() and f.abs_src_path is None}
    assert changed == {SEED_PAGE}
    every = add_output(
        Files([]), config, after, unchanged_since(None), None
    )  # no last run: all changed
    assert all(f.is_modified() for f in every if f.abs_src_path is None)
