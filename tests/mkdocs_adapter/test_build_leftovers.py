"""Builds leave nothing behind and nothing stale.

- ``mkdocs build --dirty`` after an entry is deleted or renamed gives the site a clean
  build gives: no page, feed item, data row or search record of the entry as it was.
- A build that is killed leaves its staging folder beside ``site/``; the next build
  removes it. After any build, nothing it made stays beside ``site/`` but ``.cache/``.
- A ``site/`` (or a folder for it) that cannot be written, or an old site that cannot be
  moved aside, is one clear line, and ``site/`` is left as it was.

Entries are fictional (tests/fictional.py)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import mkdocs_build, search_records
from fictional import fictional_entry, fictional_project
from snapshots import site_snapshot

from generator.mkdocs_adapter.staging import Staging, StagingError

FIGURE = {
    "group": "civilians",
    "killed": 4,
    "reported_by": "Erewhon ferry office",
    "reported_on": "2030-05-01",
    "status": "official",
}
STAYS = fictional_entry(1)
#: Alone in its month (so it has an archive page), with a casualty figure (data rows).
GOES = fictional_entry(120, headline="Fictional ferry strike in Erewhon", casualties=[FIGURE])


def _project(tmp_path: Path) -> Path:
    return fictional_project(tmp_path / "project", [STAYS, GOES])


def _snapshot(site: Path) -> dict[str, bytes]:
    return site_snapshot(site)  # Pagefind's filter index as data: its order varies by run


def _build(project: Path) -> None:
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr


def _build_dirty(project: Path) -> str:
    """``mkdocs build --dirty`` (not --strict: MkDocs warns that a dirty build is one)."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "--site-dir", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def _traces(site: Path, words: tuple[str, ...]) -> list[str]:
    found = [
        name
        for name, data in _snapshot(site).items()
        if not name.startswith("pagefind/") and any(w.encode() in data for w in words)
    ]
    found += [url for url, r in search_records(site).items() if any(w in str(r) for w in words)]
    return sorted(found)


