"""Validated assessments reused from the last run where their file did not change.

The per-file work (YAML, pydantic, the file's own rules) is kept in the cache's table of
files, keyed by the file's display path and bytes; the rules across files run every time,
on what the valid assessments hold. As for entries, only a clean run uses it: any
problem hands over to the uncached check, whose messages are exactly
``briefing validate``'s.

>>> load_assessments_cached(lambda kind, parts, make: make(), [], None, list)
[]
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..content.assessment_check import Known, check_assessments, validate_assessment
from ..content.assessments import Assessment, AssessmentIn
from ..content.load import Document, valid_in

T = TypeVar("T")
Memo = Callable[[str, list[str], Callable[[], Any]], Any]


def _valid(path: Path, shown: str) -> AssessmentIn | None:
    """The valid assessment in ``path``, or None if it has any problem of its own."""
    return valid_in(path, shown, validate_assessment)


def load_assessments_cached(
    memo: Memo,
    files: Sequence[tuple[Path, str]],
    known: Known | None,
    fallback: Callable[[], list[Assessment]],
) -> list[Assessment]:
    """Every assessment of ``files`` ((path, display path) pairs), each file validated once
    per content; ``fallback()`` (the uncached check, which raises) on any problem."""
    out = read_assessments(memo, files)
    if out is None:
        return fallback()
    if known is not None and out:
        docs = [Document(a.source, a.data.model_dump(), {}) for a in out]
        if check_assessments(docs, known):
            return fallback()
    return out


def read_assessments(memo: Memo, files: Sequence[tuple[Path, str]]) -> list[Assessment] | None:
    """Each file of ``files`` checked on its own, through ``memo`` (so a second call finds
    them checked: a build does it while a second process loads entries), or None if any
    has a problem."""
    out = []
    for path, shown in sorted(files, key=lambda f: f[1]):
        try:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
        except OSError:
            return None
        found = memo("assessment", [shown, digest], functools.partial(_valid, path, shown))
        if found is None:
            return None
        out.append(Assessment(found, shown))
    return out
