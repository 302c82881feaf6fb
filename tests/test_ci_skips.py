"""Under ``CI=true`` a skip fails the run (``ci_skips.py``), but for the one kind CI allows:
a doctest whose examples are all marked ``+SKIP`` in the source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SAMPLE = '''
import os
import pytest

def illustration():
    """>>> open_a_project_on_disk()  # doctest: +SKIP"""

def test_passes():
    assert True

def test_skips_for_a_missing_tool():
    pytest.skip("no such tool here")

@pytest.mark.skipif(True, reason="a condition met at run time")
def test_skipped_by_a_marker():
    pass
'''
MODULE_SKIP = 'import pytest\n\npytest.importorskip("no_such_module_anywhere")\n'


def run_sample(folder: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT / "tests")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "ci_skips", "--doctest-modules", "-rA",
         "--continue-on-collection-errors", "-p", "no:cacheprovider", "--rootdir",
         str(folder), str(folder)],
        cwd=folder, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    (tmp_path / "test_sample.py").write_text(SAMPLE, "utf-8")
    (tmp_path / "test_module_skip.py").write_text(MODULE_SKIP, "utf-8")
    return tmp_path


def test_outside_ci_skips_are_reported_as_skips(sample: Path) -> None:
    result = run_sample(sample, ci=None)
    assert result.returncode == 0, result.stdout
    assert "not CI: skips allowed" in result.stdout
    # (the module that skips itself is collected twice: as tests and for its doctests)
    assert "1 passed, 5 skipped" in result.stdout


def test_under_ci_every_skip_but_a_marked_doctest_fails(sample: Path) -> None:
    result = run_sample(sample, ci="true")
    assert result.returncode == 1, result.stdout
    out = result.stdout
    assert "CI=true: an unexpected skip fails the run" in out
    assert "FAILED test_sample.py::test_skips_for_a_missing_tool - skipped under CI=true" in out
    assert "ERROR test_sample.py::test_skipped_by_a_marker - skipped under CI=true" in out
    assert "skipped under CI=true, where nothing may skip: no such tool here" in out
    assert "skipped under CI=true, where nothing may skip: a condition met at run time" in out
    assert (
        "ERROR test_module_skip.py - module skipped under CI=true, where nothing may skip: "
        "could not import 'no_such_module_anywhere'"
    ) in out
    assert "SKIPPED [1]" in out and ": all tests skipped by +SKIP option" in out
    assert "1 failed, 1 passed, 1 skipped, 3 errors" in out
