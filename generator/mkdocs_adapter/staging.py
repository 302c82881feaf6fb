"""Atomic site builds: build into a fresh sibling folder, put it in place only on success.

MkDocs empties ``site/`` before writing the new pages, so any failure after that point
(a plugin error, a template error, a strict-mode warning) would leave a half-written
site where the published one was. Instead the plugin points MkDocs at a staging folder
next to ``site/`` (``.site.new-<pid>-<random>``) and, once the build has finished without
error, swaps the two with two renames on the same filesystem; on failure the staging
folder is removed and ``site/`` is exactly as it was. A ``--dirty`` build that starts
from the last site writes only what changed into the staging folder and moves those
files into ``site/`` one by one (``inplace.py``: atomic per file, not per site).

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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import Files

from ..errors import BriefingError
from .dirty import Record, build_key, digest, why_not_reused
from .inplace import commit_in_place, judge_by_published, measure, obsolete

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


class Staging:
    """A staging folder beside ``final``; ``commit()`` puts it in place (``update()``: its
    files, for a dirty build), ``discard()`` drops it. ``removed``: what was left beside
    ``final`` by builds that were killed, now removed.
    """

    def __init__(self, final: Path):
        self.final = final.absolute()
        parent = self.final.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StagingError(f"cannot create {parent} for the site: {_why(exc)}") from None
        self.removed: list[Path] = []
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
            # mkdtemp creates 0700; a published folder must stay readable by the web server.
            mode = self.final.stat().st_mode & 0o7777 if self.final.is_dir() else 0o777 & ~_umask()
            os.chmod(self.path, mode | stat.S_IWUSR)
        except OSError as exc:
            self.discard()
            raise StagingError(f"cannot prepare {self.path} for the site: {_why(exc)}") from None

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

    def update(self, written: Iterable[str], removed: Iterable[str]) -> None:
        """Move the ``written`` files of the staging folder into the site in place and
        remove the ``removed`` ones there (``inplace.py``); then drop the staging folder."""
        try:
            commit_in_place(self.path, self.final, written, removed)
        except OSError as exc:
            self.discard()
            raise StagingError(
                f"could not update {self.final} in place ({_why(exc)}): it is partly updated, "
                "and the next build builds every page again"
            ) from None
        self.discard()

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # if not now, the next build removes it
            remove_tree(self.path)


def _none(path: str) -> bool:
    return False


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
    record says it may (``last``; then ``published`` is the site, updated in place),
    else from nothing.
    """

    def __init__(self, *, atomic: bool, dirty: bool) -> None:
        self.atomic, self.dirty = atomic, dirty
        self.staging: Staging | None = None
        self.config: MkDocsConfig | None = None
        self.finished = False
        self.made: set[str] = set()
        self.cache: Path | None = None
        #: The last build's record, when this dirty build starts from its site; and this
        #: build's, saved once its site is in place.
        self.last: Record | None = None
        self.record: Record | None = None
        #: A dirty build from the last site: that site (updated in place), the files
        #: written into the staging folder, and those of the last site that go.
        self.published: Path | None = None
        self.written: dict[str, int] = {}
        self.removed: list[str] = []

    def configure(self, config: MkDocsConfig, cache: Path | None = None) -> None:
        """Point MkDocs at a new staging folder beside ``site/``: for a dirty build that
        may start from the last site (its record says so, and so do the sizes of the
        files in place), an empty one for what changed."""
        if not self.atomic or self.staging is not None:
            return
        self.cache = cache
        if cache is not None:
            self.record = Record(build_key(config))
        last = Record.load(cache) if self.dirty and cache is not None else None
        why = why_not_reused(last, self.record, cache)
        try:
            self.staging = Staging(Path(config.site_dir))
        except StagingError as exc:
            raise PluginError(str(exc)) from None
        if last is not None and not why and measure(self.staging.final) != last.site:
            why = f"{self.staging.final.name}/ is not the site the last build made"
        if self.dirty:
            self.last = None if why else last
            self.published = None if why else self.staging.final
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

    def seen(self, files: Files) -> None:
        """The files this build makes (a dirty build removes the rest afterwards; the
        files it copies it compares with the site in place: :func:`judge_by_published`)."""
        self.made = {file.dest_uri for file in files}
        if self.published is not None:
            pages = files.documentation_pages()
            again = sum(1 for file in pages if file.is_modified())
            log.info(f"--dirty: {again} of {len(pages)} pages built again")
            judge_by_published(files, self.published)

    def built(self, config: MkDocsConfig, kept: Callable[[str], bool] | None = None) -> None:
        """The build went through. One from the last site: what it did not make goes
        (but what ``kept`` says the search index keeps of the last site)."""
        if self.record is None and self.published is None:  # nothing to prune or record
            self.finished = True
            return
        self.written = measure(Path(config.site_dir))
        site = self.written
        if self.last is not None and self.published is not None:
            made = self.made | set(config.theme.static_templates) | {"sitemap.xml.gz"}
            self.removed = obsolete(self.last.site, made, self.written, kept or _none)
            gone = set(self.removed)
            site = {p: n for p, n in self.last.site.items() if p not in gone} | self.written
        if self.record is not None:
            self.record.site = site
        self.finished = True

    def failed(self) -> None:
        self.finished = False

    def close(self) -> None:
        """Put the staged site in place (or its files, for a dirty build from the last
        site), or drop it; then record it for the next build."""
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
            if self.published is not None:
                staging.update(self.written, self.removed)
            elif warning := staging.commit():
                log.warning(warning)
        except StagingError as exc:
            log.error(str(exc))
            done = "updated only in part" if self.published is not None else "not replaced"
            raise Abort(f"Aborted: the site was {done}") from None
        if self.removed:
            more = " ..." if len(self.removed) > 5 else ""
            shown = ", ".join(self.removed[:5])
            log.info(f"--dirty: removed what is no longer built: {shown}{more}")
        log.info(f"Site written to {staging.final}")
        if self.cache is not None and self.record is not None:
            try:
                self.record.save(self.cache)
            except OSError as exc:
                log.info(f"could not record the build in {self.cache}: {exc.strerror or exc}")
