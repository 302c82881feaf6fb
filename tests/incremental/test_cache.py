"""The content-hash cache never changes what is built, and `mkdocs serve --dirty` previews."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, load_corpus_module, mkdocs_serve

from generator.build import Output, generate
from generator.errors import ContentErrors
from generator.incremental.cache import CODE_FILE, Cache, code_files


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return load_corpus_module().write_corpus(12, tmp_path / "p", seed=9)


def _same(a: Output, b: Output) -> None:
    assert a.pages == b.pages
    assert a.blocks == b.blocks
    assert a.files == b.files


def _generate(project: Path, cache: Cache | None = None) -> Output:
    return generate(project / "content", project, cache=cache)


def _entry(project: Path, n: int = 0) -> Path:
    return sorted((project / "content" / "articles").rglob("*.yaml"))[n]


def test_a_warm_run_builds_exactly_what_a_cold_run_builds(project: Path) -> None:
    cold = _generate(project)
    first = Cache.open(project / ".cache")
    _same(_generate(project, first), cold)
    first.save()
    warm = Cache.open(project / ".cache")
    _same(_generate(project, warm), cold)
    assert warm.hits == 12 and warm.misses == 0  # every article page came from the cache


def test_an_edit_reaches_every_page_and_file_that_shows_it(project: Path) -> None:
    cache = Cache.open(project / ".cache")
    newest = _generate(project, cache).site.entries[0]
    cache.save()
    entry = project / newest.source
    text = entry.read_text("utf-8")
    entry.write_text(text.replace("\nheadline: ", "\nheadline: Edited ", 1), "utf-8")
    warm = _generate(project, Cache.open(project / ".cache"))
    cold = _generate(project)
    _same(warm, cold)
    eid = entry.stem
    assert "# Edited " in warm.pages[f"articles/{eid}.md"]
    shown = [p for p, t in warm.pages.items() if "Edited " in t]
    assert "regions/world.md" in shown and "index.md" in shown
    assert b"Edited " in warm.files["feeds/all.xml"]  # type: ignore[operator]


@pytest.mark.parametrize(
    "break_it",
    [
        lambda t: t.replace("killed: ", "killed: many", 1),  # a bad value in one file
        lambda t: t.replace("\nregions:\n- ", "\nregions:\n- nowhere-at-all\n- ", 1),
    ],
    ids=["bad-value", "unknown-region"],
)
def test_a_broken_entry_reports_the_same_errors_with_a_warm_cache(project: Path, break_it) -> None:
    cache = Cache.open(project / ".cache")
    _generate(project, cache)
    cache.save()
    entry = _entry(project, 3)
    entry.write_text(break_it(entry.read_text("utf-8")), "utf-8")
    with pytest.raises(ContentErrors) as cold:
        _generate(project)
    with pytest.raises(ContentErrors) as warm:
        _generate(project, Cache.open(project / ".cache"))
    assert [str(e) for e in warm.value.errors] == [str(e) for e in cold.value.errors]
    assert str(cold.value.errors[0]).startswith(f"{entry.relative_to(project).as_posix()}:")


def test_removing_a_related_story_is_an_error_even_when_cached(project: Path) -> None:
    cache = Cache.open(project / ".cache")
    out = _generate(project, cache)
    cache.save()
    target = next(
        rel.id for e in out.site.entries for rel in e.article.related if rel.id is not None
    )
    next((project / "content" / "articles").rglob(f"{target}.yaml")).unlink()
    with pytest.raises(ContentErrors) as warm:
        _generate(project, Cache.open(project / ".cache"))
    assert f"no entry has the id {target!r}" in str(warm.value.errors[0])


def test_dirty_serve_shows_an_edit_on_the_article_and_its_listings(project: Path) -> None:
    entry = _entry(project, 5)
    article = f"articles/{entry.stem}/"
    with mkdocs_serve(project, "--dirty", stop=signal.SIGINT) as serve:  # Ctrl+C to stop
        assert "<h1" in serve.page(article)
        text = entry.read_text("utf-8")
        serve.edit(entry, text.replace("\nheadline: ", "\nheadline: Zwirbel ", 1))
        assert "Zwirbel" in serve.page(article)
        assert "Zwirbel" in serve.page("regions/world/")
        assert "Zwirbel" in serve.page()


def test_dirty_serve_saves_its_cache_when_stopped_with_ctrl_c(project: Path) -> None:
    entry = _entry(project, 5)
    with mkdocs_serve(project, "--dirty", stop=signal.SIGINT) as serve:  # Ctrl+C to stop
        text = entry.read_text("utf-8")
        serve.edit(entry, text.replace("\nheadline: ", "\nheadline: Zwirbel ", 1))
        assert "Zwirbel" in serve.page(f"articles/{entry.stem}/")
    saved = project / ".cache" / "briefing" / "entries.pickle"  # saved on shutdown
    assert saved.is_file(), f"exit {serve.proc.returncode}:\n{serve.tail()}"


def test_the_cache_key_covers_every_module_template_and_asset_in_every_room() -> None:
    """Cached work is keyed by the generator's own files, so an edit to any of them (a
    module in content/, a template in render/templates/, the site's script, the maps'
    boundary file, which validation and the maps' views read) makes it stale.
    The generator lives in sub-packages and cache.py in one of them: the files it hashes
    must still be all of them, not only its own folder's."""
    package = ROOT / "generator"
    wanted = {
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix in (".py", ".jinja", ".js", ".css", ".json")
    }
    hashed = {p.resolve().relative_to(package.resolve()).as_posix() for p in code_files()}
    assert hashed == wanted
    for room in ("content/", "render/templates/", "incremental/", "mkdocs_adapter/", "assets/"):
        assert any(name.startswith(room) for name in hashed), room
    assert "build.py" in hashed and "assets/geo/geo.json" in hashed


