"""``briefing validate``'s work: check the whole content folder, or chosen files against it.

Chosen files are checked together with every entry under ``content/`` (so their related
ids and the uniqueness of their id are judged against the real site), but only their own
problems are reported. A chosen ``taxonomy.yaml`` replaces ``content/taxonomy.yaml`` for
the run.

>>> result = check_content(Path("content"), Path("."))     # doctest: +SKIP
>>> result.errors, result.checked                          # doctest: +SKIP
([], 7)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .build import content_files
from .content.assessment_check import (
    find_assessments,
    is_assessment_file,
    known_from,
    validate_assessments,
)
from .content.entries import Found, check_path, display, entry_named, find_entries
from .content.schedule import build_day, scheduled
from .content.validate import (
    TAXONOMY_FILE,
    load_documents,
    load_taxonomy,
    raw_ids,
    validate_documents,
)
from .errors import BriefingError, ContentError


class PathError(BriefingError):
    """A path given on the command line that cannot be checked (a usage error)."""


@dataclass(frozen=True)
class Result:
    errors: list[ContentError]
    checked: int
    taxonomy_errors: int
    #: Valid entries dated after the build day (held back from the published site), as
    #: (display path, date); only those among the chosen files when files were chosen.
    scheduled: list[tuple[str, dt.date]] = field(default_factory=list)
    day: dt.date | None = None


def expand(paths: Sequence[Path], content: Path, root: Path) -> Found:
    """Files named on the command line; folders stand for the entries under them, found
    as the build finds them (``content/entries.py``)."""
    out = Found()
    for p in paths:
        if p.is_dir():
            found = find_entries(p, root, content)
            if not found.files and not found.problems:
                raise PathError(f"{p}: no entries found here (entry files end in .yaml or .yml)")
            out.files += found.files
            out.problems += found.problems
        elif p.is_file() or p.is_symlink():
            if not entry_named(p.name) and p.name != TAXONOMY_FILE:
                raise PathError(f"{p}: not a YAML file (.yaml or .yml)")
            shown = display(p, root)
            problem = None if p.name == TAXONOMY_FILE else check_path(p, shown, (content,))
            if problem is not None:
                out.problems.append(problem)
            else:
                out.files.append((p, shown))
        else:
            raise PathError(f"{p}: no such file or folder")
    return out


def check_content(
    content: Path, root: Path, paths: Sequence[Path] = (), day: dt.date | None = None
) -> Result:
    """Every problem in ``content`` (or only in ``paths``), never raising for content, and
    the entries dated after ``day`` (default: the build day, ``schedule.build_day``)."""
    chosen = expand(paths, content, root)
    tax_files = [p for p, _ in chosen.files if p.name == TAXONOMY_FILE]
    if len(tax_files) > 1:
        raise PathError("give at most one taxonomy.yaml")
    tax_file = tax_files[0] if tax_files else content / TAXONOMY_FILE
    everything = content_files(content, root)
    judged = find_assessments(content, root)
    # (keyed by the path, not the file it names: a link to an entry is a second entry file)
    entries = {os.path.abspath(p): (p, shown) for p, shown in everything.files}
    assessed = {os.path.abspath(p): (p, shown) for p, shown in judged.files}
    for p, shown in chosen.files:
        if p not in tax_files:
            kind = assessed if is_assessment_file(shown) else entries
            kind[os.path.abspath(p)] = (p, shown)
    files = [entries[key] for key in sorted(entries)]
    errors: list[ContentError] = [*everything.problems, *judged.problems, *chosen.problems]
    tax_display = display(tax_file, root)
    tax_doc = load_taxonomy(tax_file, tax_display, errors)
    docs = load_documents(files, errors)
    taxonomy, valid = validate_documents(tax_doc, docs, errors)
    regions = taxonomy.regions if taxonomy is not None else raw_ids(tax_doc, "regions")
    known = known_from(regions, tax_display, docs, errors)
    assessment_docs = load_documents([assessed[key] for key in sorted(assessed)], errors)
    assessments = validate_assessments(assessment_docs, known, errors)
    tax_errors = sum(e.path == tax_display for e in errors)
    day = day or build_day()
    later = [(e.source, e.date) for e in scheduled(valid, day)]
    later += [(a.source, a.as_of) for a in assessments if a.as_of > day]
    if paths:
        wanted = {shown for _, shown in chosen.files} | {e.path for e in chosen.problems}
        errors = [e for e in errors if e.path in wanted]
        later = [(source, date) for source, date in later if source in wanted]
    everything_n = len(files) + len(assessed) + 1
    checked = len(chosen.files) + len(chosen.problems) if paths else everything_n
    return Result(sorted(set(errors)), checked, tax_errors, later, day)
