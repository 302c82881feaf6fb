"""Run a build in a fresh process with every fork of ``generator/incremental/parallel.py`` counted,
and, if asked, every forked child made to fail for real.

    python tests/forks.py LOG [--fail HOW[,HOW...]] mkdocs build --strict --site-dir SITE
    python tests/forks.py LOG [--fail HOW[,HOW...]] generate PROJECT CACHE OUT

The first runs ``python -m mkdocs ...`` in this process; the second the generator alone
(``build.generate`` of PROJECT with the cache in CACHE, cold if it is empty, saved after)
and pickles its pages, HTML blocks and files to OUT (or, on content errors, their messages). LOG
receives, as JSON, one ``[pid, exit status]`` pair per fork, in order.

Why a process of its own: ``parallel.py`` forks only where no other thread runs, and the
test session keeps server threads alive. ``BRIEFING_JOBS=2`` (set here) lets it fork even
on a machine with one CPU.

``--fail`` makes the children fail as they hand their result back, after doing their
share of the work (so the parent must redo all of it), the first child as the first HOW
says, the second as the second, and so on: ``raise`` an exception (the child exits 1), or
``kill`` the child with SIGKILL, as the kernel's out-of-memory killer would.
"""

from __future__ import annotations

import atexit
import json
import os
import pickle
import runpy
import signal
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any


def _fail_at_hand_off(mode: str) -> None:
    """In a child: make ``parallel.py``'s pickling of the finished work fail."""
    from generator.incremental import parallel

    def dumps(*args: Any, **kwargs: Any) -> bytes:
        if mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise RuntimeError("this child fails on purpose (tests/forks.py --fail raise)")

    parallel.pickle = SimpleNamespace(  # type: ignore[assignment]
        dumps=dumps, HIGHEST_PROTOCOL=pickle.HIGHEST_PROTOCOL
    )


def count_forks(log: Path, fail: list[str]) -> None:
    """Wrap ``os.fork`` and ``os.waitpid`` to record each child and how it ended."""
    forks: dict[int, int | None] = {}
    real_fork, real_waitpid = os.fork, os.waitpid

    def fork() -> int:
        pid = real_fork()
        if pid == 0:
            if len(forks) < len(fail):
                _fail_at_hand_off(fail[len(forks)])
        else:
            forks[pid] = None
        return pid

    def waitpid(pid: int, options: int) -> tuple[int, int]:
        done, status = real_waitpid(pid, options)
        if done in forks:
            forks[done] = os.waitstatus_to_exitcode(status)
        return done, status

    os.fork, os.waitpid = fork, waitpid  # type: ignore[assignment]

    def write() -> None:
        log.write_text(json.dumps(list(forks.items())), "utf-8")

    atexit.register(write)  # not run by the children: they leave by os._exit


def generate_to(project: Path, cache: Path, out: Path) -> None:
    from generator.build import generate
    from generator.errors import ContentErrors
    from generator.incremental.cache import Cache

    opened = Cache.open(cache)
    try:
        output = generate(project / "content", project, cache=opened)
    except ContentErrors as exc:
        result: Any = [str(e) for e in exc.errors]
    else:
        result = {"pages": output.pages, "blocks": output.blocks, "files": output.files}
        opened.save()  # as the plugin does after a build
    out.write_bytes(pickle.dumps(result))


def main(argv: list[str]) -> None:
    log = Path(argv.pop(0))
    fail: list[str] = []
    if argv[0] == "--fail":
        fail = argv[1].split(",")
        argv = argv[2:]
    os.environ["BRIEFING_JOBS"] = "2"
    count_forks(log, fail)
    if argv[0] == "generate":
        generate_to(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        return
    sys.argv = argv
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