def test_a_damaged_cache_file_makes_a_cold_run_not_a_wrong_one(project: Path) -> None:
    cache = Cache.open(project / ".cache")
    cold = _generate(project, cache)
    cache.save()
    for name in ("entries.pickle", "pages.pickle", "files.pickle"):
        (project / ".cache" / name).write_bytes(b"not a cache" * 1000)
    damaged = Cache.open(project / ".cache")
    _same(_generate(project, damaged), cold)
    assert damaged.hits == 0 and damaged.misses == 12
    damaged.save()  # written anew
    warm = Cache.open(project / ".cache")
    _same(_generate(project, warm), cold)
    assert warm.hits == 12


def test_one_cache_over_many_runs_sees_every_edit(project: Path) -> None:
    """``mkdocs serve`` keeps one cache across rebuilds, which knows a file by its times
    once read: an edit that keeps the file's size and puts its modification time back
    is still seen (its inode change time moved), and every run equals a cold one."""
    cache = Cache.open(project / ".cache")
    entry = _entry(project, -1)
    text = entry.read_text("utf-8")
    time.sleep(1.1)  # (ctime cannot be set back: let the files age past the racy window)
    _generate(project, cache)
    old = entry.stat()
    at = text.index("\nheadline: ") + len("\nheadline: ")
    edited = text[:at] + "Zz" + text[at + 2 :]  # the same size
    assert len(edited.encode()) == old.st_size and edited != text
    entry.write_text(edited, "utf-8")
    os.utime(entry, ns=(old.st_atime_ns, old.st_mtime_ns))
    _same(_generate(project, cache), _generate(project))
    assert "Zz" in _generate(project, cache).pages[f"articles/{entry.stem}.md"]
    entry.write_text(text, "utf-8")
    _same(_generate(project, cache), _generate(project))
    # A figure: the rows kept per entry (casualties.csv, the regions' files) follow it.
    with_figure = next(p for p in _entries(project) if "  killed: " in p.read_text("utf-8"))
    before = with_figure.read_text("utf-8")
    killed = re.search(r"\n\s+killed: (\d+)", before)
    assert killed is not None
    figure = str(int(killed.group(1)) + 1)
    edited_figure = killed.group(0).replace(killed.group(1), figure)
    with_figure.write_text(before.replace(killed.group(0), edited_figure, 1), "utf-8")
    warm = _generate(project, cache)
    _same(warm, _generate(project))
    rows = str(warm.files["data/casualties.csv"]).splitlines()
    assert any(r.startswith(f"{with_figure.stem},") and f",{figure}," in r for r in rows)


