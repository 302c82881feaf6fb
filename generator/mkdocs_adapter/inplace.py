"""A dirty build's site, updated in place: what changed is moved in, what is gone removed.

A build from nothing writes a whole new site beside ``site/`` and swaps the two folders
(``staging.py``). A dirty build that starts from the last site (its record says the site
in place is the one it made: :func:`measure`) writes only what changed into its staging
folder, and, once the build went through, :func:`commit_in_place` moves each of those
files into ``site/`` by a rename and removes the files the build no longer makes
(:func:`obsolete`) and the folders left empty. No whole copy of the site is made and no
old site is removed: the commit costs what changed, not the size of the site.

What is atomic: each file (a rename: a reader gets the old file or the new one, never
half of one), not the site as a whole while the commit runs (a reader may meet a new
page linking to one not moved in yet, for the milliseconds it takes). A failure before
the commit leaves ``site/`` untouched, byte for byte: nothing is written there before. A
commit that is stopped midway (killed, a disk error) leaves a site partly updated and no
record of the build (``dirty.py``: the record is removed before the commit and written
after it), so the next build, dirty or not, builds every page from nothing and swaps a
whole new site in (``tests/built_site/test_dirty_builds.py``).

>>> import tempfile
>>> site, new = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
>>> _ = (site / "gone.html").write_text("old"), (new / "a").mkdir()
>>> _ = (new / "a/b.html").write_text("new")
>>> commit_in_place(new, site, written=["a/b.html"], removed=["gone.html"])
>>> sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
['a', 'a/b.html']
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from mkdocs.structure.files import Files

from .files import GeneratedFile


def measure(root: Path) -> dict[str, int]:
    """Every file under ``root`` (paths relative to it, with ``/``) and its size; ``{}``
    when there is no such folder.

    >>> measure(Path("/nonexistent"))
    {}
    """
    sizes: dict[str, int] = {}
    stack = [("", str(root))]
    while stack:
        rel, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((f"{rel}{entry.name}/", entry.path))
            else:
                sizes[rel + entry.name] = entry.stat(follow_symlinks=False).st_size
    return sizes


def obsolete(
    last: Mapping[str, int], made: set[str], written: Mapping[str, int], kept: Callable[[str], bool]
) -> list[str]:
    """The files of the last site (``last``) that go: not made by this build (``made``:
    MkDocs' files, written again or left as they were), not written in the staging
    folder this time (``written``: by another plugin, say), and not ``kept`` (the search
    bundle's shards not indexed again, which the search index keeps itself).

    >>> search = lambda path: path.startswith("pagefind/")
    >>> obsolete({"a": 1, "b": 1, "c": 1, "pagefind/x": 1}, {"a"}, {"c": 2}, search)
    ['b']
    """
    return sorted(p for p in last if p not in made and p not in written and not kept(p))


def _move(source: str, target: str) -> None:
    """One file into the site (a rename: readers see the old file or the new one)."""
    os.replace(source, target)


def _same(new: Path, published: Path) -> bool:
    """Is the file in the site already ``new``, byte for byte? Then it stays as it is: a
    file replaced frees the old one's blocks, which costs milliseconds a file on a file
    system that discards them, and the copy in the staging folder, just written, goes
    with that folder for next to nothing.

    >>> import tempfile
    >>> a, b = Path(tempfile.mkdtemp()) / "a", Path(tempfile.mkdtemp()) / "b"
    >>> _ = a.write_text("x"), b.write_text("x")
    >>> _same(a, b), _same(a, b.with_name("none"))
    (True, False)
    """
    try:
        return not published.is_symlink() and filecmp.cmp(new, published, shallow=False)
    except OSError:  # (none there, or a folder)
        return False


def _make_folder(folder: Path, root: Path) -> None:
    """``folder`` (under ``root``), where a file of the last site may stand in its way."""
    for parent in [*reversed(folder.relative_to(root).parents), folder.relative_to(root)]:
        path = root / parent
        if path.is_file() or path.is_symlink():
            path.unlink()
    folder.mkdir(parents=True, exist_ok=True)


def commit_in_place(
    staging: Path, final: Path, written: Iterable[str], removed: Iterable[str]
) -> None:
    """Move the ``written`` files (paths relative to both) from ``staging`` into ``final``
    and remove the ``removed`` ones, then the folders they leave empty. Raises OSError
    midway; the caller has removed the record first (see the module)."""
    for rel in sorted(written):
        target = final / rel
        if _same(staging / rel, target):
            continue  # (Pagefind writes again the files of a shard's pages that did not change)
        if not target.parent.is_dir():
            _make_folder(target.parent, final)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)  # (a folder where a file is now: rare)
        _move(str(staging / rel), str(target))
    emptied: set[Path] = set()
    for rel in removed:
        path = final / rel
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        emptied.update(p for p in path.parents if p != final and final in p.parents)
    for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty (or gone): it stays
            folder.rmdir()


def judge_by_published(files: Files, final: Path) -> None:
    """A dirty build writes into an empty staging folder, so MkDocs' test of a copied
    file (is the file in the site older than its source?) would find none and copy
    every theme asset again: have it look at the published site instead. Files that say
    themselves whether they changed (generated pages and files) are left alone."""
    for file in files:
        if isinstance(file, GeneratedFile) or "is_modified" in vars(file):
            continue
        if file.is_documentation_page() or file.abs_src_path is None:
            continue
        published = str(final / file.dest_uri)
        file.is_modified = _older_than(file.abs_src_path, published)  # type: ignore[method-assign]


def _older_than(source: str, published: str) -> Callable[[], bool]:
    def is_modified() -> bool:  # MkDocs' own test (File.is_modified), on the published file
        try:
            return os.path.getmtime(published) < os.path.getmtime(source)
        except OSError:
            return True

    return is_modified
