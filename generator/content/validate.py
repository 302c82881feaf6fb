"""Stage 2: loaded documents -> validated models, every problem as a located ContentError.

pydantic checks each entry against ``schema``; its error locations are mapped back to the
YAML node marks recorded by ``load`` so each message names ``path:line:col: field``.
Rules pydantic cannot express (file name = id, a full article needs a body) and the
cross-file rules (taxonomy ids, related ids, duplicate ids) run on the raw data, so they
are checked even in a file that also fails the schema: one run reports everything.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, ContentErrors
from . import schema
from .entries import display
from .load import Document, Path_, format_field, load_file
from .messages import describe
from .model import Entry, Taxonomy
from .taxonomy import check_taxonomy

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: The taxonomy's file in the content folder.
TAXONOMY_FILE = "taxonomy.yaml"


def _is_slug(value: Any) -> bool:
    return isinstance(value, str) and bool(_SLUG.fullmatch(value))


def _error(doc: Document, loc: Path_, message: str, code: str) -> ContentError:
    line, col = doc.position(loc)
    return ContentError(doc.path, line, col, format_field(loc), message, code)


def errors_from_pydantic(
    doc: Document, exc: ValidationError, model: type[BaseModel]
) -> list[ContentError]:
    """Map each pydantic error location to the line and column of its YAML node.

    Values the loader already refused (an impossible date, a ``!!`` tag) are not
    reported a second time.
    """
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if p not in schema.UNION_TAGS)
        if any(loc[:n] in doc.reported for n in range(len(loc) + 1)):
            continue
        message, code = describe(err, loc, model, quoted=doc.is_quoted(loc))
        out.append(_error(doc, loc, message, code))
    return out


def _entry_rules(doc: Document) -> list[ContentError]:
    """Rules about one entry that the schema cannot state, on the raw data."""
    data: Mapping[str, Any] = doc.data
    errors = []
    stem = Path(doc.path).stem
    if _is_slug(data.get("id")) and data["id"] != stem:
        errors.append(
            _error(
                doc,
                ("id",),
                f"must match the file name: the file is {stem!r}, the id {data['id']!r}; "
                f"rename the file to {data['id']}.yaml",
                "briefing.id-filename",
            )
        )
    if data.get("kind", "article") == "article":
        for name in ("summary", "body"):
            if data.get(name) in (None, []):
                errors.append(
                    _error(
                        doc,
                        (name,),
                        "required for a full article (an entry with kind: brief "
                        "may have only a headline)",
                        "briefing.missing",
                    )
                )
    date, updated = data.get("date"), data.get("updated")
    if isinstance(date, dt.date) and isinstance(updated, dt.date) and updated < date:
        errors.append(
            _error(
                doc,
                ("updated",),
                f"must not be before the publication date {date}, got {updated}",
                "briefing.date",
            )
        )
    for i, rel in _items(data, "related"):
        if isinstance(rel, dict) and rel.get("id") and rel.get("url"):
            errors.append(
                _error(
                    doc,
                    ("related", i),
                    "give either id (a story on this site) or url (elsewhere), not both",
                    "briefing.related",
                )
            )
    for field in ("regions", "themes"):
        seen: set[str] = set()
        for i, v in _items(data, field):
            if isinstance(v, str) and v in seen:
                errors.append(
                    _error(doc, (field, i), f"{v!r} is listed twice", "briefing.duplicate")
                )
            seen.add(str(v))
    return errors


def _items(data: Mapping[str, Any], field: str) -> list[tuple[int, Any]]:
    value = data.get(field)
    return list(enumerate(value)) if isinstance(value, list) else []


def validate_article(doc: Document) -> tuple[schema.ArticleIn | None, list[ContentError]]:
    """One entry against the schema, plus the rules that need only this file."""
    errors = list(doc.problems)
    article = None
    try:
        article = schema.ArticleIn.model_validate(doc.data)
    except ValidationError as exc:
        errors.extend(errors_from_pydantic(doc, exc, schema.ArticleIn))
    errors.extend(_entry_rules(doc))
    return (article if not errors else None), errors


def validate_taxonomy(doc: Document) -> tuple[Taxonomy | None, list[ContentError]]:
    """The taxonomy file: the schema, then one tree, known parents, no cycles, real ISO codes."""
    try:
        tax = schema.TaxonomyIn.model_validate(doc.data)
    except ValidationError as exc:
        return None, [*doc.problems, *errors_from_pydantic(doc, exc, schema.TaxonomyIn)]
    taxonomy, errors = check_taxonomy(tax, lambda loc, msg, code: _error(doc, loc, msg, code))
    return (taxonomy if not doc.problems else None), [*doc.problems, *errors]


@dataclass(frozen=True)
class Known:
    """The ids cross-references may name. Taken from the raw files, so an entry that fails
    the schema still counts as existing and its references are still checked."""

    regions: frozenset[str] | None
    themes: frozenset[str] | None
    entries: frozenset[str]
    taxonomy_path: str = "content/taxonomy.yaml"
    max_count: int = schema.DEFAULT_MAX_COUNT


def raw_ids(doc: Document | None, field: str) -> frozenset[str] | None:
    if doc is None or not isinstance(doc.data.get(field), list):
        return None
    return frozenset(
        r["id"] for r in doc.data[field] if isinstance(r, dict) and isinstance(r.get("id"), str)
    )


def check_references(docs: Sequence[Document], known: Known) -> list[ContentError]:
    """Rules across files: known regions/themes, related ids that exist, unique ids."""
    errors = []
    by_id: dict[str, list[str]] = {}
    for doc in docs:
        if _is_slug(doc.data.get("id")):
            by_id.setdefault(doc.data["id"], []).append(doc.path)
    for doc in docs:
        data, own = doc.data, doc.data.get("id")
        others = [p for p in by_id.get(own, []) if p != doc.path] if _is_slug(own) else []
        if others:
            errors.append(
                _error(
                    doc,
                    ("id",),
                    f"{data['id']!r} is also used by {', '.join(others)}; "
                    "two files would write one page",
                    "briefing.duplicate-id",
                )
            )
        for field, ids, what in (
            ("regions", known.regions, "a region"),
            ("themes", known.themes, "a theme"),
        ):
            if ids is None:
                continue
            for i, value in _items(data, field):
                if _is_slug(value) and value not in ids:
                    near = difflib.get_close_matches(value, sorted(ids), n=1)
                    hint = f"; did you mean {near[0]!r}?" if near else ""
                    errors.append(
                        _error(
                            doc,
                            (field, i),
                            f"{value!r} is not {what} in {known.taxonomy_path}{hint}",
                            f"briefing.unknown-{field[:-1]}",
                        )
                    )
        errors.extend(_implausible(doc, known))
        for i, rel in _items(data, "related"):
            rid = rel.get("id") if isinstance(rel, dict) else None
            if _is_slug(rid) and rid not in known.entries:
                errors.append(
                    _error(
                        doc,
                        ("related", i, "id"),
                        f"no entry has the id {rid!r}",
                        "briefing.unknown-related",
                    )
                )
    return errors


def _implausible(doc: Document, known: Known) -> list[ContentError]:
    """Counts above the site's limit (those above 2^53 the schema refuses already)."""
    errors = []
    for i, figure in _items(doc.data, "casualties"):
        for name in ("killed", "injured"):
            n = figure.get(name) if isinstance(figure, dict) else None
            if type(n) is int and known.max_count < n <= schema.MAX_EXACT:
                errors.append(
                    _error(
                        doc,
                        ("casualties", i, name),
                        f"{n:,} is more than one figure on this site may give "
                        f"({known.max_count:,}, limits.max_count in {known.taxonomy_path}): "
                        "check the figure, or raise the limit if it is right",
                        "briefing.implausible",
                    )
                )
    return errors


