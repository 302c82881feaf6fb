"""Validated entries and rendered article pages, cached by the hash of what made them.

``.cache/briefing/`` under the project (git-ignored) holds four tables, each a pickle
(and a delta of what changed since it was written: ``store.py``):

- ``entries.pickle``: blake2b(code, display path, file bytes) -> what linking reads of the
  validated entry (``model.Facts``) and the entry itself, pickled on its own. A hit skips
  YAML and pydantic, the two costs of loading (~2 ms an entry), and the entry is only
  unpickled if a page or file showing it has to be rendered again (``model.Entry``).
- ``pages.pickle``: blake2b(code, taxonomy, entry, the entries its "More on" lists show)
  -> (Markdown, where its HTML blocks are) of the article page.
- ``files.pickle``: listing pages, feeds and data files, keyed by the entries they are
  made of.
- ``pieces.pickle``: what is made of one entry alone (:meth:`Cache.each`: its CSV rows,
  its casualty figures by month, its risks graded), so a file or chart made of every
  entry unpickles none of them when one changes.

``code.txt`` beside them names the code that saved them: tables saved by other code (an
upgrade) are not read at all, since none of their keys can match.

Rendering reaches the pages and files through :meth:`Cache.reuse`, the plain callables of
``render/reuse.py``; it never sees this class.

The code part of every key is a hash of every file of the ``generator`` package and of
the versions of the libraries that shape the output, so a change to a template, the
schema or the escaping never reuses an old result. Only a clean run uses the cache: if
any file fails or a cross-reference is wrong, ``cached_load.load_entries_cached`` hands over
to the uncached :func:`build.load_entries`, so every message is exactly the one
``briefing validate`` prints. Entries not seen in a run are dropped when the cache is saved.

>>> cache = Cache.open(Path(".cache/briefing"))        # doctest: +SKIP
>>> taxonomy, entries = load_entries_cached(cache, tax, files, fallback)  # doctest: +SKIP
>>> reuse = cache.reuse(site)       # for render_*(..., reuse)  # doctest: +SKIP
>>> cache.save()                                       # doctest: +SKIP
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from ..content.link import Site
from ..content.model import Entry, Facts, Taxonomy
from ..render.reuse import ARTICLE, NO_REUSE, Reuse
from .store import Table

#: The whole ``generator`` package (this file is in ``generator/incremental/``): every module,
#: template and asset shapes the output, so all of them key the cache.
PACKAGE = Path(__file__).parent.parent
T = TypeVar("T")
Spans = tuple[tuple[int, int], ...]
_PROTOCOL = pickle.HIGHEST_PROTOCOL
#: A loaded site before linking: the taxonomy and every valid entry.
Loaded = tuple[Taxonomy, list[Entry]]
#: The tables, each in ``<name>.pickle`` (and its delta: ``store.py``).
_TABLES = ("entries", "pages", "files", "pieces")
#: The hash of the code that saved the tables (:func:`_code_hash`), beside them.
CODE_FILE = "code.txt"
#: How long after its last change a file's key may be known by its times (:meth:`Cache.file_key`).
_SETTLED_NS = 1_000_000_000
_LIBRARIES = ("pydantic", "jinja2", "markupsafe", "markdown", "pyyaml", "plotly", "isal")


def code_files() -> list[Path]:
    """The generator's own files that shape its output, in every sub-package, sorted.

    >>> "content/model.py" in [p.relative_to(PACKAGE).as_posix() for p in code_files()]
    True
    """
    return [
        path
        for path in sorted(PACKAGE.rglob("*"))
        if path.is_file() and path.suffix in (".py", ".jinja", ".js", ".css", ".json")
    ]


@functools.cache
def code_fingerprint() -> bytes:
    """Hash of the generator's own files and of the libraries that shape its output."""
    h = hashlib.blake2b(digest_size=16)
    for path in code_files():
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=?;".encode())
    return h.digest()


@functools.cache
def _code_hash() -> Any:
    """The hash every key starts from: the code's fingerprint, hashed once per process."""
    return hashlib.blake2b(code_fingerprint(), digest_size=20)