def _same_as_clean(project: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    result = mkdocs_build(project, clean)
    assert result.returncode == 0, result.stderr
    dirty, fresh = _snapshot(project / "site"), _snapshot(clean)
    assert sorted(dirty) == sorted(fresh)
    assert [name for name in sorted(fresh) if dirty[name] != fresh[name]] == []


def test_a_dirty_build_after_a_deletion_equals_a_clean_build(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _build(project)
    words = (GOES["id"], GOES["headline"], "Erewhon ferry office")
    assert _traces(project / "site", words)  # it was published: page, feeds, data, search
    (project / "content/articles/fictional" / f"{GOES['id']}.yaml").unlink()
    log = _build_dirty(project)
    assert (
        "--dirty: removed what is no longer built: archive/2030/05/index.html, "
        f"articles/{GOES['id']}/index.html"
    ) in log
    assert _traces(project / "site", words) == []
    assert not (project / "site/archive/2030/05").exists()
    _same_as_clean(project, tmp_path)


def test_a_dirty_build_after_a_rename_equals_a_clean_build(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _build(project)
    folder = project / "content/articles/fictional"
    old, new = folder / f"{GOES['id']}.yaml", folder / "fictional-erewhon-renamed.yaml"
    old.rename(new)
    new.write_text(new.read_text("utf-8").replace(GOES["id"], new.stem), "utf-8")
    _build_dirty(project)
    assert _traces(project / "site", (GOES["id"],)) == []
    assert (project / "site/articles/fictional-erewhon-renamed/index.html").is_file()
    _same_as_clean(project, tmp_path)


def _beside_site(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir())


def test_the_next_build_removes_what_a_killed_build_left(tmp_path: Path) -> None:
    project = _project(tmp_path)
    before = _beside_site(project)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "site")],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    staged: list[Path] = []
    while not any(p.rglob("*.html") for p in staged):  # stopped while writing pages
        assert proc.poll() is None and time.monotonic() < deadline, "the build never started"
        staged = list(project.glob(".site.new-*"))
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert [p.name for p in staged] == [p.name for p in project.glob(".site.*")]
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert f"Removed {staged[0].name}, left beside the site by a build that was stopped" in (
        result.stderr
    )
    assert _beside_site(project) == sorted([*before, ".cache", "site"])


def test_a_build_beside_a_running_one_leaves_its_staging_folder_alone(tmp_path: Path) -> None:
    # A live process's folder is not a leftover: this test process stands in for it.
    site = tmp_path / "site"
    live = tmp_path / f".site.new-{os.getpid()}-abcd1234"
    live.mkdir()
    dead = tmp_path / ".site.new-2147483646-abcd1234"  # no process has this id
    dead.mkdir()
    stage = Staging(site)
    stage.discard()
    assert live.is_dir() and not dead.exists()
    assert stage.removed == [dead]


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` read-only, as a user meets it: ``chmod a-w``, or for root (whom modes do
    not stop) the immutable attribute, which stops root too."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: no way to make a folder read-only")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"running as root and chattr +i is refused here: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def _one_clear_line(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [f"ERROR   -  {message}"]


def test_a_read_only_folder_for_the_site_is_one_clear_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    assert mkdocs_build(project, out / "site").returncode == 0
    before = _snapshot(out / "site")
    with read_only(out):
        result = mkdocs_build(project, out / "site")
    why = "Permission denied" if os.geteuid() != 0 else "Operation not permitted"
    _one_clear_line(
        result,
        f"cannot write in {out} ({why}): the new site is built beside site/ and then "
        f"swapped in; nothing was built (make {out} writable, or build elsewhere with "
        "--site-dir)",
    )
    assert _snapshot(out / "site") == before
    assert sorted(p.name for p in out.iterdir()) == ["site"]


def test_a_read_only_site_is_one_clear_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    site = project / "site"
    _build(project)
    before = _snapshot(site)
    with read_only(site):
        result = mkdocs_build(project, site)
    _one_clear_line(
        result,
        f"{site} is read-only, so the new site cannot replace it; nothing was built (make "
        "it writable, or build elsewhere with --site-dir)",
    )
    assert _snapshot(site) == before
    assert not list(project.glob(".site.*"))


def test_an_old_site_that_cannot_be_moved_aside_is_reported_and_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("published", "utf-8")
    stage = Staging(site)
    (stage.path / "index.html").write_text("new", "utf-8")
    with read_only(tmp_path if os.geteuid() != 0 else site), pytest.raises(StagingError) as exc:
        stage.commit()
    why = "Permission denied" if os.geteuid() != 0 else "Operation not permitted"
    assert str(exc.value) == (
        f"could not move the old site aside to replace it ({why}): {site} was not changed "
        "and the new build was discarded"
    )
    assert (site / "index.html").read_text("utf-8") == "published"
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "site")
    assert leftovers == ([] if os.geteuid() == 0 else [stage.path.name])  # the next build's


def _as_a_user(work: Callable[[], None]) -> None:
    """Run ``work`` as a user whom file modes stop: this one, or, for root, ``nobody`` in
    a forked child (an exception there fails the test with its message)."""
    if os.geteuid() != 0:
        work()
        return
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read)
        message = b""
        try:
            os.setgid(65534)
            os.setuid(65534)
            work()
        except BaseException as exc:
            message = repr(exc).encode()
        os.write(write, message)
        os._exit(1 if message else 0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        message = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    assert status == 0, message


def test_an_old_site_with_read_only_folders_is_removed_whole() -> None:
    parent = Path(tempfile.mkdtemp(prefix="briefing-ro-"))  # (not under root's own tmp)
    try:
        parent.chmod(0o777)

        def work() -> None:
            site = parent / "site"
            (site / "assets").mkdir(parents=True)
            (site / "assets" / "x.css").write_text("old", "utf-8")
            (site / "assets").chmod(0o555)  # as a theme's files sometimes come
            stage = Staging(site)
            (stage.path / "index.html").write_text("new", "utf-8")
            assert stage.commit() is None
            assert sorted(p.name for p in parent.iterdir()) == ["site"], list(parent.iterdir())
            assert (site / "index.html").read_text("utf-8") == "new"

        _as_a_user(work)
    finally:
        subprocess.run(["rm", "-rf", str(parent)], check=False)


def test_a_cache_that_cannot_be_saved_only_makes_the_next_build_cold(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / ".cache").write_text("not a folder", "utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert f"could not save the build cache in {project / '.cache/briefing'}: " in result.stderr
    assert "Traceback" not in result.stderr
