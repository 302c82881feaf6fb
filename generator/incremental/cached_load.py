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


def _load_pickled(path: Path, display: str) -> tuple[Facts, bytes] | None:
    """:func:`_load`, as the cache keeps it (in a second process: only bytes travel)."""
    article = _load(path, display)
    if article is None:
        return None
    return facts(article), pickle.dumps(article, _PROTOCOL)


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
    try:  # (a file that went away or cannot be read is reported by the uncached load)
        tax_bytes = tax_file.read_bytes()
        keyed = [(path, shown, cache.file_key(path, shown)) for path, shown in files]
    except OSError:
        return fallback()
    # Where many files changed, a second process loads them from the first while this one
    # reads the taxonomy (its check reads the map's geometry), does ``meanwhile()`` and
    # then loads from the last (``parallel.Split``), until they meet.
    misses = [(path, display) for path, display, key in keyed if key not in cache.entries]
    split = Split(len(misses)) if len(misses) >= PARALLEL_MIN else None

    def child() -> Iterator[dict[int, tuple[Facts, bytes] | None]]:
        theirs: dict[int, tuple[Facts, bytes] | None] = {}
        while split is not None and (taken := split.take(front=True)):
            theirs.update((i, _load_pickled(*misses[i])) for i in taken)
        yield theirs

    job: Job[list[dict[int, tuple[Facts, bytes] | None]]]
    with Job(child, fork=split is not None) as job:
        taxonomy, errors = read_taxonomy(tax_file, tax_display)
        if errors or taxonomy is None:
            job.close()  # (its work is of no use now: the uncached load reports)
            return fallback()
        cache.taxonomy_key = _key("taxonomy", tax_bytes)
        mine: dict[int, ArticleIn | None] = {}
        if job.forked:
            if meanwhile is not None:
                meanwhile()
            while split is not None and (taken := split.take(front=False)):
                mine.update((i, _load(*misses[i])) for i in taken)
        # (a child that failed loaded nothing: what is missing is loaded here)
        theirs: dict[int, tuple[Facts, bytes] | None] = job.result()[0] if job.forked else {}
    at = {display: i for i, (_, display) in enumerate(misses)}
    entries: list[Entry] = []
    for path, display, key in keyed:
        entry = cache.entry(key, display)
        if entry is None:
            i = at[display]
            if i in theirs:
                pickled = theirs[i]
                if pickled is None:
                    return fallback()
                cache.put_entry(key, *pickled)
            else:
                article = mine[i] if i in mine else _load(path, display)
                if article is None:
                    return fallback()
                cache.put_entry(key, facts(article), article)
            entry = cache.entry(key, display)
        assert entry is not None
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
