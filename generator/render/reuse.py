"""The one seam through which rendering reuses earlier work: three plain callables.

Rendering never asks whether there is a cache. It names what it is about to make (a
``kind`` and the ``parts`` it is made of) and calls :meth:`Reuse.memo`; the default
:class:`Reuse` remembers nothing, so ``memo`` is ``make()`` and the stages read as if
there were no reuse at all. ``build.py`` plugs the content-hash cache in
(``incremental/cache.py``, ``Cache.reuse``), which supplies:

- ``recall(kind, parts)``: what was made of the same parts before, or None;
- ``keep(kind, parts, value)``: remember it for the next run;
- ``ident(entries)``: a string that changes when any of ``entries`` changes, to put in
  ``parts`` (the default is ``""``: with nothing remembered, nothing needs telling apart);
- ``each(kind, entry, parts, make)``: a small piece made of one entry alone (a CSV
  row), kept by the entry's key for the next run (default: ``make()``).

Parts are strings; a value is never None. Work done in batches (article pages, rendered
in two processes) calls ``recall`` first and ``keep`` once the batch is done.

>>> Reuse().memo("page", ["index.md"], lambda: "made")
'made'
>>> kept = {}
>>> reuse = Reuse(recall=lambda k, p: kept.get((k, *p)),
...               keep=lambda k, p, v: kept.__setitem__((k, *p), v))
>>> reuse.memo("page", ["a"], lambda: "first"), reuse.memo("page", ["a"], lambda: "again")
('first', 'first')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..content.model import Entry

T = TypeVar("T")
#: The kind of work an article page is: most of a site, which the cache keeps apart and
#: counts (``Cache.hits``).
ARTICLE = "article"


def _nothing(kind: str, parts: Sequence[str]) -> Any:
    return None


def _forget(kind: str, parts: Sequence[str], value: Any) -> None:
    return None


def _anonymous(entries: Sequence[Entry]) -> str:
    return ""


def _now(kind: str, entry: Entry, parts: Sequence[str], make: Callable[[], Any]) -> Any:
    return make()


@dataclass(frozen=True)
class Reuse:
    """How rendering reuses earlier work; by default it does not (see the module)."""

    recall: Callable[[str, Sequence[str]], Any] = _nothing
    keep: Callable[[str, Sequence[str], Any], None] = _forget
    ident: Callable[[Sequence[Entry]], str] = _anonymous
    each: Callable[[str, Entry, Sequence[str], Callable[[], Any]], Any] = _now

    def memo(self, kind: str, parts: Sequence[str], make: Callable[[], T]) -> T:
        """``make()``, or what it made of the same ``parts`` before."""
        value: T | None = self.recall(kind, parts)
        if value is None:
            value = make()
            self.keep(kind, parts, value)
        return value


#: Nothing reused: the stages as they read.
NO_REUSE = Reuse()
