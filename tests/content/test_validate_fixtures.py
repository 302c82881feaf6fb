"""Each rule ``briefing validate`` enforces, one fixture each, with its exact output.

``tests/fixtures/invalid/<rule>.yaml`` (or a folder ``<rule>/``) is checked the way an
editor checks a new entry, ``briefing validate <rule>.yaml``, against the small fictional
content folder beside it; ``<rule>.expected`` holds exactly what the command prints.
After an intended change of wording, regenerate with::

    BRIEFING_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/content/test_validate_fixtures.py

and review the diff of ``tests/fixtures/invalid/*.expected``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT

from generator.cli import main
from generator.content.load import MAX_BYTES

FIXTURES = ROOT / "tests" / "fixtures" / "invalid"
UPDATE = bool(os.environ.get("BRIEFING_UPDATE_GOLDEN"))
CASES = sorted(
    p.name for p in FIXTURES.iterdir() if p.name != "content" and p.suffix != ".expected"
)
#: path:line:col: field: message [code]  (line/col/field absent for whole-file problems)
LINE = re.compile(r"^[^\s:]+(:\d+:\d+)?:( [\w.\[\]]+:)? \S.* \[briefing\.[a-z-]+\]$")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--content", "content", "validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def check_golden(name: str, out: str) -> None:
    golden = FIXTURES / f"{name}.expected"
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_the_fictional_content_itself_is_valid(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    assert run(capsys) == (0, "", "ok: 3 files checked\n")


def test_every_rule_has_a_fixture() -> None:
    assert len(CASES) >= 40
    stale = {p.stem for p in FIXTURES.glob("*.expected")} - {Path(c).stem for c in CASES}
    assert stale <= {"too-large"}, f"golden files without a fixture: {stale}"


@pytest.mark.parametrize("case", CASES)
def test_fixture_is_refused_with_its_exact_message(
    case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    code, out, err = run(capsys, case)
    assert code == 1, out + err
    lines = out.splitlines()
    assert lines and all(LINE.match(line) for line in lines), out
    assert all(line.startswith(case) for line in lines), "an error names another file"
    assert err == f"{len(lines)} error{'s' if len(lines) != 1 else ''}\n"
    check_golden(Path(case).stem, out)


def test_a_file_over_one_mebibyte_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Made here rather than committed: a 1 MiB fixture does not belong in git.
    (tmp_path / "content").symlink_to(FIXTURES / "content")
    big = tmp_path / "too-large.yaml"
    big.write_text("id: too-large\nbody:\n" + "  - padding\n" * (MAX_BYTES // 12 + 1), "utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, big.name)
    assert code == 1
    check_golden("too-large", out)


def test_all_fixtures_in_one_run_report_every_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One run, every file, every rule: the union of the single runs, nothing dropped.
    (Each taxonomy fixture replaces the taxonomy, so they are left out of this run.)"""
    monkeypatch.chdir(FIXTURES)
    cases = [c for c in CASES if not c.startswith("taxonomy-")]
    code, out, err = run(capsys, *cases)
    expected = sorted(
        line
        for case in cases
        for line in (FIXTURES / f"{Path(case).stem}.expected").read_text("utf-8").splitlines()
    )
    assert code == 1
    assert sorted(out.splitlines()) == expected
    assert err == f"{len(expected)} errors\n"
