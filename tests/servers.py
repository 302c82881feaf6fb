"""Servers the tests read sites from: a static file server (as a static host serves a
built site) and ``mkdocs serve`` (as an editor previews), each waited on by condition,
never by a fixed sleep.

>>> sock = bound_socket()
>>> base_url(sock, "risk/").startswith("http://127.0.0.1:") and base_url(sock).endswith("/")
True
>>> sock.close()
"""

from __future__ import annotations

import gzip
import http.server
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def bound_socket() -> socket.socket:
    """A socket bound to a free port of 127.0.0.1: the address is ours before the site
    that names it is built, and no other process can take it meanwhile."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


def base_url(sock: socket.socket, folder: str = "") -> str:
    return f"http://127.0.0.1:{sock.getsockname()[1]}/{folder}"


def free_port() -> int:
    """A port free now, for a server in another process (``mkdocs serve``)."""
    with bound_socket() as sock:
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET ``url`` as a browser would: (status, content type, body)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.headers.get_content_type(), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


@dataclass
class StaticSite:
    """A built site served by a plain static file server on 127.0.0.1."""

    root: Path  # the built site (its folder may sit below the server's root, as on Pages)
    base: str  # its address: "http://127.0.0.1:<port>/" or ".../risk/"
    requests: list[tuple[str, int]] = field(default_factory=list)  # (path, status) served


def serve_static(docroot: Path, sock: socket.socket) -> tuple[http.server.HTTPServer, list]:
    """Serve ``docroot`` on ``sock`` (see :func:`bound_socket`) in a daemon thread, as a
    static host does; log each request's (path, status)."""
    log: list[tuple[str, int]] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(docroot), **kwargs)

        def log_request(self, code: Any = "-", size: Any = "-") -> None:
            log.append((self.path, int(code) if str(code).isdigit() else 0))

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep the test output quiet; requests are in ``log``

    server = http.server.ThreadingHTTPServer(sock.getsockname(), Handler, False)
    server.socket.close()
    server.socket = sock
    server.daemon_threads = True
    server.server_activate()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, log


def stop_static(server: http.server.HTTPServer) -> None:
    server.shutdown()
    server.server_close()


#: What ``mkdocs serve`` logs once a rebuild is over: it serves the new pages, or the
#: builder raised (MkDocs then keeps serving the old ones, "stuck" until the next edit).
_REBUILT = re.compile(r"Reloading browsers|An error happened during the rebuild")
_SERVING = re.compile(r"Serving on http")


@dataclass
class Serve:
    """A running ``mkdocs serve``: its address, and its log as it comes."""

    proc: subprocess.Popen[str]
    base: str
    log: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.changed:
                self.log.append(line.rstrip("\n"))
                self.changed.notify_all()
        self.proc.wait()
        with self.changed:
            self.changed.notify_all()  # the process ended: poll() says so now

    def _wait_for(self, what: str, done: Any, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not done():
                left = deadline - time.monotonic()
                if self.proc.poll() is not None or left <= 0:
                    ended = "exited" if self.proc.poll() is not None else "timed out"
                    raise AssertionError(f"mkdocs serve {ended} before {what}:\n" + self.tail())
                self.changed.wait(left)

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log[-lines:])

    def rebuilds(self) -> int:
        """Rebuilds finished so far (the first build is not one)."""
        with self.changed:
            return sum(bool(_REBUILT.search(line)) for line in self.log)

    def edit(self, path: Path, text: str, timeout: float = 60) -> None:
        """Write ``text`` to ``path`` and wait until the rebuild it causes is served; fail
        at once if it raised."""
        before = self.rebuilds()
        path.write_text(text, "utf-8")
        self._wait_for("rebuilding", lambda: self.rebuilds() > before, timeout)
        last = next(line for line in reversed(self.log) if _REBUILT.search(line))
        assert "An error happened" not in last, self.tail()

    def get(self, path: str = "") -> tuple[int, str]:
        """GET ``path`` below the base: (status, body). MkDocs answers once no rebuild is
        under way, so this is the site as the last finished build left it."""
        status, body = self.get_bytes(path)
        return status, body.decode("utf-8")

    def get_bytes(self, path: str = "") -> tuple[int, bytes]:
        """:meth:`get`, the body as served (a compressed data file is bytes)."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, b""

    def text(self, path: str) -> str:
        """The text of the page or file at ``path`` (which must be served), a ``.gz`` file
        decompressed as a data user reads it."""
        status, body = self.get_bytes(path)
        assert status == 200, f"HTTP {status} for {self.base + path}:\n{self.tail()}"
        return (gzip.decompress(body) if path.endswith(".gz") else body).decode("utf-8")

    def page(self, path: str = "") -> str:
        """The page at ``path``, which must be served (a 404 fails at once)."""
        status, body = self.get(path)
        assert status == 200, f"HTTP {status} for {self.base + path}:\n{self.tail()}"
        return body


#: ``python -m mkdocs``, with Ctrl+C (SIGINT) turned into KeyboardInterrupt as in a
#: terminal. A process started with SIGINT ignored (the tests run as a background job of
#: a script: POSIX shells start those so) passes that on to its children, and Python then
#: leaves it ignored: serve would never see the Ctrl+C a test sends, and be killed.
_CTRL_C_REACHES = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('mkdocs', run_name='__main__', alter_sys=True)"
)


@contextmanager
def mkdocs_serve(
    project: Path, *args: str, env: dict[str, str], stop: int = signal.SIGTERM
) -> Iterator[Serve]:
    """``mkdocs serve`` (live reload on) in ``project`` on a free port, with ``args``;
    yields once it serves, and stops it afterwards with ``stop`` (SIGINT: Ctrl+C, as an
    editor does, which lets the plugin save its cache)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", _CTRL_C_REACHES, "serve", "--dev-addr", f"127.0.0.1:{port}", *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    serve = Serve(proc, f"http://127.0.0.1:{port}/")
    threading.Thread(target=serve._read, daemon=True).start()
    try:
        serve._wait_for("serving", lambda: any(_SERVING.search(ln) for ln in serve.log), 120)
        yield serve
    finally:
        proc.send_signal(stop)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
