"""The cache's tables on disk: a base pickle and a small delta beside it.

A table is hundreds of MB at 10,000 entries (every article page's Markdown), and a day's
publishing changes a few dozen of its rows. Writing it whole after each build cost
seconds; so a save writes only what changed since the base was written (the rows added,
the keys dropped) as ``<name>.delta.pickle``, and writes the base anew (and no delta)
when that delta would be a quarter of the base's size or more. Reading applies the delta
to the base.

A row's key is a hash of everything its value is made of (``cache.py``), so a row is
either there and right, or missing: a delta that does not belong to the base beside it
(the base was written anew or removed since; the delta names the base's size and time)
is ignored, and an unreadable file is an empty table. Neither can change what is built.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> table = Table.read(folder / "pages.pickle")
>>> table.rows.update(a=1, b=2); table.write()          # the first save: a base
>>> table = Table.read(folder / "pages.pickle")
>>> table.rows.update(c=3); del table.rows["a"]; table.write()   # a delta
>>> sorted(Table.read(folder / "pages.pickle").rows.items())
[('b', 2), ('c', 3)]
"""

from __future__ import annotations

import gc
import io
import os
import pickle
from pathlib import Path
from typing import Any

_PROTOCOL = pickle.HIGHEST_PROTOCOL
#: A delta this share of its base's size or more: the base is written anew instead.
REWRITE_AT = 0.25


class Table:
    """One table: ``rows`` as read (base and delta), and what the base on disk holds."""

    def __init__(self, path: Path, rows: dict[Any, Any], base_keys: set[Any], stamp: Any):
        self.path = path
        self.rows = rows
        #: The keys in the base on disk, and its size and time (None: there is none).
        self.base_keys = base_keys
        self.stamp = stamp

    @property
    def delta_path(self) -> Path:
        return self.path.with_name(f"{self.path.stem}.delta{self.path.suffix}")

    @classmethod
    def read(cls, path: Path) -> Table:
        """The table at ``path`` with its delta applied (empty if none or unreadable)."""
        stamp = _stamp(path)
        base = _load(path) if stamp is not None else {}
        keys = set(base)
        delta = _load(path.with_name(f"{path.stem}.delta{path.suffix}"))
        if delta.get("base") == stamp and stamp is not None:
            for key in delta.get("drop", ()):
                base.pop(key, None)
            base.update(delta.get("add", {}))
        return cls(path, base, keys, stamp)

    @classmethod
    def empty(cls, path: Path) -> Table:
        """No rows: the next :meth:`write` saves the table at ``path`` whole."""
        return cls(path, {}, set(), None)

    def write(self, pickler: type[pickle.Pickler] = pickle.Pickler) -> None:
        """Save ``rows``: as a delta from the base on disk where it is small, else whole."""
        if self.stamp is not None:
            add = {k: v for k, v in self.rows.items() if k not in self.base_keys}
            drop = sorted(k for k in self.base_keys if k not in self.rows)
            data = _dumps({"base": self.stamp, "add": add, "drop": drop}, pickler)
            if len(data) < REWRITE_AT * self.stamp[0]:
                _replace(self.delta_path, lambda f: f.write(data))
                return
        _replace(self.path, lambda f: pickler(f, _PROTOCOL).dump(self.rows))
        self.delta_path.unlink(missing_ok=True)
        self.base_keys, self.stamp = set(self.rows), _stamp(self.path)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _dumps(data: Any, pickler: type[pickle.Pickler]) -> bytes:
    buffer = io.BytesIO()
    pickler(buffer, _PROTOCOL).dump(data)
    return buffer.getvalue()


def _replace(path: Path, write: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        write(f)
    tmp.replace(path)


def _load(path: Path) -> dict[Any, Any]:
    was_enabled = gc.isenabled()
    gc.disable()  # unpickling makes many objects and no cycles (see build.generate)
    try:
        with path.open("rb") as f:
            data = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return {}
    finally:
        if was_enabled:
            gc.enable()
    return data if isinstance(data, dict) else {}
