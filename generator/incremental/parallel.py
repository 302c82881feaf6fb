"""The second core: one piece of work done in a forked process while this one goes on.

A cold build of 1,000 entries spends about as long rendering article pages as on every
other page, feed and data file together, and loading splits evenly by file. Both halves
run at once in two processes: :class:`Job` forks (the child shares everything loaded so
far, copy-on-write, so nothing is sent to it), the child runs ``work()``, a generator,
and writes each value it yields, pickled, into a file in memory as soon as it is yielded
(so a child never waits for this process to read, and a part finished early is not
pickled at the end), and ``result()`` reads them all.

Only an optimisation, never a second code path for results: where fork is not available
or not safe (:func:`fork_allowed`: not Linux, one CPU, other threads running, as under
``mkdocs serve``, or ``BRIEFING_JOBS=1``), or the child fails in any way, ``result()`` runs
``work()`` in this process, so results and error messages are exactly those of a serial run.

>>> def work():
...     yield sum(range(10))
...     yield "done"
>>> with Job(work) as job:
...     job.result()
[45, 'done']
"""

from __future__ import annotations

import mmap
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
#: Fewer pieces of work than this (entries to load, article pages to render) are done in
#: this process: a fork costs more than it saves.
PARALLEL_MIN = 64
#: What a child writes to its pipe once every value is in the memory file.
_DONE = b"\1"
#: Each value in the memory file: its pickle's length, then the pickle.
_LENGTH = 8


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

    ``work()`` yields its results; ``result()`` waits for the child and returns ``then()``
    of the list of them (``then`` runs here, so it may change this process's state);
    leaving a ``with`` block without asking for the result stops the child.
    ``fork=False``: run it here, when ``result()`` is asked.
    """

    def __init__(
        self,
        work: Callable[[], Iterator[T]],
        then: Callable[[list[T]], R] = _same,
        *,
        fork: bool = True,
        meanwhile: Callable[[], None] | None = None,
    ):
        self.work = work
        self.then = then
        self.meanwhile = meanwhile
        self.pid = 0
        self.pipe = -1
        self.data = -1
        if fork and available():
            self._fork()

    def _fork(self) -> None:
        try:
            data = os.memfd_create("briefing-job", os.MFD_CLOEXEC)
        except (AttributeError, OSError):  # (no memory files here: the work is done here)
            return
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (data, read_end, write_end):
                os.close(fd)
            return
        if pid == 0:  # the child: never returns into the caller's code
            os.close(read_end)
            status = 0
            try:
                with os.fdopen(data, "wb") as out:
                    for value in self.work():
                        pickled = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                        out.write(len(pickled).to_bytes(_LENGTH, "little"))
                        out.write(pickled)
                os.write(write_end, _DONE)
            except BaseException:  # the parent redoes the work and reports any error itself
                status = 1
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid, self.pipe, self.data = pid, read_end, data

    @property
    def forked(self) -> bool:
        """Whether the work is being done in a child (else ``result()`` does it here)."""
        return self.pid != 0

    def result(self) -> R:
        """``then()`` of what the child yielded, or of ``work()`` run here if there is no
        child or it failed. ``meanwhile()``, if given, runs here first (e.g. taking a share
        of the work, see :class:`Split`)."""
        if self.meanwhile is not None:
            self.meanwhile()
        return self.then(self._result())

    def _result(self) -> list[Any]:
        if not self.pid:
            return list(self.work())
        try:
            done = os.read(self.pipe, 1) == _DONE  # (at its end: an empty read)
        finally:
            os.close(self.pipe)
        values = None
        if done:
            try:
                values = _read_values(self.data)
            except Exception:
                values = None
        os.close(self.data)
        # (reaped once its values are read: meanwhile the kernel takes its memory back)
        os.waitpid(self.pid, 0)
        self.pid = 0
        return list(self.work()) if values is None else values

    def close(self) -> None:
        """Stop a child whose result is no longer wanted."""
        if self.pid:
            os.close(self.pipe)
            os.close(self.data)
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0

    def __enter__(self) -> Job[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_values(fd: int) -> list[Any]:
    """Every value a child wrote into the memory file ``fd``, in order."""
    size = os.fstat(fd).st_size
    if size == 0:
        return []
    values = []
    with mmap.mmap(fd, size, access=mmap.ACCESS_READ) as memory, memoryview(memory) as view:
        at = 0
        while at < size:
            length = int.from_bytes(view[at : at + _LENGTH], "little")
            at += _LENGTH
            with view[at : at + length] as pickled:
                values.append(pickle.loads(pickled))
            at += length
    return values
