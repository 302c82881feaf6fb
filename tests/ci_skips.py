"""A pytest plugin: under ``CI=true`` a skip that could hide a regression fails the run.

A skip is for a tool that is truly absent, and CI installs the tools; so in CI every skip
is turned into a failure that says why, except those listed in :data:`ALLOWED`. The one
allowed today is a doctest whose every example its author marked ``+SKIP`` in the source
(an illustration that needs a project on disk): a deliberate, visible choice, not a
condition met at run time.

``tests/conftest.py`` registers it for the whole session (doctests in ``generator/``
included); ``tests/test_ci_skips.py`` runs it on a sample suite to show it fails.

>>> flag("TRUE"), flag(" yes "), flag("1"), flag("0"), flag(""), flag(None)
(True, True, True, False, False, False)
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

#: Words that turn an environment flag on (``CI``, ``BRIEFING_REQUIRE_BROWSER``).
YES = ("1", "true", "yes")

#: (kind of test item, skip reason) pairs CI tolerates; everything else fails.
ALLOWED = {("DoctestItem", "all tests skipped by +SKIP option")}


def flag(value: str | None) -> bool:
    """True for 1, true or yes (any case), as CI systems set such variables."""
    return (value or "").strip().lower() in YES


def in_ci() -> bool:
    return flag(os.environ.get("CI"))


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = _reason(report)
        if (type(item).__name__, reason) not in ALLOWED:
            report.outcome = "failed"
            report.longrepr = f"skipped under CI=true, where nothing may skip: {reason}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    if in_ci() and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"module skipped under CI=true, where nothing may skip: {_reason(report)}"
    return report


def pytest_report_header(config: pytest.Config) -> str:
    return "CI=true: an unexpected skip fails the run" if in_ci() else "not CI: skips allowed"
