"""The second process (``generator/incremental/parallel.py``) as a user's build runs it: a site of
more than ``PARALLEL_MIN`` entries, built cold in a fresh process where forking is allowed
(``tests/forks.py`` counts each fork and how its child ended), gives exactly what one
process gives, also when each child fails for real.

The test session itself never forks (its server threads make ``parallel.available()``
false), which is why every build here runs in a process of its own.
"""

from __future__ import annotations

import gc
import pickle
import shutil
import signal
import weakref
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS_N, forked

from generator.build import content_files, generate
from generator.errors import ContentErrors
from generator.incremental import parallel
from generator.incremental.cache import Cache
from generator.render.opendata import ARTICLES_INDEX

OK, RAISED, KILLED = 0, 1, -signal.SIGKILL


def test_the_corpus_is_big_enough_to_fork() -> None:
    assert parallel.PARALLEL_MIN < CORPUS_N


def _serial(project: Path) -> Any:
    """What one process makes of ``project``: BRIEFING_JOBS=1, no cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFING_JOBS", "1")
        try:
            out = generate(project / "content", project)
        except ContentErrors as exc:
            return [str(e) for e in exc.errors]
    return {"pages": out.pages, "blocks": out.blocks, "files": out.files}


def _forked(project: Path, folder: Path, *fail: str) -> tuple[Any, list[tuple[int, int]]]:
    """What a fresh process makes of ``project`` with the cache in ``folder/cache`` (cold
    if ``folder`` is new), and its forks."""
    folder.mkdir(exist_ok=True)
    out = folder / "out.pickle"
    result, forks = forked(
        "generate", str(project), str(folder / "cache"), str(out),
        cwd=folder, log=folder / "forks.json", fail=fail,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr  # a failing child leaves quietly, by os._exit
    return pickle.loads(out.read_bytes()), forks


@pytest.fixture(scope="module")
def serial(corpus_project: Path) -> Any:
    return _serial(corpus_project)


def test_a_user_build_of_the_corpus_forks_twice(
    corpus_build: tuple[Path, list[tuple[int, int]]],
) -> None:
    """``mkdocs build`` of the corpus (``conftest.corpus_build``): one child loads entries
    (those this process does not), one renders the feeds and data files then article
    pages, and both succeed (two processes at a time on two cores, not three)."""
    site, forks = corpus_build
    assert [status for _, status in forks] == [OK, OK]
    # every article page, whichever process rendered it, and the listing of them all
    assert len(list((site / "articles").glob("*/index.html"))) == CORPUS_N
    assert (site / "regions" / "world" / "index.html").is_file()


@pytest.mark.parametrize(
    ("fail", "statuses"),
    [
        ((), [OK, OK]),
        (("raise", "kill"), [RAISED, KILLED]),
        (("kill", "raise"), [KILLED, RAISED]),
    ],
    ids=["children-succeed", "children-fail", "children-fail-otherwise"],
)
def test_two_processes_give_exactly_what_one_gives(
    corpus_project: Path, serial: Any, tmp_path: Path, fail: tuple[str, ...], statuses: list[int]
) -> None:
    """Every page, HTML block and feed or data file, byte for byte. A child that fails
    (the loader raises or is killed, the renderer of files and articles is killed or
    raises, after doing their share of the work) changes nothing: the work is done again
    here."""
    result, forks = _forked(corpus_project, tmp_path / "run", *fail)
    assert [status for _, status in forks] == statuses
    assert sorted(result) == ["blocks", "files", "pages"]
    assert len(result["pages"]) == len(serial["pages"]) > CORPUS_N
    assert result == serial


def test_a_broken_entry_loaded_by_the_child_gets_the_messages_of_one_process(
    corpus_project: Path, tmp_path: Path
) -> None:
    project = tmp_path / "p"
    shutil.copytree(corpus_project / "content", project / "content")
    # cache.py: of the changed files (all, cold), the child loads from the first on while
    # this process reads the taxonomy and compiles the templates, then from the last back
    entry = content_files(project / "content", project).files[0][0]
    entry.write_text(entry.read_text("utf-8").replace("killed: ", "killed: many", 1), "utf-8")
    alone = _serial(project)
    assert isinstance(alone, list) and alone[0].startswith(
        f"{entry.relative_to(project).as_posix()}:"
    )
    assert "casualties[0].killed: must be a whole number" in alone[0]
    messages, forks = _forked(project, tmp_path / "run")
    assert [status for _, status in forks] == [OK]  # loaded, found broken, reported here
    assert messages == alone


def test_a_broken_taxonomy_read_while_the_child_loads_gets_the_messages_of_one_process(
    corpus_project: Path, tmp_path: Path
) -> None:
    """The child starts loading entries before the taxonomy is read (cache.py); a
    taxonomy with problems stops it and gives exactly the messages of one process."""
    project = tmp_path / "p"
    shutil.copytree(corpus_project / "content", project / "content")
    taxonomy = project / "content" / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text("utf-8") + "bogus: 1\n", "utf-8")
    alone = _serial(project)
    assert isinstance(alone, list) and any("bogus: unknown field" in m for m in alone)
    messages, forks = _forked(project, tmp_path / "run")
    # stopped, its work of no use (it cannot end by itself first: the taxonomy is read as
    # soon as it starts, and its share is half the corpus)
    assert [status for _, status in forks] == [KILLED]
    assert messages == alone


def _tables(cache: Path) -> dict[str, Any]:
    return {
        name: pickle.loads((cache / f"{name}.pickle").read_bytes())
        for name in ("pages", "files", "pieces")  # (pieces: what is made of one entry)
    }


def test_the_cache_a_forked_build_saves_is_the_one_of_one_process(
    corpus_project: Path, serial: Any, tmp_path: Path
) -> None:
    """The feeds and data files are rendered in the child that renders article pages,
    whose cache is a copy: what it made (cold) and what it found made before (here: every
    file, with the article pages to render again) must reach the cache this process
    saves, or the next build would render them again."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFING_JOBS", "1")
        alone = Cache.open(tmp_path / "alone")
        generate(corpus_project / "content", corpus_project, cache=alone)
        alone.save()
    kept = _tables(tmp_path / "alone")
    # (the index of the yearly data files is made each time: a few lines, not cached; a
    # year's file is kept as its compressed parts, joined each time)
    made = [
        v
        for k, v in serial["files"].items()
        if k.startswith(("feeds/", "data/")) and k != ARTICLES_INDEX and not k.endswith(".gz")
    ]
    assert len(made) > 20 and all(v in kept["files"].values() for v in made)
    parts = [v for v in kept["files"].values() if isinstance(v, tuple) and len(v) == 3]
    years = [k for k in serial["files"] if k.endswith(".json.gz")]
    assert years and len(parts) >= len(years) and all(isinstance(v[0], bytes) for v in parts)
    result, forks = _forked(corpus_project, tmp_path / "run")
    assert [status for _, status in forks] == [OK, OK]
    assert _tables(tmp_path / "run" / "cache") == kept
    (tmp_path / "run" / "cache" / "pages.pickle").unlink()  # every article page to render
    result, forks = _forked(corpus_project, tmp_path / "run")
    assert [status for _, status in forks] == [OK]  # (the entries were all cached)
    assert result == serial
    assert _tables(tmp_path / "run" / "cache") == kept


def test_a_job_is_freed_once_its_result_is_taken() -> None:
    """A job's ``meanwhile`` may hold the job (to poll it): the cycle would keep every
    value the child sent alive until a collection, and a build freezes what it made
    (``gc.freeze``), so for good: 300 MB more at the peak of a 10,000-entry build."""

    def polling() -> parallel.Job[list[int]]:
        def meanwhile() -> None:
            job.poll()

        job: parallel.Job[list[int]] = parallel.Job(
            lambda: iter([1, 2]), fork=False, meanwhile=meanwhile
        )
        return job

    gc.disable()
    try:
        job = polling()
        assert job.result() == [1, 2]
        gone = weakref.ref(job)
        del job
        assert gone() is None  # freed by its count alone, no collection needed
    finally:
        gc.enable()