def test_an_edit_after_an_undo_makes_the_rows_of_that_entry_only(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``mkdocs serve``: an edit undone gives back the data files of the run before it
    whole (nothing asks for the rows kept per entry); the next edit still makes only its
    own entry's rows, not every entry's again (10,000 rows at 10,000 entries)."""
    import generator.render.opendata as opendata

    made: list[str] = []
    real = opendata.entry_csv

    def counted(entry: Any, *args: Any) -> str:
        made.append(entry.id)
        return real(entry, *args)

    monkeypatch.setattr(opendata, "entry_csv", counted)
    cache = Cache.open(project / ".cache")
    entry = _entry(project, -1)
    text = entry.read_text("utf-8")
    _generate(project, cache)
    for headline in ("Zwirbel ", "", "Quarg "):  # an edit, its undo, another edit
        entry.write_text(text.replace("\nheadline: ", f"\nheadline: {headline}", 1), "utf-8")
        time.sleep(1.1)  # (past the racy window: the file is known by its times)
        made.clear()
        warm = _generate(project, cache)
    assert made == [entry.stem]
    _same(warm, _generate(project))


def test_a_build_from_the_saved_cache_makes_the_pieces_of_the_changed_entry_only(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``mkdocs build``: each build opens the cache from disk. What is made of one entry
    alone (its CSV rows; its casualty figures by month and its risks graded, for the
    region, theme and home pages) is saved with it, so an edited entry has its own made
    again and no other entry's (at 10,000, every entry's: ~2 s, most of it unpickling).
    An edited headline changes no chart (they are kept by their entries' figures), so
    only its CSV rows are made; an edited figure makes its counts and grades again too."""
    import generator.render.charts as charts
    import generator.render.opendata as opendata

    made: list[tuple[str, str]] = []
    real_csv, real_counts, real_grades = (
        opendata.entry_csv,
        charts.casualty_counts,
        charts.risk_grades,
    )

    def csv_counted(entry: Any, *args: Any) -> str:
        made.append(("csv", entry.id))
        return real_csv(entry, *args)

    def counts_counted(entry: Any) -> Any:
        made.append(("counts", entry.id))
        return real_counts(entry)

    def grades_counted(entry: Any) -> Any:
        made.append(("grades", entry.id))
        return real_grades(entry)

    monkeypatch.setattr(opendata, "entry_csv", csv_counted)
    monkeypatch.setattr(charts, "risk_grades", grades_counted)
    monkeypatch.setattr(charts, "casualty_counts", counts_counted)
    first = Cache.open(project / ".cache")
    _generate(project, first)
    first.save()
    assert {kind for kind, _ in made} == {"csv", "counts", "grades"}
    assert len(made) == 3 * 12  # (every entry's)
    entry = _entry(project, 3)
    text = entry.read_text("utf-8")
    entry.write_text(text.replace("\nheadline: ", "\nheadline: Zwirbel ", 1), "utf-8")
    made.clear()
    warm = Cache.open(project / ".cache")
    output = _generate(project, warm)
    assert made == [("csv", entry.stem)]
    warm.save()
    _same(output, _generate(project))
    figures = re.sub(r"\n  killed: (\d+)", lambda m: f"\n  killed: {int(m[1]) + 1}", text)
    entry.write_text(figures, "utf-8")
    made.clear()
    warm = _generate(project, Cache.open(project / ".cache"))
    assert sorted(made) == [("counts", entry.stem), ("csv", entry.stem), ("grades", entry.stem)]
    _same(warm, _generate(project))


def _entries(project: Path) -> list[Path]:
    return sorted((project / "content" / "articles").rglob("*.yaml"))


def test_a_cache_saved_by_other_code_is_not_read(project: Path) -> None:
    """After an upgrade none of the old rows' keys can match (each hashes the code), so
    the old tables are not even read: at 10,000 entries they are hundreds of MB, held to
    the end of the build for nothing. The run then saves its own."""
    first = Cache.open(project / ".cache")
    cold = _generate(project, first)
    first.save()
    assert Cache.open(project / ".cache").entries  # the same code reads them
    (project / ".cache" / CODE_FILE).write_text("another version of the code", "utf-8")
    other = Cache.open(project / ".cache")
    assert (other.entries, other.pages, other.files) == ({}, {}, {})
    _same(_generate(project, other), cold)
    other.save()
    again = Cache.open(project / ".cache")
    _same(_generate(project, again), cold)
    assert again.hits == 12 and again.misses == 0
