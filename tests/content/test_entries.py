"""What lies under content/ that is not an entry, as an editor leaves it: lock files
(Emacs writes ``.#x.yaml``, a broken symbolic link), swap files, backups, a folder named
``x.yaml``, links to folders or to files elsewhere. ``briefing validate``, ``mkdocs build``
and ``mkdocs serve`` decide alike (``generator/content/entries.py``): hidden and backup files are
skipped; the rest is reported, one line each, never a traceback or a hang.
(Each report's exact wording is the ``not-an-entry`` fixture of test_validate_fixtures.py.)"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ID, copy_project, mkdocs_build, mkdocs_serve, run_briefing

from generator.build import generate, load_site
from generator.content.load import load_file
from generator.errors import ContentErrors

ARTICLES = "content/articles/2026"


def _leave_editor_files(folder: Path) -> None:
    """What editors leave beside an entry they have open (none of it an entry)."""
    (folder / f".#{SEED_ID}.yaml").symlink_to("editor@host.4242:1700000000")  # Emacs lock
    (folder / f".{SEED_ID}.yaml.swp").write_bytes(b"b0VIM 9.0\0")  # Vim swap
    (folder / f"{SEED_ID}.yaml~").write_text("id: stale backup\n", "utf-8")  # Emacs backup
    (folder / f"#{SEED_ID}.yaml#").write_text("id: auto save\n", "utf-8")  # Emacs auto-save
    hidden = folder / ".obsidian"
    hidden.mkdir()
    (hidden / "workspace.yaml").write_text("not: an entry\n", "utf-8")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def test_editor_files_are_skipped_by_validate_and_the_build(project: Path) -> None:
    before = run_briefing("validate", cwd=project)
    _leave_editor_files(project / ARTICLES)
    after = run_briefing("validate", cwd=project)
    assert (after.returncode, after.stdout, after.stderr) == (0, "", before.stderr)
    assert before.stderr.startswith("ok: ")
    site = load_site(project / "content", project)
    assert SEED_ID in site.by_id
    assert len(site.entries) == len(load_site(ROOT / "content", ROOT).entries)


def test_what_is_named_like_an_entry_but_is_not_one_fails_the_build_one_line_each(
    project: Path, tmp_path: Path
) -> None:
    folder = project / ARTICLES
    (folder / "folder.yaml").mkdir()
    (folder / "broken.yaml").symlink_to("missing.yaml")
    (folder / "elsewhere.yaml").symlink_to(ROOT / "content" / "taxonomy.yaml")
    os.mkfifo(folder / "pipe.yaml")  # opening it to read would block: it must not be read
    (project / "content/articles/linked").symlink_to("2026")
    expected = [
        f"{ARTICLES}/broken.yaml: a broken symbolic link (to 'missing.yaml'): remove it, "
        "or restore the file it points to [briefing.not-an-entry]",
        f"{ARTICLES}/elsewhere.yaml: a symbolic link to a file outside content/ "
        f"('{ROOT / 'content' / 'taxonomy.yaml'}'): copy the entry here instead, so it is "
        "checked and published from one place [briefing.not-an-entry]",
        f"{ARTICLES}/folder.yaml: a folder named like an entry file: entries are files; "
        "rename the folder [briefing.not-an-entry]",
        f"{ARTICLES}/pipe.yaml: not a regular file (a pipe, socket or device): remove it "
        "[briefing.not-an-entry]",
        "content/articles/linked: a symbolic link to a folder: the entries under it are not "
        "read; move the folder here instead [briefing.not-an-entry]",
    ]
    checked = run_briefing("validate", cwd=project, timeout=60)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == expected
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    reported = [line for line in built.stderr.splitlines() if "[briefing." in line]
    assert reported == expected
    assert not (tmp_path / "site").exists()


def test_a_link_to_an_entry_inside_content_is_read_as_an_entry(project: Path) -> None:
    folder = project / "content/articles/2027"
    folder.mkdir()
    (folder / f"{SEED_ID}.yaml").symlink_to(f"../2026/{SEED_ID}.yaml")
    result = run_briefing("validate", cwd=project)
    # read, and so refused as the second file with the seed's id (not as a non-entry)
    assert result.returncode == 1
    assert f"content/articles/2027/{SEED_ID}.yaml:" in result.stdout
    assert "[briefing.duplicate-id]" in result.stdout
    assert "not-an-entry" not in result.stdout


def test_a_file_that_cannot_be_read_is_a_content_error_not_a_traceback(tmp_path: Path) -> None:
    # (a folder given as a file: the same OSError path as a file without read permission,
    # which the tests, run as root in CI, cannot make)
    with pytest.raises(ContentErrors) as caught:
        load_file(tmp_path, "content/articles/x.yaml")
    assert [str(e) for e in caught.value.errors] == [
        "content/articles/x.yaml: cannot read the file (Is a directory) [briefing.read]"
    ]


def test_validate_on_a_folder_without_entries_says_it_found_none(project: Path) -> None:
    empty = project / "content/articles/2031"
    empty.mkdir()
    (empty / "notes.txt").write_text("ideas\n", "utf-8")
    (empty / ".#draft.yaml").symlink_to("editor@host.1:2")
    result = run_briefing("validate", "content/articles/2031", cwd=project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "briefing: error: content/articles/2031: no entries found here "
        "(entry files end in .yaml or .yml)\n"
    )


def test_generate_lists_the_same_pages_with_editor_files_present(project: Path) -> None:
    clean = generate(project / "content", project)
    _leave_editor_files(project / ARTICLES)
    assert generate(project / "content", project).pages == clean.pages


# ---- mkdocs serve ------------------------------------------------------------------------
_EPOCH = re.compile(r"livereload\((\d+),")


def _epoch(page: str) -> int:
    """The version of the site mkdocs serve is showing (it changes with each rebuild)."""
    match = _EPOCH.search(page)
    assert match, "no live-reload script in the page"
    return int(match.group(1))


def test_serve_with_a_lock_file_serves_ignores_editor_files_and_rebuilds_on_edits(
    project: Path,
) -> None:
    folder = project / ARTICLES
    _leave_editor_files(folder)  # present from the start: the first build must not trip
    with mkdocs_serve(project) as serve:
        path = f"articles/{SEED_ID}/"
        first = _epoch(serve.page(path))
        # The editor opens another entry: Emacs makes its lock file; Vim writes its swap
        # file as the editor types. Neither is an entry: no rebuild.
        other = "rafah-crossing-reopens-on-foot"
        (folder / f".#{other}.yaml").symlink_to("editor@host.4242:1700000001")
        swap = folder / f".{other}.yaml.swp"
        for n in range(3):
            swap.write_bytes(b"b0VIM 9.0\0" * (n + 1))
            time.sleep(1)
        time.sleep(2)  # mkdocs serve builds 0.5 s after the changes settle
        assert serve.rebuilds() == 0, "an editor's lock or swap file started a rebuild"
        assert _epoch(serve.page(path)) == first
        # A real edit, with the lock files still there, is built and shown.
        entry = folder / f"{SEED_ID}.yaml"
        text = entry.read_text("utf-8")
        serve.edit(entry, text.replace("section: World", "section: Worldwide", 1))
        page = serve.page(path)
        assert "Worldwide" in page
        assert _epoch(page) > first
