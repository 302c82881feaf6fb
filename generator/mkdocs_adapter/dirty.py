"""What ``mkdocs build --dirty`` may reuse of the last build: its record.

A build with a cache leaves ``site.json`` beside the cache's tables: a key of everything
that shapes every page (:func:`build_key`: the generator's code, MkDocs, the theme and
their versions, ``mkdocs.yml`` as read, the hand-written pages), a hash of each generated
page's Markdown and of each generated file, the size of every file of the site it made,
and a hash of each page's search copy. The next ``--dirty`` build starts from that site
only if the key is the same and the site is still the one recorded; then it renders
again only the pages whose Markdown changed (and the pages in the navigation, whose
titles every page shows), writes only the files that changed, and prunes what it no
longer makes: the result equals a clean build byte for byte
(``tests/built_site/test_dirty_builds.py``). Otherwise it builds from nothing.

The record is removed before a new site is swapped in (or a dirty build's files are
moved in, ``inplace.py``) and written after, so a record never describes another site
than the one in place: a commit stopped midway leaves none, and the next build is whole.

>>> record = Record(key="k", pages={"a.md": digest("# A")})
>>> record.unchanged("pages", "a.md", "# A"), record.unchanged("pages", "a.md", "# B")
(True, False)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field, fields
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig

from ..incremental.cache import code_fingerprint
from ..render.markdown import MemoryBytecode

#: The record's file in the cache folder, and its format (another is not read).
RECORD = "site.json"
FORMAT = 1
#: The packages besides the generator that shape every page (the theme's assets, its
#: templates, Markdown's extensions, the search bundle).
_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2", "pagefind")
#: What ``mkdocs.yml`` may set from the environment or by default that shapes a page
#: (not where the folders are: only what they hold).
_SETTINGS = (
    "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
    "repo_name", "edit_uri", "use_directory_urls", "nav", "extra", "extra_css",
    "extra_javascript", "extra_templates", "markdown_extensions", "mdx_configs",
)  # fmt: skip


def digest(content: str | bytes) -> str:
    """A short hash of a page's or file's content.

    >>> digest("x") == digest(b"x") != digest("y")
    True
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def build_key(config: MkDocsConfig) -> str:
    """A hash of everything besides the content that shapes the pages: a dirty build
    reuses nothing of a build made with another key."""
    h = hashlib.blake2b(code_fingerprint(), digest_size=16)
    for name in _PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{name}={metadata.version(name)};".encode())
    if config.config_file_path:
        h.update(Path(config.config_file_path).read_bytes())
    settings = {name: config.get(name) for name in _SETTINGS}
    settings["theme"] = dict(config.theme)
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    # The theme's own folder (custom_dir) and the hand-written pages and files: few.
    folders = [Path(config.docs_dir), *(Path(d) for d in config.theme.dirs[:1])]
    for folder in folders:
        for path in _files_under(folder):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@dataclass
class Record:
    """The last build, as the next dirty build needs it (all paths relative)."""

    key: str
    #: Generated pages (docs paths) and files (site paths): their hash.
    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    #: Every file of the site: its size (is the site in place the one recorded?).
    site: dict[str, int] = field(default_factory=dict)
    #: The search copy of each page indexed: its hash; and the shards' hashes.
    search: dict[str, str] = field(default_factory=dict)
    shards: list[str] = field(default_factory=list)

    def unchanged(self, kind: str, path: str, content: str | bytes) -> bool:
        """Is ``content`` what the last build made at ``path`` (``kind``: pages, files)?"""
        table: dict[str, str] = getattr(self, kind)
        return table.get(path) == digest(content)

    @classmethod
    def load(cls, folder: Path) -> Record | None:
        """The record in ``folder``, or None (none, unreadable, of another format)."""
        try:
            data: Any = json.loads((folder / RECORD).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.pop("format", None) != FORMAT:
            return None
        try:
            return cls(**data)
        except TypeError:
            return None

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{RECORD}.{os.getpid()}.tmp"
        # (not ``asdict``, which copies every table deeply: seconds at 10,000 entries)
        tables = {f.name: getattr(self, f.name) for f in fields(self)}
        tmp.write_text(json.dumps({"format": FORMAT, **tables}), "utf-8")
        tmp.replace(folder / RECORD)

    @staticmethod
    def clear(folder: Path) -> None:
        with contextlib.suppress(OSError):  # (none there, or no folder: nothing to clear)
            (folder / RECORD).unlink()


def why_not_reused(last: Record | None, record: Record | None, cache: Path | None) -> str:
    """Why a dirty build cannot start from the last site ("" when it may, once the copy
    of the site is found to be the one recorded): no record, another key, or missing
    search copies."""
    if last is None or record is None or cache is None:
        return "no record of the last build in the cache"
    if last.key != record.key:
        return "the generator, MkDocs, the theme, mkdocs.yml or the pages changed"
    search = cache / "search"
    if not all((search / page).is_file() for page in last.search):
        return "the search copies of the last build are missing"
    return ""


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build "will likely lead to inaccurate navigation": not
    with this plugin, which renders again every page whose output changed and removes
    what is no longer built. The warning would stop ``--strict``; it becomes a note."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and "'dirty' build" in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = NOTICE, ()
        return True


#: The theme's compiled templates, kept over the builds of ``mkdocs serve``.
THEME_COMPILED = MemoryBytecode()
#: ... and beside the cache's tables, for the next ``mkdocs build``.
THEME_FOLDER = "theme-compiled"


def theme_compiled(cache: Path | None) -> BytecodeCache:
    """Where the theme's compiled templates are kept: in memory over the builds of
    ``mkdocs serve`` (``cache`` None), else in the cache folder, so a build does not
    compile Material's templates again (~1 s of a dirty build). Jinja keys each by its
    name and source, and checks the Python version: a changed template is compiled again.

    >>> isinstance(theme_compiled(None), MemoryBytecode)
    True
    """
    if cache is None:
        return THEME_COMPILED
    folder = cache / THEME_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # (a cache that cannot be written: compiled once in this process)
        return THEME_COMPILED
    return FileSystemBytecodeCache(str(folder))


NOTICE = "--dirty: pages whose output changed are built again; the site equals a clean build"
_FILTER = _DirtyNotice()


def quiet_dirty_warning() -> None:
    """Turn MkDocs' warning about ``--dirty`` into :data:`NOTICE` (once a process)."""
    logger = logging.getLogger("mkdocs.commands.build")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
