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

import atexit
import contextlib
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
#: What a child writes to its pipe once a value is in the memory file, and once all are.
_ONE, _DONE = b"v", b"d"
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


#: Children that handed all their values over and may still be ending (:func:`_reap_later`).
_ENDING: list[int] = []


def _reap_later(pid: int) -> None:
    """Reap a child that has handed its values over, without waiting for it to end (the
    kernel takes its memory back, 10–20 ms for a large one): it is reaped now if it has
    ended, else when the next child is, or when this process exits."""
    _ENDING.append(pid)
    for ending in list(_ENDING):
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(ending, os.WNOHANG)[0] == 0:
                continue
        _ENDING.remove(ending)


@atexit.register
def reap_all() -> None:
    """Wait for every child still ending (at exit; a benchmark counting their CPU time)."""
    while _ENDING:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_ENDING.pop(), 0)


class Split:
    """Items ``0..n-1`` shared out a few at a time: the child takes them from the front,
    this process from the back once it is done with its own work, so neither waits long
    for the other whatever the sizes. At most ``chunk`` at a time, fewer as the items run
    out (a quarter of what is left), so the two end together. Forked with the child
    (shared memory and a lock).

    >>> split = Split(20, chunk=8)
    >>> split.take(front=True), split.take(front=False), split.take(front=True)
    (range(0, 5), range(17, 20), range(5, 8))
    >>> sum(len(split.take(front=False)) for _ in range(20))  # the rest, one by one at last
    9
    """

    def __init__(self, n: int, chunk: int = 8):
        ctx = multiprocessing.get_context("fork") if available() else multiprocessing
        self._ends = ctx.RawArray("q", [0, n])
        self._lock = ctx.Lock()
        self.chunk = chunk

    def take(self, front: bool) -> range:
        with self._lock:
            lo, hi = self._ends[0], self._ends[1]
            size = min(self.chunk, max(1, (hi - lo) // 4))
            if front:
                end = min(lo + size, hi)
                self._ends[0] = end
                return range(lo, end)
            start = max(hi - size, lo)
            self._ends[1] = start
            return range(start, hi)


class Job(Generic[R]):
    """``work()`` running in a forked child (or, where that is not possible, not yet run).

    ``work()`` yields its results; ``result()`` waits for the child and returns ``then()``
    of the list of them (``then`` runs here, so it may change this process's state);
    :meth:`poll` takes, without waiting, those the child has yielded so far. Leaving a
    ``with`` block without asking for the result stops the child. ``fork=False``: run it
    here, when ``result()`` is asked.

    How a child hands its results over: each value, pickled, is appended to a file in
    memory (its length, then its bytes), then one byte written to a pipe says so (a last
    :data:`_DONE` says all are there). The child never waits for this process to read, a
    value yielded early is pickled while there is other work to do, and this process
    reads it when it likes.
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
        #: What this process has read of the child's values, where the next one starts in
        #: the memory file, how many the pipe has announced and not yet read, and whether
        #: the child said it yielded its last.
        self._values: list[Any] = []
        self._at = 0
        self._announced = 0
        self._done = False
        self._broken = False
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
                        out.flush()
                        os.write(write_end, _ONE)
                os.write(write_end, _DONE)
            except BaseException:  # the parent redoes the work and reports any error itself
                status = 1
            finally:
                os._exit(status)
        os.close(write_end)
        os.set_blocking(read_end, False)
        self.pid, self.pipe, self.data = pid, read_end, data

    @property
    def forked(self) -> bool:
        """Whether the work is being done in a child (else ``result()`` does it here)."""
        return self.pid != 0

    def poll(self) -> list[Any]:
        """The values the child has yielded since the last poll, without waiting (none
        where there is no child). ``result()`` gives them again, with the rest; if the
        child fails, it gives ``work()``'s run here instead."""
        if not self.pid or self._broken:
            return []
        with contextlib.suppress(BlockingIOError):
            self._heard(os.read(self.pipe, 4096))
        try:
            return self._read()
        except Exception:  # (result() does the work again here)
            self._broken = True
            return []

    def _heard(self, said: bytes) -> None:
        self._announced += said.count(_ONE)
        self._done = self._done or _DONE in said

    def _read(self) -> list[Any]:
        new: list[Any] = []
        for _ in range(self._announced):
            length = int.from_bytes(os.pread(self.data, _LENGTH, self._at), "little")
            new.append(_unpickle(self.data, self._at + _LENGTH, length))
            self._at += _LENGTH + length
        self._announced = 0
        self._values += new
        return new

    def result(self) -> R:
        """``then()`` of what the child yielded, or of ``work()`` run here if there is no
        child or it failed. ``meanwhile()``, if given, runs here first (e.g. taking a share
        of the work, see :class:`Split`)."""
        if self.meanwhile is not None:
            self.meanwhile()
        values = self._result()
        # (a meanwhile may hold this job, to poll it: a cycle the collector may not see
        # in time, with every value; a build freezes what it made: ``gc.freeze``)
        self.meanwhile, self._values = None, []
        return self.then(values)

    def _result(self) -> list[Any]:
        if not self.pid:
            return list(self.work())
        os.set_blocking(self.pipe, True)
        ok = False
        try:
            while not self._done and (said := os.read(self.pipe, 4096)):  # (b"": it ended)
                self._heard(said)
            if self._done and not self._broken:
                self._read()
                ok = True
        except Exception:  # (a value that cannot be read: the work is done again here)
            ok = False
        finally:
            os.close(self.pipe)
            os.close(self.data)
        if ok:  # (not waited for: the kernel takes its memory back meanwhile)
            _reap_later(self.pid)
        else:
            os.waitpid(self.pid, 0)
        self.pid = 0
        return self._values if ok else list(self.work())

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


#: Values this large are unpickled from the memory file mapped in (not copied out first:
#: a copy is new memory, every page of it a fault, ~2.5 µs each here).
_MAPPED = 1 << 20


def _unpickle(fd: int, at: int, length: int) -> Any:
    """The value pickled in ``length`` bytes of ``fd`` from ``at``."""
    if length < _MAPPED:
        pickled = os.pread(fd, length, at)
        if len(pickled) != length:
            raise EOFError("a child's value is cut short")
        return pickle.loads(pickled)
    start = at - at % mmap.ALLOCATIONGRANULARITY
    flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
    mapped = mmap.mmap(fd, at + length - start, flags, mmap.PROT_READ, offset=start)
    with mapped, memoryview(mapped)[at - start :] as view:
        return pickle.loads(view)