def _read_text(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _key(*parts: bytes | str) -> str:
    """The key of ``parts``: the code's fingerprint and each part, each followed by a NUL.

    >>> _key("a", b"b") == _key("a", "b") != _key("ab")
    True
    """
    h = _code_hash().copy()  # (tens of thousands of keys a rebuild: hashed in one call)
    if parts:
        h.update(b"\0".join([p if isinstance(p, bytes) else p.encode() for p in parts]) + b"\0")
    return h.hexdigest()


@dataclass
class Cache:
    """The three tables, what this run used of them, and where they live."""

    folder: Path | None
    #: key -> (facts, the pickled entry).
    entries: dict[str, tuple[Facts, bytes]] = field(default_factory=dict)
    #: Article pages (kind ``ARTICLE``): (Markdown, where its HTML blocks are).
    pages: dict[str, tuple[str, Spans]] = field(default_factory=dict)
    #: Everything else (listings, feeds, data files), keyed by everything it is made of.
    files: dict[str, Any] = field(default_factory=dict)
    #: The cache key of each entry id in this run (page keys are made from them).
    entry_keys: dict[str, str] = field(default_factory=dict)
    taxonomy_key: str = ""
    hits: int = 0
    misses: int = 0
    _used_entries: set[str] = field(default_factory=set)
    _used_pages: set[str] = field(default_factory=set)
    _used_files: set[str] = field(default_factory=set)
    _changed: bool = False
    _tables: dict[str, Table] = field(default_factory=dict)
    #: In this process (``mkdocs serve``'s rebuilds): the entries made in the last run and
    #: this one, by key, so an unchanged entry is the same object, its article unpickled
    #: once; and each file's key by what it was when read (:func:`_file_key`).
    _made: dict[str, Entry] = field(default_factory=dict)
    _made_before: dict[str, Entry] = field(default_factory=dict)
    _read: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict)
    #: Pieces made of one entry (:meth:`each`) in earlier runs (read from the table or
    #: kept by ``mkdocs serve``) and this one (a few small strings an entry: an edit adds
    #: those of its new version, and a save drops those of entries no longer used).
    _pieces: dict[tuple[str, ...], Any] = field(default_factory=dict)
    _pieces_before: dict[tuple[str, ...], Any] = field(default_factory=dict)
    #: :meth:`keys_of` of the tuples asked about since the entries' keys last changed.
    _idents: dict[int, tuple[tuple[Entry, ...], str]] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path | None) -> Cache:
        """The cache in ``folder`` (an unreadable or foreign cache is simply empty)."""
        cache = cls(folder)
        if folder is not None:
            # (tables saved by other code hold no key this code makes: not read at all, they
            # would be hundreds of MB at 10,000 entries held to the end for nothing)
            ours = _read_text(folder / CODE_FILE) == _code_hash().hexdigest()
            read = Table.read if ours else Table.empty
            cache._tables = {name: read(folder / f"{name}.pickle") for name in _TABLES}
            # (an entry of an older format, which no key made by this code names, is dropped)
            entries = cache._tables["entries"].rows
            cache.entries = {
                k: v for k, v in entries.items() if isinstance(v, tuple) and len(v) == 2
            }
            cache.pages = cache._tables["pages"].rows
            cache.files = cache._tables["files"].rows
            cache._pieces_before = cache._tables["pieces"].rows
        return cache

    def start(self) -> None:
        """Begin a run: forget which keys the previous run used (``mkdocs serve`` reuses
        one cache across rebuilds and saves it on shutdown)."""
        self.entry_keys = {}
        self._idents = {}
        self.taxonomy_key = ""
        self.hits = self.misses = 0
        self._used_entries, self._used_pages, self._used_files = set(), set(), set()
        self._made_before, self._made = self._made, {}
        # Pieces a run did not ask for stay too: a run whose files were found whole (an
        # edit undone) asks for none, and the next edit must not make every row again.
        self._pieces_before, self._pieces = {**self._pieces_before, **self._pieces}, {}

    def entry(self, key: str, source: str) -> Entry | None:
        hit = self.entries.get(key)
        if hit is None:
            return None
        self._used_entries.add(key)
        made = self._made.get(key) or self._made_before.get(key)
        if made is None:
            found, pickled = hit
            made = Entry.cached(pickled, found, source)
        self._made[key] = made
        return made

    def file_key(self, path: Path, shown: str) -> str:
        """The key of the entry file ``path``: its bytes hashed, unless it is as it was
        when last read in this process (same inode, size, times) and that was over a
        second after it last changed, so no write since can hide behind the clock's
        resolution (git's "racily clean" rule)."""
        st = os.stat(path)
        seen = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        known = self._read.get(shown)
        if known is not None and known[0] == seen:
            return known[1]
        key = _key("entry", shown, path.read_bytes())
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > _SETTLED_NS:
            self._read[shown] = (seen, key)
        return key

    def put_entry(self, key: str, found: Facts, pickled: bytes, made: Entry) -> None:
        """Keep an entry, pickled, and its facts; ``made``: the entry of this run."""
        self.entries[key] = (found, pickled)
        self._made[key] = made
        self._used_entries.add(key)
        self._changed = True

    def rekey(self, entry_id: str, *parts: str) -> None:
        """An entry shown otherwise than its file alone says (scheduled, or its related
        items cut): a key of its own, so no page or file made from it before is reused."""
        if entry_id in self.entry_keys:
            self.entry_keys[entry_id] = _key(*parts, self.entry_keys[entry_id])
            self._idents = {}

    def keys_of(self, entries: Iterable[Entry]) -> str:
        """The cache keys of ``entries``, in order: what a file made of them depends on.

        A tuple (the site's listings: ``Site.entries``, ``by_region``, ...) is asked about
        by many pages and files of a run: its answer is kept for the run, by the tuple
        itself (held, so its ``id`` is not taken by another meanwhile)."""
        if type(entries) is tuple:
            known = self._idents.get(id(entries))
            if known is not None and known[0] is entries:
                return known[1]
        get = self.entry_keys.get
        ident = ",".join([get(e.id, "?") for e in entries])
        if type(entries) is tuple:
            self._idents[id(entries)] = (entries, ident)
        return ident

    def _table(self, kind: str) -> tuple[dict[str, Any], set[str]]:
        if kind == ARTICLE:
            return self.pages, self._used_pages
        return self.files, self._used_files

    def recall(self, kind: str, parts: Sequence[str]) -> Any:
        """What was made of ``parts`` in an earlier run, or None (``render/reuse.py``)."""
        key = _key(kind, self.taxonomy_key, *parts)
        table, used = self._table(kind)
        hit = table.get(key)
        if kind == ARTICLE:
            self.hits += hit is not None
            self.misses += hit is None
        if hit is not None:
            used.add(key)
        return hit

    def keep(self, kind: str, parts: Sequence[str], value: Any) -> None:
        """Remember ``value``, made of ``parts``, for the next run."""
        key = _key(kind, self.taxonomy_key, *parts)
        table, used = self._table(kind)
        table[key] = value
        used.add(key)
        self._changed = True

    def reuse(self, site: Site) -> Reuse:
        """The seam rendering reuses earlier work through (``render/reuse.py``), for
        ``site``. Entries it shows otherwise than their files say (scheduled ones in a
        preview, published ones whose related items were cut, ones an assessment cites)
        get keys of their own first. After a load that fell back to the uncached one,
        nothing is reused."""
        if not self.taxonomy_key or any(e.id not in self.entry_keys for e in site.entries):
            return NO_REUSE
        self._idents = {}
        if site.day is not None:
            for entry_id in sorted(site.scheduled):
                self.rekey(entry_id, "scheduled", site.day.isoformat())
        for entry_id, held in site.cut.items():
            self.rekey(entry_id, "published", *held)
        for entry_id, citing in site.assessments.citing.items():  # "Cited in the assessment"
            self.rekey(entry_id, "cited", *(a.src for a in citing))
        return Reuse(recall=self.recall, keep=self.keep, ident=self.keys_of, each=self.each)

    def each(self, kind: str, entry: Entry, parts: Sequence[str], make: Callable[[], T]) -> T:
        """A piece made of ``entry`` alone and ``parts``, from an earlier run if made
        there (its key: the entry's, which hashes the code too, and the taxonomy's)."""
        key = (kind, self.taxonomy_key, self.entry_keys.get(entry.id, ""), *parts)
        if not key[2]:
            return make()
        value = self._pieces.get(key)
        if value is None:
            value = self._pieces_before.get(key)
            if value is None:
                value = make()
                self._changed = True
        self._pieces[key] = value
        return value

    def save(self) -> None:
        """Write what this run used (and nothing else) if anything changed."""
        # Pieces of the entries of this run, whether it asked for them or not (a run
        # whose files were all found asks for none): those of gone versions are dropped.
        live = set(self.entry_keys.values())
        pieces = {
            k: v
            for k, v in {**self._pieces_before, **self._pieces}.items()
            if k[1] == self.taxonomy_key and k[2] in live
        }
        stale = (
            len(self.entries) != len(self._used_entries)
            or len(self.pages) != len(self._used_pages)
            or len(self.files) != len(self._used_files)
            or "pieces" not in self._tables
            or len(pieces) != len(self._tables["pieces"].rows)
        )
        if self.folder is None or not (self._changed or stale):
            return
        self.entries = {k: v for k, v in self.entries.items() if k in self._used_entries}
        self.pages = {k: v for k, v in self.pages.items() if k in self._used_pages}
        self.files = {k: v for k, v in self.files.items() if k in self._used_files}
        self._pieces_before, self._pieces = pieces, {}
        self.folder.mkdir(parents=True, exist_ok=True)
        # (only what changed since the base of each table was written: ``store.py``)
        tables: dict[str, dict[Any, Any]] = {"entries": self.entries, "pages": self.pages}
        for name, rows in {**tables, "files": self.files, "pieces": pieces}.items():
            table = self._tables.get(name) or Table.read(self.folder / f"{name}.pickle")
            table.rows = rows
            table.write()
            self._tables[name] = table
        (self.folder / CODE_FILE).write_text(_code_hash().hexdigest(), "utf-8")
        self._changed = False
