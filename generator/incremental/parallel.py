"""The second core: one piece of work done in a forked process while this one goes on.

A cold build of 1,000 entries spends about as long rendering article pages as on every
other page, feed and data file together, and loading splits evenly by file. Both halves
run at once in two processes: :class:`Job` forks (the child shares everything loaded so
far, copy-on-write, so nothing is sent to it), the child runs ``work()`` and pickles the
result back through a pipe, and ``result()`` returns it.

Only an optimisation, never a second code path for results: where fork is not available
or not safe (:func:`fork_allowed`: not Linux, one CPU, other threads running, as under
``mkdocs serve``, or ``BRIEFING_JOBS=1``), or the child fails in any way, ``result()`` runs
``work()`` in this process, so results and error messages are exactly those of a serial run.

>>> with Job(lambda: sum(range(10))) as job:
...     job.result()
45
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
#: Fewer pieces of work than this (entries to load, article pages to render) are done in
#: this process: a fork costs more than it saves.
PARALLEL_MIN = 64
_FAILED = b"\0failed"


def _same(value: Any) -> Any:
    return value


def available() -> bool:
    """True where work may be forked off now (see :func:`fork_allowed`)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    jobs = os.environ.get("BRIEFING_JOBS", "")
    return fork_allowed(jobs, sys.platform, cpus, threading.active_count())


def fork_allowed(jobs: str, platform: str, cpus: int, threads: int) -> bool:
    """The fork condition: Linux, no other thread (a fork copies locks other threads may
    hold), and 2+ CPUs; ``BRIEFING_JOBS`` (``jobs``) ``1`` turns it off, ``2`` forks even
    on one CPU (the tests use it, so the forked path runs on any machine).

    >>> fork_allowed("", "linux", cpus=2, threads=1)
    True
    >>> fork_allowed("", "linux", cpus=1, threads=1), fork_allowed("2", "linux", 1, 1)
    (False, True)
    >>> fork_allowed("1", "linux", cpus=8, threads=1)
    False
    >>> fork_allowed("2", "linux", cpus=8, threads=3)  # mkdocs serve's server threads
    False
    >>> fork_allowed("", "darwin", cpus=8, threads=1)
    False
    """
    if jobs.strip() == "1" or not platform.startswith("linux") or threads != 1:
        return False
    return cpus >= 2 or jobs.strip() == "2"


class Split:
    """Items ``0..n-1`` shared out a few at a time: the child takes them from the front,
    this process from the back once it is done with its own work, so neither waits long
    for the other whatever the sizes. Forked with the child (shared memory and a lock).

    >>> split = Split(20, chunk=8)
    >>> split.take(front=True), split.take(front=False), split.take(front=True)
    (range(0, 8), range(12, 20), range(8, 12))
    >>> len(split.take(front=False))  # all taken
    0
    """

    def __init__(self, n: int, chunk: int = 8):
        ctx = multiprocessing.get_context("fork") if available() else multiprocessing
        self._ends = ctx.RawArray("q", [0, n])
        self._lock = ctx.Lock()
        self.chunk = chunk

    def take(self, front: bool) -> range:
        with self._lock:
            lo, hi = self._ends[0], self._ends[1]
            if front:
                end = min(lo + self.chunk, hi)
                self._ends[0] = end
                return range(lo, end)
            start = max(hi - self.chunk, lo)
            self._ends[1] = start
            return range(start, hi)


class Job(Generic[R]):
    """``work()`` running in a forked child (or, where that is not possible, not yet run).

    ``result()`` waits for it and returns ``then(its result)`` (``then`` runs here, so it
    may change this process's state); leaving a ``with`` block without asking for the
    result stops the child. ``fork=False``: run it here, when ``result()`` is asked.
    """

    def __init__(
        self,
        work: Callable[[], T],
        then: Callable[[T], R] = _same,
        *,
        fork: bool = True,
        meanwhile: Callable[[], None] | None = None,
    ):
        self.work = work
        self.then = then
        self.meanwhile = meanwhile
        self.pid = 0
        self.pipe = -1
        if fork and available():
            self._fork()

    def _fork(self) -> None:
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the child: never returns into the caller's code
            os.close(read_end)
            status = 0
            try:
                data = pickle.dumps(self.work(), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # the parent redoes the work and reports any error itself
                data, status = _FAILED, 1
            try:
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid, self.pipe = pid, read_end

    @property
    def forked(self) -> bool:
        """Whether the work is being done in a child (else ``result()`` does it here)."""
        return self.pid != 0

    def result(self) -> R:
        """``then()`` of the child's result, or of ``work()`` run here if there is no child
        or it failed. ``meanwhile()``, if given, runs here first (e.g. taking a share of the
        work, see :class:`Split`)."""
        if self.meanwhile is not None:
            self.meanwhile()
        return self.then(self._result())

    def _result(self) -> Any:
        if not self.pid:
            return self.work()
        with os.fdopen(self.pipe, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if status != 0 or not data or data == _FAILED:
            return self.work()
        try:
            return pickle.loads(data)
        except Exception:
            return self.work()

    def close(self) -> None:
        """Stop a child whose result is no longer wanted."""
        if self.pid:
            os.close(self.pipe)
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0

    def __enter__(self) -> Job[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
