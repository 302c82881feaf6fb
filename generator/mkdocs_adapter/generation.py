"""One run of the pipeline per MkDocs build, with the cache, and what it leaves for the next.

``mkdocs build`` generates once: bad content stops it with every problem listed, before
MkDocs cleans ``site/``. ``mkdocs serve`` generates on every rebuild and, when an edit
breaks an entry, keeps serving the last good output (or, if there never was one, a
placeholder) with the errors on every page (``preview.py``). The cache is opened once
and saved after a build, or in ``mkdocs serve`` once, on shutdown (its tables are big).

>>> runs = Generations(serving=False, cache_dir=Path(".cache/briefing"))  # doctest: +SKIP
>>> runs.run(functools.partial(generate, Path("content")))          # doctest: +SKIP
>>> runs.output.pages["index.md"][:3]                           # doctest: +SKIP
'---'
"""

from __future__ import annotations

import atexit
import functools
import gc
import logging
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..build import Output, generate
from ..content.schedule import BuildDayError, scheduled_note
from ..errors import ContentError, ContentErrors
from ..incremental.cache import Cache
from .preview import placeholder

log = logging.getLogger("mkdocs.plugins.briefing")


class Generations:
    """The output of the latest good run, the errors of the latest run (serve only), and
    the output before it (what a dirty rebuild compares with)."""

    def __init__(self, *, serving: bool, cache_dir: Path | None = None, once: bool = False) -> None:
        self.serving = serving
        #: The ``mkdocs build`` command: one run, whose output lasts to the process's end
        #: (:meth:`run` freezes it, so no collection walks it again).
        self.once = once and not serving
        #: Where the cache is kept (None: no cache); the plugin sets it from its config.
        self.cache_dir = cache_dir
        self.cache: Cache | None = None
        self.output: Output | None = None
        self.errors: tuple[ContentError, ...] = ()
        self.previous: Output | None = None
        self.previous_errors: tuple[ContentError, ...] = ()

    def generate(self, content: Path, root: Path, config: MkDocsConfig) -> None:
        """:meth:`run` the pipeline on ``content`` for the site ``config`` describes
        (``mkdocs serve`` shows scheduled entries, marked)."""
        site_url, name = config.site_url or None, config.site_name
        pipeline = functools.partial(generate, content, root, site_url=site_url, site_name=name)
        self.run(functools.partial(pipeline, preview=self.serving))

    def run(self, generate: Callable[..., Output]) -> None:
        """``generate(cache=...)`` the next output (``build.generate``). Content errors
        stop a build, every one listed; ``mkdocs serve`` logs them and keeps the last good
        output."""
        if self.cache is None and self.cache_dir is not None:
            self.cache = Cache.open(self.cache_dir)
        self.previous, self.previous_errors = self.output, self.errors
        try:
            self.output = generate(cache=self.cache)
        except BuildDayError as exc:
            raise PluginError(str(exc)) from None
        except ContentErrors as exc:
            if not self.serving:
                raise PluginError(f"content errors, nothing was built:\n{exc.report()}") from None
            self._keep_last_good(tuple(exc.errors))
            return
        if self.once:
            # Every later automatic collection walked the output's objects (a million at
            # 10,000 entries: ~1 s of a dirty build): they stay until the process ends,
            # so out of the collector's sight (``gc.freeze``), as at the exit.
            gc.freeze()
        self.errors = ()
        if note := scheduled_note(self.output.site):
            log.info(note)
        if not self.serving:
            self.close()  # a build needs the cache no more: its tables are big

    def _keep_last_good(self, errors: tuple[ContentError, ...]) -> None:
        self.errors = errors
        for err in errors:
            log.error(str(err))
        if self.output is None:  # nothing good yet: serve the errors, wait for a fix
            self.output = placeholder()
            log.error("no pages until these are fixed: every page shows the errors")
        else:
            log.error("keeping the last good pages until these are fixed")

    def before(self) -> Output | None:
        """What this output differs from, for a dirty rebuild (which renders only what
        changed): the previous output, unless the errors shown on every page changed."""
        return self.previous if self.errors == self.previous_errors else None

    def shutdown(self) -> None:
        """``mkdocs serve`` saves the cache once, when it stops (a failed build does not)."""
        if self.serving:
            self.close()

    def close(self) -> None:
        """Keep the cache for the next build; if it cannot be written, that build is cold."""
        cache, self.cache = self.cache, None
        if cache is None:
            return
        try:
            cache.save()
        except OSError as exc:
            log.info(f"could not save the build cache in {cache.folder}: {exc.strerror or exc}")


@functools.cache  # (registered once)
def leave_memory_to_the_os() -> None:
    """At the exit of the ``mkdocs`` command, skip Python's last passes over its objects
    (``gc.freeze`` in an exit handler): the system takes back a process's memory at once,
    while those passes freed a 10,000-entry site's objects one by one (pages, files, the
    navigation: ~3 s of a dirty build, after the site was written). Only the command's
    exit is changed (MkDocs' ``on_startup``, not a build run from Python); every file is
    closed by then (each written in a ``with``), so nothing is left unflushed.

    >>> leave_memory_to_the_os()  # doctest: +SKIP
    """
    atexit.register(gc.freeze)  # (frozen objects are in no collection)
