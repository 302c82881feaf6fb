"""Which files under ``content/articles`` are entries: the one rule that ``briefing
validate``, ``mkdocs build`` and ``mkdocs serve`` share.

An entry is a regular file (or a symbolic link to one inside ``content/``) whose name ends
in ``.yaml`` or ``.yml``. What editors leave beside their files is skipped without a word:
hidden names (Emacs lock files ``.#x.yaml``, which are broken symbolic links; Vim's
``.x.yaml.swp``; ``.git``) and anything not named like an entry (backups ``x.yaml~``,
auto-saves ``#x.yaml#``). Whatever else is named like an entry but cannot be read as one
(a folder ``x.yaml/``, a broken link, a link to a folder or to a file outside ``content/``)
is reported as ``path: message [briefing.not-an-entry]``, never read and never a traceback.

>>> found = find_entries(Path("content/articles"), Path("."), Path("content"))  # doctest: +SKIP
>>> found.files[0], found.problems                                             # doctest: +SKIP
((PosixPath('content/articles/2026/x.yaml'), 'content/articles/2026/x.yaml'), [])
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError

SUFFIXES = (".yaml", ".yml")
CODE = "briefing.not-an-entry"


@dataclass
class Found:
    """Entry files as (path, display path), in path order, and what could not be one."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)


def display(path: Path, root: Path) -> str:
    """``path`` as messages show it: relative to ``root``, with forward slashes."""
    try:
        return os.path.relpath(path, root).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return str(path)


def skipped(name: str) -> bool:
    """Hidden names: editor lock and swap files, version-control folders.

    >>> skipped(".#x.yaml"), skipped(".x.yaml.swp"), skipped("x.yaml")
    (True, True, False)
    """
    return name.startswith(".")


def entry_named(name: str) -> bool:
    """``x.yaml``/``x.yml``, and the same with capitals (reported: it would be missed)."""
    return name.lower().endswith(SUFFIXES)


def _problem(shown: str, message: str) -> ContentError:
    return ContentError(shown, 0, 0, "", message, CODE)


def _inside(target: Path, folders: tuple[Path, ...]) -> bool:
    return any(target == f or f in target.parents for f in folders)


def check_path(path: Path, shown: str, allowed: tuple[Path, ...]) -> ContentError | None:
    """Why the entry-named ``path`` cannot be read as an entry, or None if it can.

    ``allowed``: resolved folders a symbolic link may point into (``content/``).
    """
    name = path.name
    if not name.endswith(SUFFIXES):
        return _problem(shown, "entry files end in .yaml or .yml, in lowercase: rename it")
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # missing target, or a loop of links
            return _problem(
                shown,
                f"a broken symbolic link (to {os.readlink(path)!r}): remove it, or restore "
                "the file it points to",
            )
        if target.is_dir():
            return _problem(shown, "a symbolic link to a folder, not an entry file: remove it")
        if not _inside(target, allowed):
            return _problem(
                shown,
                f"a symbolic link to a file outside content/ ({os.readlink(path)!r}): copy "
                "the entry here instead, so it is checked and published from one place",
            )
    if path.is_dir():
        return _problem(
            shown, "a folder named like an entry file: entries are files; rename the folder"
        )
    if not path.is_file():
        return _problem(shown, "not a regular file (a pipe, socket or device): remove it")
    return None


def find_entries(top: Path, root: Path, content: Path) -> Found:
    """Every entry file under ``top`` and every problem with what is named like one.

    The order is the paths' (``sorted(rglob(...))``): part by part, so a folder's files
    come before a sibling folder whose name extends it. One ``os.scandir`` per folder,
    whose items know their kind without another system call for a plain file, and the
    display path of each folder once.
    """
    found = Found()
    allowed = (content.resolve(), top.resolve())
    listed: list[tuple[tuple[str, ...], Path, str]] = []

    def walk(folder: Path, parts: tuple[str, ...], shown: str) -> None:
        try:
            with os.scandir(folder) as it:
                items = list(it)
        except OSError as exc:
            why = exc.strerror or str(exc)
            found.problems.append(_problem(shown, f"cannot read this folder ({why})"))
            return
        for item in items:
            name = item.name
            if skipped(name):
                continue
            path, item_shown = Path(folder, name), f"{shown}/{name}"
            if name.endswith(SUFFIXES) and item.is_file(follow_symlinks=False):
                listed.append(((*parts, name), path, item_shown))  # the common case: no stat
            elif entry_named(name):
                problem = check_path(path, item_shown, allowed)
                if problem is None:
                    listed.append(((*parts, name), path, item_shown))
                else:
                    found.problems.append(problem)
            elif item.is_symlink() and item.is_dir():  # (is_dir follows the link)
                found.problems.append(
                    _problem(
                        item_shown,
                        "a symbolic link to a folder: the entries under it are not read; "
                        "move the folder here instead",
                    )
                )
            if item.is_dir(follow_symlinks=False):
                walk(path, (*parts, name), item_shown)

    if top.is_dir():
        walk(top, (), display(top, root))
    listed.sort(key=lambda f: f[0])
    found.files = [(path, shown) for _, path, shown in listed]
    return found
