"""Where the cache's tables live between runs: one SQLite file, read a row at a time.

A build writes only the rows that changed (and deletes the rows no run used), so one
new entry and one edit at 10,000 entries do not rewrite the ~580 MB of whole tables that
pickled dictionaries cost. It reads a table in one pass (a build asks for nearly every
row, and one pass over 64 KiB pages is several times faster than a query per row) and
unpickles a row only when asked for it. Each table maps a key (a content hash:
``cache.py`` makes them, so a row is never stale, whatever wrote it) to a value pickled
on its own; entries keep their facts and the pickled entry apart, so the entry is
unpickled only when a page showing it is rendered again.

A file that cannot be read, of another format or damaged is dropped: the cache is then
empty and the run cold, never wrong. SQLite serializes writers, so a build beside
``mkdocs serve`` is safe; a connection is used only in the process that opened it (the
second process of ``parallel.py`` never reads the cache).

>>> import tempfile
>>> store = Store(Path(tempfile.mkdtemp()) / "cache.sqlite")
>>> store.write({"pages": {"k": ("# A", ())}}, {"pages": set()})
>>> Store(store.path).get("pages", "k")
('# A', ())
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

#: The tables (``entries`` has two value columns: the facts, and the pickled entry).
TABLES = ("entries", "pages", "files")
#: Bumped when the layout changes: a file of another format is read as empty, and
#: replaced when the cache is saved.
FORMAT = 2
#: Big pages: a row (a page's Markdown, a feed) fits in a few, read in one pass.
PAGE_SIZE = 65536
_PROTOCOL = pickle.HIGHEST_PROTOCOL
_ERRORS = (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)


class Store:
    """The cache's file: rows read on demand, written in one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        #: Each table read so far: key -> the pickled value, until asked for.
        self._rows: dict[str, dict[str, bytes]] = {}

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        if self._pid != os.getpid():
            self._conn = None  # (a connection never crosses a fork)
        if not create and not self.path.is_file():
            return None
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error:  # damaged
            conn, version = None, None
        if version != FORMAT:
            if conn is not None:
                conn.close()
            if not create:
                return None
            with contextlib.suppress(OSError):  # another format, or damaged: start again
                self.path.unlink()
            conn = _create(self.path)
        assert conn is not None
        conn.execute("PRAGMA synchronous = NORMAL")
        self._conn, self._pid = conn, os.getpid()
        return conn

    def entries(self) -> dict[str, tuple[Any, bytes]]:
        """The whole entries table: key -> (facts, the pickled entry)."""
        conn = self._connect(create=False)
        if conn is None:
            return {}
        was_enabled = gc.isenabled()
        gc.disable()  # unpickling makes many objects and no cycles (see build.generate)
        try:
            rows = conn.execute("SELECT key, facts, article FROM entries").fetchall()
            return {key: (pickle.loads(facts), bytes(article)) for key, facts, article in rows}
        except _ERRORS:
            return {}
        finally:
            if was_enabled:
                gc.enable()

    def get(self, table: str, key: str) -> Any:
        """The value of ``key`` in ``table`` (pages, files), or None; the table is read
        the first time, and each row handed out once (``Cache`` keeps what it got)."""
        rows = self._rows.get(table)
        if rows is None:
            rows = self._rows[table] = self._read(table)
        blob = rows.pop(key, None)
        try:
            return None if blob is None else pickle.loads(blob)
        except _ERRORS:
            return None

    def _read(self, table: str) -> dict[str, bytes]:
        conn = self._connect(create=False)
        if conn is None:
            return {}
        try:
            return dict(conn.execute(f"SELECT key, value FROM {table}"))
        except sqlite3.Error:
            return {}

    def keys(self, table: str) -> set[str]:
        conn = self._connect(create=False)
        if conn is None:
            return set()
        try:
            return {key for (key,) in conn.execute(f"SELECT key FROM {table}")}
        except sqlite3.Error:
            return set()

    def write(self, new: Mapping[str, Mapping[str, Any]], gone: Mapping[str, set[str]]) -> None:
        """Add the ``new`` rows (table -> key -> value; an entry's value is (facts, its
        pickle)) and delete the ``gone`` keys, in one transaction. Raises OSError (or
        sqlite3.Error, as OSError) when the file cannot be written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = self._connect(create=True)
            assert conn is not None
            conn.execute("BEGIN IMMEDIATE")
            try:
                for table, rows in new.items():
                    conn.executemany(
                        f"INSERT OR REPLACE INTO {table} VALUES ({_holes(table)})",
                        _rows(table, rows),
                    )
                for table, keys in gone.items():
                    conn.executemany(f"DELETE FROM {table} WHERE key = ?", ((k,) for k in keys))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise OSError(f"{self.path}: {exc}") from None

    def close(self) -> None:
        self._rows = {}
        conn, self._conn = self._conn, None
        if conn is not None and self._pid == os.getpid():
            conn.close()


def _create(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # (before the first table)
    conn.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, facts BLOB, article BLOB)")
    conn.execute("CREATE TABLE pages (key TEXT PRIMARY KEY, value BLOB)")
    conn.execute("CREATE TABLE files (key TEXT PRIMARY KEY, value BLOB)")
    conn.execute(f"PRAGMA user_version = {FORMAT}")
    return conn


def _holes(table: str) -> str:
    return "?, ?, ?" if table == "entries" else "?, ?"


def _rows(table: str, rows: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
    for key, value in rows.items():
        if table == "entries":
            facts, article = value
            blob = article if isinstance(article, bytes) else pickle.dumps(article, _PROTOCOL)
            yield key, pickle.dumps(facts, _PROTOCOL), blob
        else:
            yield key, pickle.dumps(value, _PROTOCOL)
