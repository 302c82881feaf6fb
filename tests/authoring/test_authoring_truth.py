"""The authoring commands tell the truth: ``briefing new`` never starts an entry whose id
another entry has, in any year, and says so when a headline has nothing to make an id of;
``briefing import -o FILE`` names the entry after its file (or refuses an ``--id`` that
disagrees), so what it writes never fails validation for a reason it chose; and
``briefing --help`` is written for the people who run it. Fictional places only."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_ID, SEED_TEXT, copy_project, run_briefing
from fictional import fictional_content

from generator import cli, cli_help

FLAGS = ("--date", "2031-03-03", "--region", "erewhon", "--theme", "humanitarian")


def briefing(cwd: Path, *args: str, stdin: Any = subprocess.DEVNULL) -> Any:
    return run_briefing(*args, cwd=cwd, stdin=stdin)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    fictional_content(tmp_path, [], keep_real=False)
    return tmp_path


def _files(project: Path) -> list[str]:
    return sorted(p.relative_to(project).as_posix() for p in project.rglob("*.yaml"))


def test_new_refuses_an_id_another_year_uses_even_with_force(project: Path) -> None:
    first = briefing(project, "new", "--headline", "Floods cut off Erewhon", *FLAGS)
    assert first.returncode == 0, first.stderr
    before = _files(project)
    for force in ((), ("--force",)):
        again = briefing(
            project, "new", "--headline", "Floods cut off Erewhon", *FLAGS[2:],
            "--date", "2032-01-05", *force,
        )  # fmt: skip
        assert (again.returncode, again.stdout) == (1, "")
        assert again.stderr == (
            "briefing: error: the id 'floods-cut-off-erewhon' is already used by "
            "content/articles/2031/floods-cut-off-erewhon.yaml (an id names one entry in all "
            "years): choose another with --id\n"
        )
        assert _files(project) == before


def test_new_replaces_its_own_file_with_force(project: Path) -> None:
    briefing(project, "new", "--headline", "Floods cut off Erewhon", *FLAGS)
    again = briefing(project, "new", "--headline", "Floods cut off Erewhon", *FLAGS, "--force")
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("headline", ["¿¡!!", "洪水切断了山谷", "— … —"])
def test_new_says_when_a_headline_has_nothing_to_make_an_id_of(
    project: Path, headline: str
) -> None:
    result = briefing(project, "new", "--headline", headline, *FLAGS)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"briefing: error: the headline {headline!r} has no letter or digit an id can be "
        "made of (a-z, 0-9): pass --id, e.g. --id my-entry\n"
    )
    assert _files(project) == ["content/taxonomy.yaml"]


@pytest.fixture
def seedless(tmp_path: Path) -> Path:
    """A copy of the project without the seed's entry (so its headline is new)."""
    copy_project(tmp_path)
    (tmp_path / "content" / "articles" / "2026" / f"{SEED_ID}.yaml").unlink()
    return tmp_path


def test_import_to_a_file_names_the_entry_after_it_and_it_validates(seedless: Path) -> None:
    target = "content/articles/2026/imported.yaml"
    result = briefing(seedless, "import", str(SEED_TEXT), "-o", target)
    assert result.returncode == 0, result.stderr
    assert "not valid yet" not in result.stderr and "next: save it" not in result.stderr
    assert (seedless / target).read_text("utf-8").count("\nid: imported\n") == 1
    check = briefing(seedless, "validate", target)
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "ok: 1 file checked\n")


@pytest.mark.parametrize(
    ("out", "extra", "message"),
    [
        (
            "content/articles/2026/imported.yaml",
            ("--id", "other"),
            "--id 'other' disagrees with -o content/articles/2026/imported.yaml: an entry's "
            "file is named after its id; leave out --id, or write to "
            "content/articles/2026/other.yaml",
        ),
        (
            "content/articles/2026/My Import.yaml",
            (),
            "-o content/articles/2026/My Import.yaml: an entry's file is named after its id, "
            "which is lowercase letters, digits and single hyphens: rename it, e.g. "
            "my-entry.yaml",
        ),
        ("content/articles/2026/imported.txt", (), "-o content/articles/2026/imported.txt: "
         "an entry file's name ends in .yaml"),
    ],
)  # fmt: skip
def test_import_refuses_a_file_name_that_cannot_be_the_id(
    seedless: Path, out: str, extra: tuple[str, ...], message: str
) -> None:
    before = sorted(p.name for p in seedless.rglob("*") if p.is_file())
    result = briefing(seedless, "import", str(SEED_TEXT), "-o", out, *extra)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"briefing: error: {message}\n",
    )
    assert sorted(p.name for p in seedless.rglob("*") if p.is_file()) == before


def test_import_never_writes_an_id_another_entry_uses(tmp_path: Path) -> None:
    project = copy_project(tmp_path)  # the seed is there, so its headline keeps its id
    result = briefing(project, "import", str(SEED_TEXT), "-o", "content/articles/2027/")
    assert (result.returncode, result.stdout) == (1, "")
    seed = f"content/articles/2026/{SEED_ID}.yaml"
    assert result.stderr.splitlines()[-1] == (
        f"briefing: error: the id '{SEED_ID}' is already used by {seed} (an id names one "
        f"entry in all years): to replace that entry, pass -o {seed} --force; for a new "
        "one, pass --id, or -o a file named after another id"
    )
    assert not (project / "content/articles/2027").exists()


COMMANDS = ["validate", "schema", "new", "import", "reference", "export-markdown"]


def test_help_is_written_for_the_people_who_run_it() -> None:
    top = briefing(Path.cwd(), "--help")
    assert top.returncode == 0
    assert top.stdout.startswith("usage: briefing ")
    assert "Write and check the entries of the regional risk briefing" in top.stdout
    for name in COMMANDS:
        summary = " ".join(cli_help.COMMANDS[name].summary.split())
        assert summary in " ".join(top.stdout.split()), name
    # nothing written for programmers: no docstring, no reST markup
    docs = [cli.__doc__, *(f.__doc__ for f in (cli.cmd_validate, cli.cmd_schema))]
    for text in [top.stdout, *(briefing(Path.cwd(), n, "--help").stdout for n in COMMANDS)]:
        assert "``" not in text and ":func:" not in text
        assert not any(d and d.strip().splitlines()[0] in text for d in docs)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_says_what_it_does_with_examples(name: str) -> None:
    result = briefing(Path.cwd(), name, "--help")
    assert result.returncode == 0
    assert cli_help.COMMANDS[name].description.splitlines()[0] in result.stdout
    examples = result.stdout.split("Examples:\n", 1)[1].split("\n\n")[0].splitlines()
    assert examples and all(line.lstrip().startswith(("briefing ", "--")) for line in examples)


def test_import_to_stdout_says_when_its_id_is_taken(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = briefing(project, "import", str(SEED_TEXT), "--id", "rafah-crossing-reopens-on-foot")
    assert result.returncode == 0, result.stderr
    assert (
        "note: the id 'rafah-crossing-reopens-on-foot' is already used by "
        "content/articles/2026/rafah-crossing-reopens-on-foot.yaml"
    ) in result.stderr.splitlines()
