"""``briefing new``: a skeleton an analyst fills in; it validates once the required fields
are filled, never overwrites, and asks questions only in a terminal.

Entries are about the invented region of Erewhon (tests/fictional.py), never real places.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import run_briefing
from fictional import fictional_content

from generator.content.load import load_text
from generator.content.schema import ArticleIn, Risk

HEADLINE = "Floods Cut Off the Valley of Erewhon"
SLUG = "floods-cut-off-valley-erewhon"
FLAGS = ("--headline", HEADLINE, "--date", "2031-03-03", "--region", "erewhon")


def briefing(content: Path, *args: str, stdin: Any = subprocess.DEVNULL) -> Any:
    return run_briefing("--content", str(content), *args, cwd=content.parent, stdin=stdin)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return fictional_content(tmp_path, [], keep_real=False)


def entry_file(content: Path, slug: str = SLUG, year: str = "2031") -> Path:
    return content / "articles" / year / f"{slug}.yaml"


def test_new_writes_every_field_with_its_comment_at_the_conventional_path(content: Path) -> None:
    result = briefing(content, "new", *FLAGS, "--theme", "humanitarian")
    assert result.returncode == 0, result.stderr
    path = entry_file(content)
    assert result.stdout.splitlines() == [
        f"wrote {path}",
        "next: fill in section, summary, body, then run `briefing validate`, "
        "and preview with `mkdocs serve`",
    ]
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/article.schema.json\n")
    data = load_text(text, str(path)).data
    assert list(data) == list(ArticleIn.model_fields)  # every field, in the schema's order
    assert data["id"] == SLUG and data["headline"] == HEADLINE
    assert str(data["date"]) == "2031-03-03"
    assert data["regions"] == ["erewhon"] and data["themes"] == ["humanitarian"]
    lines = text.splitlines()
    for name, field in ArticleIn.model_fields.items():
        at = next(i for i, ln in enumerate(lines) if ln.startswith(f"{name}:"))
        comments = []
        while lines[at - 1].startswith("#"):
            at -= 1
            comments.insert(0, lines[at])
        said = " ".join(c.lstrip("# ") for c in comments)
        assert field.description and field.description.replace("``", "`") in said, name


def test_the_skeleton_says_how_each_item_of_a_list_is_written(content: Path) -> None:
    """A risk's fields (its confidence among them) are listed above ``risks:``, each with
    the reference's words."""
    assert briefing(content, "new", *FLAGS, "--theme", "humanitarian").returncode == 0
    lines = entry_file(content).read_text("utf-8").splitlines()
    at = lines.index("risks: []")
    above = []
    while lines[at - 1].startswith("#"):
        at -= 1
        above.insert(0, lines[at])
    items = above[above.index("# Each item:") + 1 :]
    names = [line.lstrip("# -").split(":")[0] for line in items]
    assert names == list(Risk.model_fields)  # text, category, likelihood, impact, confidence
    description = Risk.model_fields["confidence"].description
    assert items[-1] == f"#     confidence:  {description}"


def test_filled_in_skeleton_validates(content: Path) -> None:
    assert briefing(content, "new", *FLAGS, "--theme", "humanitarian").returncode == 0
    path = entry_file(content)
    before = briefing(content, "validate")
    assert before.returncode == 1
    assert f"{path.relative_to(content.parent)}:" in before.stdout
    assert "section:" in before.stdout
    text = path.read_text("utf-8")
    # what an analyst types into the skeleton
    text = text.replace("section: ''", "section: World")
    text = text.replace(
        "\nsummary:\n", "\nsummary: Floodwater cut the only road into the valley.\n"
    )
    text = text.replace("\nbody: []\n", "\nbody:\n  - The river rose overnight.\n")
    path.write_text(text, "utf-8")
    after = briefing(content, "validate")
    assert after.returncode == 0, after.stdout + after.stderr


def test_a_brief_is_valid_as_written(content: Path) -> None:
    result = briefing(
        content, "new", *FLAGS, "--theme", "humanitarian", "--section", "World", "--kind", "brief"
    )
    assert result.returncode == 0, result.stderr
    assert "next: run `briefing validate`" in result.stdout  # nothing left to fill in
    check = briefing(content, "validate")
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_never_overwrites_without_force(content: Path) -> None:
    assert briefing(content, "new", *FLAGS).returncode == 0
    path = entry_file(content)
    path.write_text("the analyst's edits\n", "utf-8")
    again = briefing(content, "new", *FLAGS)
    assert again.returncode == 1
    assert f"{path} exists; not overwriting it (pass --force to replace it)" in again.stderr
    assert path.read_text("utf-8") == "the analyst's edits\n"
    forced = briefing(content, "new", *FLAGS, "--force")
    assert forced.returncode == 0
    assert load_text(path.read_text("utf-8"), "x").data["id"] == SLUG


