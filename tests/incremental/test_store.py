"""The cache's tables on disk (``generator/incremental/store.py``): a save after a small
change writes a small delta beside the big base, and the next run reads both."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import load_corpus_module

from generator.build import generate
from generator.incremental import store
from generator.incremental.cache import Cache
from generator.incremental.store import Table


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return load_corpus_module().write_corpus(12, tmp_path / "p", seed=9)


def test_one_edit_saves_a_delta_the_next_run_reuses(project: Path) -> None:
    folder = project / ".cache"
    first = Cache.open(folder)
    generate(project / "content", project, cache=first)
    first.save()
    base = (folder / "pages.pickle").read_bytes()
    assert not (folder / "pages.delta.pickle").exists()  # the first save: whole tables
    entry = sorted((project / "content" / "articles").rglob("*.yaml"))[5]
    entry.write_text(entry.read_text("utf-8").replace("\nheadline: ", "\nheadline: Zwirbel ", 1))
    second = Cache.open(folder)
    edited = generate(project / "content", project, cache=second)
    assert second.misses >= 1
    second.save()
    assert (folder / "pages.pickle").read_bytes() == base  # the base as it was
    delta = pickle.loads((folder / "pages.delta.pickle").read_bytes())
    assert 1 <= len(delta["add"]) < 12 and len(delta["drop"]) == len(delta["add"])
    third = Cache.open(folder)
    again = generate(project / "content", project, cache=third)
    assert third.misses == 0 and third.hits == 12  # every page from base + delta
    assert again.pages == edited.pages and again.files == edited.files


def test_a_big_delta_writes_the_base_anew_and_a_stale_delta_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "files.pickle"
    table = Table.read(path)
    table.rows.update({f"k{i}": f"{i:03d}" + "x" * 97 for i in range(40)})
    table.write()
    table = Table.read(path)
    table.rows["new"] = "y" * 100  # small: a delta
    table.write()
    assert table.delta_path.is_file()
    table = Table.read(path)
    table.rows.update(
        {f"n{i}": f"{i:03d}" + "z" * 97 for i in range(int(40 * store.REWRITE_AT) + 1)}
    )
    table.write()  # a quarter of the base or more: the base anew, no delta
    assert not table.delta_path.exists()
    assert pickle.loads(path.read_bytes()) == Table.read(path).rows
    assert len(Table.read(path).rows) == 40 + 1 + 11
    table = Table.read(path)
    del table.rows["k0"]
    table.write()  # a delta dropping k0 ...
    path.write_bytes(pickle.dumps({"other": 1}))  # ... whose base was replaced since
    assert Table.read(path).rows == {"other": 1}
