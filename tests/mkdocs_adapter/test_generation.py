"""One run of the pipeline per MkDocs build (``generation.py``): a build stops on content
errors with every one listed; ``mkdocs serve`` keeps the last good pages (or a placeholder)
and the errors to show on them; the cache is saved after a build, or once when serve stops.
"""

from __future__ import annotations

import functools
import gc
import subprocess
import sys
from pathlib import Path

import pytest
from fictional import fictional_content, fictional_entry
from mkdocs.exceptions import PluginError

from generator.build import LISTED, generate
from generator.mkdocs_adapter.generation import Generations

BROKEN_AT = "content/articles/fictional/fictional-erewhon-001.yaml:1:"


def _content(tmp_path: Path, *, broken: bool = False) -> Path:
    entry = fictional_entry(1, date="2030-02-30" if broken else "2030-02-03")
    return fictional_content(tmp_path, [entry], keep_real=False)


def _pipeline(content: Path) -> functools.partial[object]:
    return functools.partial(generate, content, content.parent)


def test_a_build_stops_on_content_errors_naming_each(tmp_path: Path) -> None:
    runs = Generations(serving=False)
    with pytest.raises(PluginError) as caught:
        runs.run(_pipeline(_content(tmp_path, broken=True)))
    message = str(caught.value)
    assert message.startswith("content errors, nothing was built:\n")
    assert BROKEN_AT in message and "date:" in message
    assert runs.output is None


def test_a_bad_build_day_stops_the_build_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(PluginError, match="SOURCE_DATE_EPOCH must be a whole number"):
        Generations(serving=False).run(_pipeline(_content(tmp_path)))


def test_serve_keeps_the_last_good_pages_while_an_edit_is_broken(tmp_path: Path) -> None:
    content = _content(tmp_path)
    runs = Generations(serving=True)
    runs.run(_pipeline(content))
    good = runs.output
    assert good is not None and runs.errors == ()
    page = "articles/fictional-erewhon-001.md"
    assert "Fictional test entry 1" in good.pages[page]

    entry = content / "articles/fictional/fictional-erewhon-001.yaml"
    entry.write_text(entry.read_text("utf-8").replace("2030-02-03", "2030-02-30"), "utf-8")
    runs.run(_pipeline(content))
    assert runs.output is good  # the last good pages, still served
    assert [str(e).startswith(BROKEN_AT) for e in runs.errors] == [True]
    assert runs.before() is None  # the errors on every page changed: every page did

    entry.write_text(entry.read_text("utf-8").replace("2030-02-30", "2030-02-04"), "utf-8")
    runs.run(_pipeline(content))
    assert runs.errors == () and runs.output is not good
    assert "February 4, 2030" in runs.output.pages[page]


def test_serve_started_on_broken_content_serves_a_placeholder(tmp_path: Path) -> None:
    runs = Generations(serving=True)
    runs.run(_pipeline(_content(tmp_path, broken=True)))
    assert runs.output is not None
    assert sorted(runs.output.pages) == sorted(LISTED)
    assert all("# Not built yet" in text for text in runs.output.pages.values())
    assert runs.errors and str(runs.errors[0]).startswith(BROKEN_AT)


def test_a_build_saves_the_cache_and_serve_saves_it_when_it_stops(tmp_path: Path) -> None:
    content = _content(tmp_path)
    built = Generations(serving=False, cache_dir=tmp_path / "built")
    built.run(_pipeline(content))
    assert (tmp_path / "built" / "pages.pickle").is_file()
    assert built.cache is None  # its tables are big; the next build opens it again

    served = Generations(serving=True, cache_dir=tmp_path / "served")
    served.run(_pipeline(content))
    served.run(_pipeline(content))
    assert not (tmp_path / "served").exists()  # not after each rebuild
    served.shutdown()
    assert (tmp_path / "served" / "pages.pickle").is_file()


def test_a_failed_build_does_not_save_the_cache(tmp_path: Path) -> None:
    good, broken = fictional_entry(0), fictional_entry(1, date="2030-02-30")
    content = fictional_content(tmp_path, [good, broken], keep_real=False)
    runs = Generations(serving=False, cache_dir=tmp_path / "cache")
    with pytest.raises(PluginError):
        runs.run(_pipeline(content))  # the good entry was loaded and cached meanwhile
    runs.shutdown()
    assert not (tmp_path / "cache").exists()


#: A process that keeps a reference cycle to its end, whose finaliser says when Python
#: collects it; then (``command``) what ``mkdocs build`` does first: the plugin's start.
_EXIT = """
import atexit, gc, os, sys
atexit.register(lambda w=os.write: w(1, b"frozen %d\\n" % gc.get_freeze_count()))
class Cycle:
    def __del__(self, write=os.write):
        write(1, b"collected\\n")
cycle = Cycle(); cycle.me = cycle
if sys.argv[1] == "command":
    from generator.mkdocs_adapter.plugin import BriefingPlugin
    BriefingPlugin().on_startup(command="build", dirty=False)
"""


@pytest.mark.parametrize("run", ["command", "library"])
def test_the_mkdocs_command_leaves_its_memory_to_the_system_at_exit(run: str) -> None:
    # A 10,000-entry dirty build spent ~3 s after writing the site in Python's last
    # collections (freeing its objects one by one); the command skips them, a build run
    # from Python (no on_startup) does not.
    out = subprocess.run(
        [sys.executable, "-c", _EXIT, run],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    ).stdout.split()
    if run == "command":
        assert out[:1] == ["frozen"] and int(out[1]) > 0 and "collected" not in out
    else:
        assert out == ["frozen", "0", "collected"]


@pytest.mark.parametrize("once", [True, False])
def test_the_output_of_a_build_command_is_left_out_of_later_collections(
    tmp_path: Path, once: bool
) -> None:
    # `mkdocs build` keeps its one output to its end: each automatic collection while
    # MkDocs wrote the pages walked it again (~1 s of a dirty build at 10,000 entries).
    # Elsewhere (serve's rebuilds, a build run from Python) it stays collectable.
    for serving in (False, True):
        runs = Generations(serving=serving, once=once)
        try:
            runs.run(_pipeline(_content(tmp_path / str(serving))))
            tracked = {id(o) for o in gc.get_objects()}  # (frozen objects are not listed)
        finally:
            gc.unfreeze()
        assert runs.output is not None
        assert (id(runs.output) in tracked) is (serving or not once)
