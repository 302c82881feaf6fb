"""Atomic site builds: build into a fresh sibling folder, swap it in only on success.

MkDocs empties ``site/`` before writing the new pages, so any failure after that point
(a plugin error, a template error, a strict-mode warning) would leave a half-written
site where the published one was. Instead the plugin points MkDocs at a staging folder
next to ``site/`` (``.site.new-<pid>-<random>``) and, once the build has finished without
error, swaps the two with two renames on the same filesystem; on failure the staging
folder is removed and ``site/`` is exactly as it was.

Nothing stays beside ``site/``: the folders of a build that was killed (its process is
gone) are removed by the next build, an old site moved aside is removed once the new one
is in place (read-only files and all), and a site that cannot be moved aside or a
folder that cannot be written is one clear :class:`StagingError`, before anything is
built where possible.

>>> import tempfile
>>> parent = Path(tempfile.mkdtemp())
>>> stage = Staging(parent / "site")
>>> _ = (stage.path / "index.html").write_text("new")
>>> stage.commit()
>>> (parent / "site" / "index.html").read_text(), stage.path.exists()
('new', False)
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import Files

from ..errors import BriefingError
from .dirty import Record, build_key, digest, why_not_reused

log = logging.getLogger("mkdocs.plugins.briefing")


class StagingError(BriefingError):
    """The site folder cannot be written or swapped: the message says which and why."""


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_tree(path: Path) -> None:
    """``rm -rf path``, making read-only folders writable on the way (they are ours)."""

    def retry(func: Callable[..., Any], name: str, _: Any) -> None:
        parent = os.path.dirname(name)
        os.chmod(parent, stat.S_IMODE(os.lstat(parent).st_mode) | stat.S_IRWXU)
        if os.path.isdir(name) and not os.path.islink(name):
            os.chmod(name, stat.S_IMODE(os.lstat(name).st_mode) | stat.S_IRWXU)
        func(name)

    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, onerror=retry)


def leftovers(final: Path) -> list[Path]:
    """Staging folders and old sites beside ``final`` whose build is over (its process is
    gone; a name without a process id is from before they carried one)."""
    pattern = re.compile(rf"\.{re.escape(final.name)}\.(?:new|old)-(?:(\d+)-)?")
    found = []
    try:
        siblings: Iterable[Path] = list(final.parent.iterdir())
    except OSError:
        return []
    for path in siblings:
        m = pattern.match(path.name)
        if m and (m.group(1) is None or not _alive(int(m.group(1)))):
            found.append(path)
    return sorted(found)


def link_tree(source: Path, dest: Path) -> dict[str, int]:
    """``dest`` as a copy of ``source`` made of hard links (copies where the file system
    has none): seconds less than copying a big site, and no more space. Returns each
    file copied (its path relative to ``dest``) and its size."""
    sizes = {}
    for folder, _, names in os.walk(source):
        rel = os.path.relpath(folder, source)
        target = os.path.join(dest, rel)
        os.makedirs(target, exist_ok=True)
        shutil.copymode(folder, target)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in names:
            src, dst = os.path.join(folder, name), os.path.join(target, name)
            try:
                os.link(src, dst, follow_symlinks=False)
            except OSError:
                shutil.copy2(src, dst, follow_symlinks=False)
            sizes[prefix + name] = os.lstat(dst).st_size
    return sizes


def unlink_written(site: Path, files: Files, templates: Iterable[str]) -> None:
    """Before MkDocs writes a dirty build: unlink what it is about to write (the pages
    and files it finds modified, the theme's templates), which MkDocs would otherwise
    write *into*: the hard link's other name, the published site, would change too."""
    paths = [f.dest_uri for f in files if f.inclusion.is_included() and f.is_modified()]
    for path in [*paths, *templates, *(f"{t}.gz" for t in templates if t.endswith(".xml"))]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(site / path)


class Staging:
    """A staging folder beside ``final``; ``commit()`` puts it in place, ``discard()`` drops it.

    With ``copy=True`` the staging folder starts as a copy of ``final`` (for
    ``mkdocs build --dirty``, which only rewrites what changed), made of hard links: a
    file is unlinked before it is written again (:func:`unlink_written`), so the site in
    place never changes. ``removed``: what was left beside ``final`` by builds that were
    killed, now removed.
    """

    def __init__(self, final: Path, *, copy: bool = False):
        self.final = final.absolute()
        parent = self.final.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StagingError(f"cannot create {parent} for the site: {_why(exc)}") from None
        self.removed: list[Path] = []
        #: With ``copy``: each file copied and its size.
        self.copied: dict[str, int] = {}
        for path in leftovers(self.final):
            try:
                remove_tree(path)
                self.removed.append(path)
            except OSError:
                pass  # reported by the next build that can remove it; never in the way
        if self.final.exists() and not os.access(self.final, os.W_OK | os.X_OK):
            raise StagingError(
                f"{self.final} is read-only, so the new site cannot replace it; nothing was "
                "built (make it writable, or build elsewhere with --site-dir)"
            )
        prefix = f".{self.final.name}.new-{os.getpid()}-"
        try:
            self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        except OSError as exc:
            raise StagingError(
                f"cannot write in {parent} ({_why(exc)}): the new site is built beside "
                f"{self.final.name}/ and then swapped in; nothing was built (make {parent} "
                "writable, or build elsewhere with --site-dir)"
            ) from None
        try:
            if copy and self.final.is_dir():
                self.copied = link_tree(self.final, self.path)
            # mkdtemp creates 0700; a published folder must stay readable by the web server.
            mode = self.final.stat().st_mode & 0o7777 if self.final.is_dir() else 0o777 & ~_umask()
            os.chmod(self.path, mode | stat.S_IWUSR)
        except (OSError, shutil.Error) as exc:
            self.discard()
            raise StagingError(f"cannot copy {self.final} for a --dirty build: {exc}") from None

    def commit(self) -> str | None:
        """Swap the staging folder into place; the old site is removed afterwards. Returns
        a warning when that fails (the new site is in place; the next build tries again)."""
        if not self.final.exists():
            os.rename(self.path, self.final)
            return None
        # A sibling, not a folder inside a new one: moving a folder to another parent
        # needs write permission on the folder itself, renaming it in place does not.
        old = self.final.with_name(f".{self.final.name}.old-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            os.rename(self.final, old)
        except OSError as exc:
            self.discard()
            raise StagingError(
                f"could not move the old site aside to replace it ({_why(exc)}): "
                f"{self.final} was not changed and the new build was discarded"
            ) from None
        try:
            os.rename(self.path, self.final)
        except OSError as exc:
            os.rename(old, self.final)  # put the published site back
            self.discard()
            raise StagingError(
                f"could not put the new site in place ({_why(exc)}): {self.final} was not "
                "changed and the new build was discarded"
            ) from None
        try:
            remove_tree(old)
        except OSError as exc:
            return (
                f"the new site is in place, but the old one could not be removed from {old} "
                f"({_why(exc)}); the next build tries again"
            )
        return None

    def empty(self) -> None:
        """Start from nothing after all (a dirty build that cannot reuse the copy)."""
        for path in self.path.iterdir():
            remove_tree(path)
        self.copied = {}

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # if not now, the next build removes it
            remove_tree(self.path)


@dataclass
class Settled:
    """What :func:`settle` found: files removed, the sizes of those left, and those
    written through a hard link (which :func:`unlink_written` must prevent)."""

    removed: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    through_links: list[str] = field(default_factory=list)


def settle(site: Path, keep: set[str] | None, since: float, skip: tuple[str, ...] = ()) -> Settled:
    """One walk over ``site`` after a build. With ``keep`` (a dirty build, which started
    from the last site), remove the files this build did not make: not in ``keep``
    (paths relative to ``site``), not under a folder of ``skip`` (``pagefind/``, which
    the search index keeps itself) and not written since ``since`` (what other plugins
    wrote this time); without it the page of an entry deleted or renamed since would
    stay. Every file left is measured, for the record of this build.
    """
    found = Settled()
    for folder, _, names in os.walk(site, topdown=False):
        rel = os.path.relpath(folder, site).replace(os.sep, "/")
        for name in names:
            path = os.path.join(folder, name)
            key = name if rel == "." else f"{rel}/{name}"
            try:
                stat_ = os.lstat(path)
            except FileNotFoundError:
                continue
            written = stat_.st_mtime >= since
            if keep is None or key in keep or key.startswith(skip) or written:
                found.sizes[key] = stat_.st_size
                if written and stat_.st_nlink > 1:
                    found.through_links.append(key)
                continue
            os.unlink(path)
            found.removed.append(key)
        if keep is not None and rel != "." and not os.listdir(folder):
            os.rmdir(folder)
    found.removed.sort()
    found.through_links.sort()
    return found


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class StagedBuild:
    """The staging folder over one MkDocs build, and a ``--dirty`` build's reuse and
    pruning.

    ``mkdocs build`` and ``gh-deploy`` (``atomic``) write into a :class:`Staging` folder
    that replaces ``site/`` only when the whole build succeeded (:meth:`close`, called on
    shutdown: a strict-mode abort comes after the last build event, so it is decided
    there); ``mkdocs serve`` keeps MkDocs' own behaviour. With a cache, a build leaves
    its :class:`~.dirty.Record`; ``--dirty`` starts from the last site only where that
    record says it may (``last``), else from nothing.
    """

    def __init__(self, *, atomic: bool, dirty: bool) -> None:
        self.atomic, self.dirty = atomic, dirty
        self.staging: Staging | None = None
        self.config: MkDocsConfig | None = None
        self.finished = False
        self.started = 0.0
        self.made: set[str] = set()
        self.cache: Path | None = None
        #: The last build's record, when this dirty build starts from its site; and this
        #: build's, saved once its site is in place.
        self.last: Record | None = None
        self.record: Record | None = None

    def configure(self, config: MkDocsConfig, cache: Path | None = None) -> None:
        """Point MkDocs at a new staging folder beside ``site/``: for a dirty build, a copy
        of the last site if its record allows."""
        if not self.atomic or self.staging is not None:
            return
        self.cache = cache
        if cache is not None:
            self.record = Record(build_key(config))
        last = Record.load(cache) if self.dirty and cache is not None else None
        why = why_not_reused(last, self.record, cache)
        try:
            self.staging = Staging(Path(config.site_dir), copy=last is not None and not why)
        except StagingError as exc:
            raise PluginError(str(exc)) from None
        if last is not None and not why and self.staging.copied != last.site:
            why = f"{self.staging.final.name}/ is not the site the last build made"
            self.staging.empty()
        if self.dirty:
            self.last = None if why else last
            log.info(f"--dirty: {why}: every page is built" if why else "--dirty: reusing the site")
        for path in self.staging.removed:
            log.info(f"Removed {path.name}, left beside the site by a build that was stopped")
        self.config, self.finished = config, False
        config.site_dir = str(self.staging.path)

    def unchanged(self, kind: str, path: str, content: str | bytes) -> bool:
        """Is this generated page or file (``kind``: pages, files) what the last build
        made? Recorded for the next build either way."""
        made = digest(content)
        if self.record is not None:
            getattr(self.record, kind)[path] = made
        return self.last is not None and getattr(self.last, kind).get(path) == made

    def begin(self) -> None:
        self.started = time.time()

    def seen(self, files: Files, templates: Iterable[str] = ()) -> None:
        """The files this build makes (a dirty build removes the rest afterwards, and
        unlinks now what it writes again: :func:`unlink_written`)."""
        self.made = {file.dest_uri for file in files}
        if self.dirty and self.staging is not None and self.last is not None:
            pages = files.documentation_pages()
            again = sum(1 for file in pages if file.is_modified())
            log.info(f"--dirty: {again} of {len(pages)} pages built again")
            unlink_written(self.staging.path, files, templates)

    def built(self, config: MkDocsConfig, keep: tuple[str, ...]) -> None:
        """The build went through. A dirty one started from the last site: what it did not
        make goes (but folders of ``keep``, which keep themselves: the search bundle)."""
        if not self.dirty and self.record is None:  # nothing to prune, nothing to record
            self.finished = True
            return
        made = self.made | set(config.theme.static_templates) | {"sitemap.xml.gz"}
        found = settle(Path(config.site_dir), made if self.dirty else None, self.started, keep)
        if found.removed:
            more = " ..." if len(found.removed) > 5 else ""
            log.info(
                f"--dirty: removed what is no longer built: {', '.join(found.removed[:5])}{more}"
            )
        if self.last is not None and found.through_links:
            raise PluginError(
                f"--dirty: wrote into the last site's files: {found.through_links[:5]}"
            )
        if self.record is not None:
            self.record.site = found.sizes
        self.finished = True

    def failed(self) -> None:
        self.finished = False

    def close(self) -> None:
        """Swap the staged site in, or drop it; then record it for the next build."""
        if self.staging is None or self.config is None:
            return
        staging, self.staging = self.staging, None
        self.config.site_dir = str(staging.final)  # gh-deploy reads it afterwards
        if not self.finished:
            staging.discard()
            log.error(f"Build failed: {staging.final} was not changed")
            return
        if self.cache is not None:  # no record may describe a site not in place
            Record.clear(self.cache)
        try:
            if warning := staging.commit():
                log.warning(warning)
        except StagingError as exc:
            log.error(str(exc))
            raise Abort("Aborted: the site was not replaced") from None
        log.info(f"Site written to {staging.final}")
        if self.cache is not None and self.record is not None:
            try:
                self.record.save(self.cache)
            except OSError as exc:
                log.info(f"could not record the build in {self.cache}: {exc.strerror or exc}")