def _raw_limit(doc: Document | None) -> int:
    limits = doc.data.get("limits") if doc is not None else None
    n = limits.get("max_count") if isinstance(limits, dict) else None
    return n if type(n) is int and 1 <= n <= schema.MAX_EXACT else schema.DEFAULT_MAX_COUNT


def validate_documents(
    taxonomy_doc: Document | None, article_docs: Iterable[Document], errors: list[ContentError]
) -> tuple[Taxonomy | None, list[Entry]]:
    """Validate everything; append each problem to ``errors``.

    Files already in ``errors`` that could not be read count as existing entries under
    their file name, so a related id naming them is not reported as unknown as well.
    """
    docs = sorted(article_docs, key=lambda d: d.path)
    taxonomy = None
    if taxonomy_doc is not None:
        taxonomy, errs = validate_taxonomy(taxonomy_doc)
        errors.extend(errs)
    entries: list[Entry] = []
    for doc in docs:
        article, errs = validate_article(doc)
        errors.extend(errs)
        if article is not None:
            entries.append(Entry(article, doc.path))
    loaded = {d.path for d in docs}
    unreadable = {Path(e.path).stem for e in errors if e.path not in loaded}
    ids = {d.data["id"] for d in docs if isinstance(d.data.get("id"), str)}
    known = Known(
        regions=frozenset(taxonomy.regions) if taxonomy else raw_ids(taxonomy_doc, "regions"),
        themes=frozenset(taxonomy.themes) if taxonomy else raw_ids(taxonomy_doc, "themes"),
        entries=frozenset(ids | unreadable),
        taxonomy_path=taxonomy_doc.path if taxonomy_doc else "content/taxonomy.yaml",
        max_count=taxonomy.max_count if taxonomy else _raw_limit(taxonomy_doc),
    )
    errors.extend(check_references(docs, known))
    return taxonomy, entries


def load_documents(files: Iterable[tuple[Path, str]], errors: list[ContentError]) -> list[Document]:
    """Load each (file, display path); unreadable files become errors, not exceptions."""
    docs = []
    for file, shown in files:
        try:
            docs.append(load_file(file, shown, partial=True))
        except ContentErrors as exc:
            errors.extend(exc.errors)
    return docs


def taxonomy_source(content: Path, root: Path) -> tuple[Path, str]:
    """The taxonomy file of the ``content`` folder, and its path as messages show it.

    >>> taxonomy_source(Path("/p/content"), Path("/p"))
    (PosixPath('/p/content/taxonomy.yaml'), 'content/taxonomy.yaml')
    """
    file = content / TAXONOMY_FILE
    return file, display(file, root)


def load_taxonomy(file: Path, shown: str, errors: list[ContentError]) -> Document | None:
    """The taxonomy document, or None with the reason appended to ``errors``: the one place
    the file is read (``shown``: its path in messages). :func:`validate_documents` checks
    it with the entries, :func:`read_taxonomy` alone."""
    if not file.is_file():
        errors.append(
            ContentError(shown, 0, 0, "", "the taxonomy file is missing", "briefing.missing")
        )
        return None
    docs = load_documents([(file, shown)], errors)
    return docs[0] if docs else None


def read_taxonomy(file: Path, shown: str) -> tuple[Taxonomy | None, list[ContentError]]:
    """The taxonomy in ``file``, checked, or None and every problem with it (for the cache,
    ``briefing new`` and ``import``, which need it without the entries)."""
    errors: list[ContentError] = []
    doc = load_taxonomy(file, shown, errors)
    if doc is None:
        return None, errors
    taxonomy, errs = validate_taxonomy(doc)
    return taxonomy, [*errors, *errs]