def test_unknown_ids_are_refused_with_a_suggestion(content: Path) -> None:
    result = briefing(content, "new", *FLAGS, "--theme", "humanitarain")
    assert result.returncode == 2
    assert (
        "'humanitarain' is not a theme in content/taxonomy.yaml; did you mean 'humanitarian'?"
        in (result.stderr)
    )
    assert not (content / "articles" / "2031").exists()


def test_without_a_terminal_it_never_asks(content: Path) -> None:
    started = time.monotonic()
    result = briefing(content, "new")  # stdin is /dev/null: not a terminal
    assert time.monotonic() - started < 30
    assert result.returncode == 2
    assert "pass --headline or --id" in result.stderr and "not a terminal" in result.stderr
    assert "Headline" not in result.stdout
    partial = briefing(content, "new", "--headline", HEADLINE, "--date", "2031-03-03")
    assert partial.returncode == 0
    data = load_text(entry_file(content).read_text("utf-8"), "x").data
    assert data["regions"] == [] and data["themes"] == []  # left open, not asked


def _converse(content: Path, answers: list[str]) -> str:
    """Run ``briefing new`` on a pseudo-terminal, answering each prompt in turn."""
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--content", str(content), "new"],
        cwd=content.parent,
        stdin=child,
        stdout=child,
        stderr=child,
        close_fds=True,
    )
    os.close(child)
    seen, pending = b"", list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
            if pending and seen.rstrip().endswith(b":"):  # a prompt is waiting
                os.write(main, pending.pop(0).encode() + b"\n")
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(main)
    assert proc.returncode == 0, seen.decode(errors="replace")
    return seen.decode(errors="replace")


def test_in_a_terminal_it_asks_for_what_is_missing(content: Path) -> None:
    # a misspelt region is asked again, with a suggestion
    answers = [HEADLINE, "2031-03-03", "World", "erewon", "erewhon", "humanitarian"]
    talk = _converse(content, answers)
    assert "Headline:" in talk and "Regions (" in talk
    assert "did you mean 'erewhon'?" in talk
    data = load_text(entry_file(content).read_text("utf-8"), "x").data
    assert data["headline"] == HEADLINE and data["section"] == "World"
    assert data["regions"] == ["erewhon"] and data["themes"] == ["humanitarian"]


def test_new_assessment_writes_a_commented_skeleton_that_validates_once_filled(
    content: Path,
) -> None:
    from generator.content.assessments import AssessmentIn

    result = briefing(content, "new", "--assessment", "--region", "erewhon", "--date", "2031-03-03")
    assert result.returncode == 0, result.stderr
    path = content / "assessments" / "2031" / "erewhon-2031-03-03.yaml"
    assert result.stdout.splitlines()[0] == f"wrote {path}"
    text = path.read_text("utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../../schema/assessment.schema.json\n"
    )
    data = load_text(text, str(path)).data
    assert list(data) == list(AssessmentIn.model_fields)
    assert data["region"] == "erewhon" and str(data["as_of"]) == "2031-03-03"
    for name, field in AssessmentIn.model_fields.items():
        assert field.description and field.description.replace("`", "")[:30] in text.replace(
            "`", ""
        ), name
    before = briefing(content, "validate")
    assert before.returncode == 1 and "level: must be one of: insignificant" in before.stdout
    filled = (
        text.replace("level: ''", "level: high")
        .replace("trend: ''", "trend: deteriorated")
        .replace("headline: ''", "headline: Floods cut off the invented valley")
        .replace("summary: ''", "summary: Invented floods. Nothing here is real.")
        .replace("author: ''", "author: Fictional Analyst")
    )
    path.write_text(filled, "utf-8")
    after = briefing(content, "validate")
    assert after.returncode == 0, after.stdout
    again = briefing(content, "new", "--assessment", "--region", "erewhon", "--date", "2031-03-03")
    assert again.returncode == 1 and "exists; not overwriting it" in again.stderr
    assert path.read_text("utf-8") == filled


def test_new_assessment_needs_one_known_region(content: Path) -> None:
    none = briefing(content, "new", "--assessment")
    assert none.returncode == 2 and "pass --region ID once" in none.stderr
    two = briefing(content, "new", "--assessment", "--region", "erewhon,world")
    assert two.returncode == 2 and "pass --region ID once" in two.stderr
    typo = briefing(content, "new", "--assessment", "--region", "erewon")
    assert typo.returncode == 2 and "did you mean 'erewhon'?" in typo.stderr
    assert not (content / "assessments").exists()
