"""Loading entries through the cache (``cache.py``): an unchanged file's validated entry
is taken from it, the others are loaded (by two processes where many are: ``parallel``),
and on any problem the uncached load runs instead, so that its messages are the ones
``briefing validate`` prints (``cache.py`` shows how a build uses both).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..content.load import valid_in
from ..content.model import Entry, Facts, facts
from ..content.schema import ArticleIn
from ..content.validate import Known, read_taxonomy, validate_article
from .cache import _PROTOCOL, Cache, Loaded, _key
from .parallel import PARALLEL_MIN, Job, Split


def _load(path: Path, display: str) -> ArticleIn | None:
    """The valid entry in ``path``, or None if it has any problem."""
    return valid_in(path, display, validate_article)


#: An entry file loaded: its cache key, what linking reads of the entry, the entry pickled
#: (as the cache keeps it) and, in the process that loaded or unpickled it, the entry.
LoadedFile = tuple[str, Facts, bytes, ArticleIn | None]


def _load_keyed(cache: Cache, path: Path, display: str, key: str | None) -> LoadedFile | None:
    """:func:`_load`, with the file's key (made here if ``key`` is None) and the entry
    pickled (made where it is loaded: the cache saves it so, and in a second process only
    bytes travel)."""
    try:
        key = key or cache.file_key(path, display)
    except OSError:
        return None
    article = _load(path, display)
    if article is None:
        return None
    return key, facts(article), pickle.dumps(article, _PROTOCOL), article


def _sent(found: LoadedFile | None) -> LoadedFile | None:
    """What a second process sends of a loaded file: not the entry, which is pickled."""
    return None if found is None else (*found[:3], None)


def load_entries_cached(
    cache: Cache,
    taxonomy_file: tuple[Path, str],
    files: Sequence[tuple[Path, str]] | None,
    fallback: Callable[[], Loaded],
    meanwhile: Callable[[], None] | None = None,
) -> Loaded:
    """``build.load_entries`` with validated entries taken from ``cache`` where unchanged.

    ``taxonomy_file`` and ``files`` are (path, display path) pairs (None: the content
    folder holds something that is not an entry). On any problem this returns
    ``fallback()``, the uncached load, which raises ContentErrors with the messages.
    ``meanwhile()``, other work of this process, is done while a second process loads
    (only where one does: many entries to load).
    """
    if files is None:
        return fallback()
    tax_file, tax_display = taxonomy_file
    # (a file that went away or cannot be read is reported by the uncached load; with no
    # entry cached, as in a first build, none can be found, so each file's key is made
    # where it is loaded, by two processes where there are many)
    try:
        tax_bytes = tax_file.read_bytes()
        cold = not cache.entries
        keys = [None if cold else cache.file_key(p, shown) for p, shown in files]
    except OSError:
        return fallback()
    # Where many files changed, a second process loads them from the first while this one
    # reads the taxonomy (its check reads the map's geometry), does ``meanwhile()`` and
    # then loads from the last (``parallel.Split``), until they meet. Each sends what it
    # loaded as it goes, and this process unpickles it between its own.
    misses = [i for i, key in enumerate(keys) if key is None or key not in cache.entries]
    split = Split(len(misses)) if len(misses) >= PARALLEL_MIN else None
    loaded: dict[int, LoadedFile | None] = {}

    def load(i: int) -> LoadedFile | None:
        return _load_keyed(cache, *files[i], keys[i])

    def child() -> Iterator[dict[int, LoadedFile | None]]:
        while split is not None and (taken := split.take(front=True)):
            yield {misses[j]: _sent(load(misses[j])) for j in taken}

    def take_in(sent: list[dict[int, LoadedFile | None]]) -> None:
        for part in sent:  # (result() gives again what poll() gave)
            for i, found in part.items():
                if i not in loaded:
                    loaded[i] = found and (*found[:3], pickle.loads(found[2]))

    job: Job[list[dict[int, LoadedFile | None]]]
    with Job(child, fork=split is not None) as job:
        taxonomy, errors = read_taxonomy(tax_file, tax_display)
        if errors or taxonomy is None:
            job.close()  # (its work is of no use now: the uncached load reports)
            return fallback()
        cache.taxonomy_key = _key("taxonomy", tax_bytes)
        if job.forked:
            if meanwhile is not None:
                meanwhile()
            while split is not None and (taken := split.take(front=False)):
                loaded.update((misses[j], load(misses[j])) for j in taken)
                take_in(job.poll())
            # (a child that failed loaded nothing: what is missing is loaded here)
            take_in(job.result())
    entries: list[Entry] = []
    for i, (_, display) in enumerate(files):
        key = keys[i]
        entry = cache.entry(key, display) if key is not None else None
        if entry is None:
            found = loaded[i] if i in loaded else load(i)
            if found is None:
                return fallback()
            key, found_facts, pickled, article = found
            made = Entry.cached(pickled, found_facts, display, article)
            cache.put_entry(key, found_facts, pickled, made)
            entry = cache.entry(key, display)
        assert entry is not None and key is not None
        entries.append(entry)
        cache.entry_keys[entry.id] = key
    known = Known(
        regions=frozenset(taxonomy.regions),
        themes=frozenset(taxonomy.themes),
        entries=frozenset(e.id for e in entries),
        taxonomy_path=tax_display,
        max_count=taxonomy.max_count,
    )
    too_large = any(e.largest > taxonomy.max_count for e in entries)
    if len(known.entries) != len(entries) or too_large or not _all_known(entries, known):
        return fallback()
    return taxonomy, entries


def _all_known(entries: Sequence[Entry], known: Known) -> bool:
    """Every region, theme and related entry the ``entries`` name is in ``known``: what
    ``validate.check_references`` checks across files (ids told apart by the caller),
    asked of valid entries by their facts alone, as a yes or no (on a no, the uncached
    load says what is wrong, as ``briefing validate`` does). A tenth of a second less per
    ``mkdocs serve`` rebuild at 10,000 entries than building each one's references.

    >>> from types import SimpleNamespace as E
    >>> known = Known(frozenset({"pk"}), frozenset({"t"}), frozenset({"a", "b"}), "tax")
    >>> entry = E(regions=("pk",), themes=("t",), related_ids=("b", None))
    >>> _all_known([entry], known), _all_known([E(**{**vars(entry), "themes": ("x",)})], known)
    (True, False)
    """
    regions, themes, ids = known.regions, known.themes, known.entries
    assert regions is not None and themes is not None
    return all(
        regions.issuperset(e.regions)
        and themes.issuperset(e.themes)
        and ids.issuperset([r for r in e.related_ids if r is not None])
        for e in entries
    )
