"""A dirty build updates the site in place (``generator/mkdocs_adapter/inplace.py``): what
it promises when something goes wrong.

- A dirty build that fails (a plugin's error, after every page was written) leaves
  ``site/`` byte for byte as it was, and nothing beside it.
- A dirty build whose commit stops midway (the disk full after the first file moved in)
  says so in one line, leaves no record of the build, and the next ``--dirty`` build
  builds every page and gives exactly the site a clean build gives.

Entries are fictional (tests/fictional.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import child_env, mkdocs_build
from fictional import fictional_entry, fictional_project
from snapshots import site_snapshot

STAYS = fictional_entry(1)
GOES = fictional_entry(120, headline="Fictional ferry strike in Erewhon")
#: Run as ``python -c``: ``mkdocs build --dirty`` with a failure put in (``BREAK``).
DIRTY_BUILD = """
import sys
from mkdocs.__main__ import cli
from generator.mkdocs_adapter import inplace, plugin
BREAK
sys.argv = ["mkdocs", "build", "--dirty", "--site-dir", sys.argv[1]]
cli()
"""
#: The commit fails after one file moved in.
STOPPED_COMMIT = """
real, moved = inplace._move, []
def _move(source, target):
    if moved:
        raise OSError(28, "No space left on device")
    moved.append(target)
    real(source, target)
inplace._move = _move
"""
#: A plugin fails after every page was written.
FAILED_BUILD = """
from mkdocs.exceptions import PluginError
post_build = plugin.BriefingPlugin.on_post_build
def on_post_build(self, *, config):
    post_build(self, config=config)
    raise PluginError("a plugin failed after every page was written")
plugin.BriefingPlugin.on_post_build = on_post_build
"""


def _project(tmp_path: Path) -> Path:
    return fictional_project(tmp_path / "project", [STAYS, GOES])


def _dirty(project: Path, code: str = "") -> subprocess.CompletedProcess[str]:
    site = str(project / "site")
    code = code and DIRTY_BUILD.replace("BREAK", code)
    cmd = ["-c", code, site] if code else ["-m", "mkdocs", "build", "--dirty", "--site-dir", site]
    return subprocess.run(
        [sys.executable, *cmd],
        cwd=project,
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )


def _beside_site(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


def test_a_failed_dirty_build_leaves_the_site_byte_for_byte(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert mkdocs_build(project, project / "site").returncode == 0
    before = site_snapshot(project / "site")
    (project / "content/articles/fictional" / f"{GOES['id']}.yaml").unlink()  # pages change
    result = _dirty(project, code=FAILED_BUILD)
    assert result.returncode != 0
    assert site_snapshot(project / "site") == before
    assert "--dirty: reusing the site" in result.stderr  # (it did start from the site)
    assert "a plugin failed after every page was written" in result.stderr
    assert f"Build failed: {project / 'site'} was not changed" in result.stderr
    assert _beside_site(project) == []


def test_a_commit_stopped_midway_is_followed_by_a_whole_build(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert mkdocs_build(project, project / "site").returncode == 0
    (project / "content/articles/fictional" / f"{GOES['id']}.yaml").unlink()
    record = project / ".cache" / "briefing" / "site.json"
    assert record.is_file()

    stopped = _dirty(project, code=STOPPED_COMMIT)
    assert stopped.returncode != 0
    assert "--dirty: reusing the site" in stopped.stderr
    errors = [line for line in stopped.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        f"ERROR   -  could not update {project / 'site'} in place (No space left on device): "
        "it is partly updated, and the next build builds every page again"
    ]
    assert "Aborted: the site was updated only in part" in stopped.stdout + stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert not record.exists()  # no record describes the half-updated site
    assert (project / "site" / "articles" / GOES["id"]).is_dir()  # (not removed yet)
    assert _beside_site(project) == []

    again = _dirty(project)
    assert again.returncode == 0, again.stderr
    assert "--dirty: no record of the last build in the cache: every page is built" in (
        again.stderr
    )
    clean = tmp_path / "clean"
    assert mkdocs_build(project, clean).returncode == 0
    dirty, fresh = site_snapshot(project / "site"), site_snapshot(clean)
    assert sorted(dirty) == sorted(fresh)
    assert [name for name in sorted(fresh) if dirty[name] != fresh[name]] == []
    assert record.is_file() and os.path.getsize(record) > 0


def test_a_dirty_build_leaves_in_place_the_files_it_wrote_again_unchanged(
    tmp_path: Path,
) -> None:
    """Pagefind writes again every file of a shard it indexes again, most of them the
    same bytes (the fragments of the pages that did not change): those stay as they are
    in the site (the same file), only the changed ones are moved in; and the site is
    the one a clean build makes. Material's templates are compiled once, kept in the
    cache for the next build."""
    project = _project(tmp_path)
    assert mkdocs_build(project, project / "site").returncode == 0
    site = project / "site"
    before = {p: p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    compiled = project / ".cache" / "briefing" / "theme-compiled"  # Material's, for the next
    templates = {p.name: p.stat().st_mtime_ns for p in compiled.iterdir()}
    entry = project / "content/articles/fictional" / f"{GOES['id']}.yaml"
    entry.write_text(entry.read_text("utf-8").replace("ferry strike", "ferry blockade"), "utf-8")
    result = _dirty(project)
    assert result.returncode == 0, result.stderr
    assert "search: 1 of 1 shards indexed again" in result.stderr
    fragments = {p for p in before if p.parent.name == "fragment"}
    kept = {p for p in fragments if p.is_file() and p.stat().st_ino == before[p]}
    assert len(fragments) > 2 and len(kept) == len(fragments) - 1  # the edited page's went
    page = site / "articles" / GOES["id"] / "index.html"
    assert page.stat().st_ino != before[page] and "ferry blockade" in page.read_text("utf-8")
    assert len(templates) > 10  # read, not compiled and written again
    assert {p.name: p.stat().st_mtime_ns for p in compiled.iterdir()} == templates
    clean = tmp_path / "clean"
    assert mkdocs_build(project, clean).returncode == 0
    dirty, fresh = site_snapshot(site), site_snapshot(clean)
    assert sorted(dirty) == sorted(fresh)
    assert [name for name in sorted(fresh) if dirty[name] != fresh[name]] == []
