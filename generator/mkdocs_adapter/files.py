"""The generated output as MkDocs files: virtual pages, assets, and feeds and data on disk.

Nothing is written into the docs folder (``mkdocs serve`` would rebuild forever): pages
are virtual files, kept out of the navigation but for the few ``nav:`` names
(``build.LISTED``). A dirty rebuild (``mkdocs serve --dirty``) renders only the files
whose text differs from the last run's (:class:`GeneratedFile`).

Feeds and data files are hundreds of MB at 10,000 entries: a build *spills* them into a
temporary folder (:class:`Spill`) and hands MkDocs their paths, so they wait on disk, not
in memory, for MkDocs to copy them. ``mkdocs serve`` keeps them in memory, to tell what
an edit changed.

>>> spill = Spill()
>>> spill.write("feeds/all.xml", "<feed/>").read_text()
'<feed/>'
>>> spill.remove(); spill.folder.exists()
False
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..build import LISTED, Output


class GeneratedFile(File):
    """A generated file that tells a dirty build whether it changed since the last one,
    so ``mkdocs serve --dirty`` renders only the pages an edit touched."""

    changed = True

    @classmethod
    def make(cls, config: MkDocsConfig, path: str, changed: bool, **kw: Any) -> File:
        file = cast(GeneratedFile, cls.generated(config, path, **kw))
        file.changed = changed
        return file

    def is_modified(self) -> bool:
        return self.changed


class Spill:
    """A temporary folder of generated files, removed with :meth:`remove`."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="briefing-files-"))

    def write(self, path: str, content: str | bytes) -> Path:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return target

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


#: Is a generated page or file (``kind``: "pages" or "files") what the last build made?
Unchanged = Callable[[str, str, str | bytes], bool]


def unchanged_since(before: Output | None) -> Unchanged:
    """:data:`Unchanged` against the last run of this process (``mkdocs serve``); None:
    every page and file changed.

    >>> unchanged_since(None)("pages", "index.md", "# Home")
    False
    """

    def unchanged(kind: str, path: str, content: str | bytes) -> bool:
        return before is not None and getattr(before, kind).get(path) == content

    return unchanged


def add_output(
    files: Files,
    config: MkDocsConfig,
    output: Output,
    unchanged: Unchanged,
    spill: Spill | None,
) -> Files:
    """Add ``output`` to ``files``. ``unchanged``: whether a page or file is what the last
    build made, which a dirty build does not write again. ``spill``: write the feeds and
    data files there (and drop them from ``output``), else hand them over in memory."""
    for path, text in output.pages.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(
                f"{config.docs_dir}/{path} clashes with a generated page; rename or remove it"
            )
        level = InclusionLevel.UNDEFINED if path in LISTED else InclusionLevel.NOT_IN_NAV
        changed = not unchanged("pages", path, text)
        files.append(GeneratedFile.make(config, path, changed, content=text, inclusion=level))
    for path, source in output.assets.items():
        files.append(File.generated(config, path, abs_src_path=str(source)))
    for path, content in output.files.items():
        changed = not unchanged("files", path, content)
        if spill is not None and changed:
            target = spill.write(path, content)
            files.append(GeneratedFile.make(config, path, True, abs_src_path=str(target)))
        else:  # (an unchanged file is not written: a dirty build keeps it, unread)
            kept = content if spill is None else b""
            files.append(GeneratedFile.make(config, path, changed, content=kept))
    if spill is not None:
        output.files.clear()
    return files


def rebuild_hand_written(files: Files) -> None:
    """A dirty build: MkDocs does not read a page it does not rebuild, so the navigation
    would lose its title and search its text; the hand-written pages are few, rebuild
    them all."""
    rebuild_pages(files.documentation_pages())


def rebuild_pages(files: Iterable[File]) -> None:
    """Have a dirty build render ``files`` again, changed or not."""
    for file in files:
        file.is_modified = _always  # type: ignore[method-assign]


def _always() -> bool:
    return True
