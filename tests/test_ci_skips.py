"""Under ``CI=true`` a skip fails the run (``ci_skips.py``), but for the one kind CI allows:
a doctest whose examples are all marked ``+SKIP`` in the source."""

from __future__ import annotations

from typing import Any

import pytest

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


def run_sample(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str | None) -> Any:
    """The sample suite, run by pytest in this process with the plugin, CI set or not."""
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    pytester.makepyfile(test_sample=SAMPLE, test_module_skip=MODULE_SKIP)
    return pytester.runpytest_inprocess(
        "-p", "ci_skips", "--doctest-modules", "-rA", "--continue-on-collection-errors",
        "-p", "no:cacheprovider",
    )  # fmt: skip


def test_outside_ci_skips_are_reported_as_skips(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_sample(pytester, monkeypatch, ci=None)
    out = result.stdout.str()
    assert result.ret == 0, out
    assert "not CI: skips allowed" in out
    # (the module that skips itself is collected twice: as tests and for its doctests)
    assert "1 passed, 5 skipped" in out


def test_under_ci_every_skip_but_a_marked_doctest_fails(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_sample(pytester, monkeypatch, ci="true")
    out = result.stdout.str()
    assert result.ret == 1, out
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
