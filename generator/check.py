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

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .build import content_files
from .errors import BriefingError, ContentError
from .validate import load_documents, load_taxonomy, validate_documents

SUFFIXES = (".yaml", ".yml")


class PathError(BriefingError):
    """A path given on the command line that cannot be checked (a usage error)."""


@dataclass(frozen=True)
class Result:
    errors: list[ContentError]
    checked: int
    taxonomy_errors: int


def _display(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return str(path)


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files named on the command line; folders stand for the YAML files under them."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix in SUFFIXES and f.is_file()))
        elif p.is_file():
            if p.suffix not in SUFFIXES:
                raise PathError(f"{p}: not a YAML file (.yaml or .yml)")
            out.append(p)
        else:
            raise PathError(f"{p}: no such file or folder")
    return out


def check_content(content: Path, root: Path, paths: Sequence[Path] = ()) -> Result:
    """Every problem in ``content`` (or only in ``paths``), never raising for content."""
    chosen = expand(paths)
    tax_files = [p for p in chosen if p.name == "taxonomy.yaml"]
    if len(tax_files) > 1:
        raise PathError("give at most one taxonomy.yaml")
    tax_file = tax_files[0] if tax_files else content / "taxonomy.yaml"
    entries = {p.resolve(): p for p, _ in content_files(content, root)}
    entries.update((p.resolve(), p) for p in chosen if p.name != "taxonomy.yaml")
    files = [(p, _display(p, root)) for _, p in sorted(entries.items())]
    errors: list[ContentError] = []
    tax_display = _display(tax_file, root)
    tax_doc = load_taxonomy(tax_file, tax_display, errors)
    docs = load_documents(files, errors)
    validate_documents(tax_doc, docs, errors)
    tax_errors = sum(e.path == tax_display for e in errors)
    if chosen:
        wanted = {_display(p, root) for p in chosen}
        errors = [e for e in errors if e.path in wanted]
    return Result(sorted(set(errors)), len(chosen) if chosen else len(files) + 1, tax_errors)
