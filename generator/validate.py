"""Stage 2: loaded documents -> validated models, every problem as a located ContentError.

pydantic checks each entry against ``schema``; its error locations are mapped back to the
YAML node marks recorded by ``load`` so each message names ``path:line:col: field``.
Cross-file rules (taxonomy ids, related ids, duplicate ids) are checked here too, after
every file is read, so one run reports everything.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pycountry
from pydantic import BaseModel, ValidationError

from . import schema
from .errors import ContentError, ContentErrors
from .load import Document, Path_, format_field, load_file
from .model import Entry, Region, Taxonomy, Theme

_FIELD_NAMES = sorted(
    {
        name
        for m in vars(schema).values()
        if isinstance(m, type) and issubclass(m, BaseModel)
        for name in getattr(m, "model_fields", {})
    }
)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(err: Any, loc: Path_) -> tuple[str, str]:
    """A pydantic error as (message, code), worded for the person who wrote the YAML."""
    kind, value = err["type"], err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "required field is missing", "briefing.missing"
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        near = difflib.get_close_matches(key, _FIELD_NAMES, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        return f"unknown field {key!r}{hint}", "briefing.unknown-field"
    if kind in ("int_type", "int_parsing", "int_from_float", "greater_than_equal"):
        return f"must be a whole number ≥ 0, got {_show(value)}", "briefing.value"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}; got {_show(value)}", "briefing.enum"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"must be a date written YYYY-MM-DD, got {_show(value)}", "briefing.date"
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(ctx.get("pattern", "")):
        return (
            f"must be lowercase letters, digits and single hyphens ([a-z0-9-]), got {_show(value)}",
            "briefing.slug",
        )
    if kind == "string_too_short":
        return "must not be empty", "briefing.empty-field"
    if kind in ("too_short", "list_type") and err.get("input") in ([], None):
        return "needs at least one item", "briefing.missing"
    if kind in (
        "string_type",
        "list_type",
        "model_type",
        "model_attributes_type",
        "bool_type",
        "dict_type",
    ):
        want = {"string_type": "text", "list_type": "a list", "bool_type": "true or false"}.get(
            kind, "a mapping of fields"
        )
        return f"must be {want}, got {_show(value)}", "briefing.type"
    msg = err["msg"].removeprefix("Value error, ")
    return f"{msg[:1].lower()}{msg[1:]}", "briefing.value"


def errors_from_pydantic(doc: Document, exc: ValidationError) -> list[ContentError]:
    """Map each pydantic error location to the line and column of its YAML node."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if p not in schema.UNION_TAGS)
        line, col = doc.position(loc)
        message, code = _describe(err, loc)
        out.append(ContentError(doc.path, line, col, format_field(loc), message, code))
    return out


def validate_article(doc: Document) -> tuple[schema.ArticleIn | None, list[ContentError]]:
    """One entry against the schema, plus the rules that need only this file."""
    try:
        article = schema.ArticleIn.model_validate(doc.data)
    except ValidationError as exc:
        return None, errors_from_pydantic(doc, exc)
    errors = []

    def err(loc: Path_, message: str, code: str) -> None:
        line, col = doc.position(loc)
        errors.append(ContentError(doc.path, line, col, format_field(loc), message, code))

    stem = Path(doc.path).stem
    if stem != article.id:
        err(
            ("id",),
            f"must match the file name: the file is {stem!r}, the id {article.id!r}; "
            f"rename the file to {article.id}.yaml",
            "briefing.id-filename",
        )
    if article.kind == "article":
        for name in ("summary", "body"):
            if not getattr(article, name):
                err(
                    (name,),
                    "required for a full article (kind: brief has only a headline)",
                    "briefing.missing",
                )
    if article.updated and article.updated < article.date:
        err(
            ("updated",),
            f"{article.updated} is before the publication date {article.date}",
            "briefing.date",
        )
    for i, rel in enumerate(article.related):
        if rel.id and rel.url:
            err(
                ("related", i),
                "give either id (a story on this site) or url, not both",
                "briefing.related",
            )
    return article, errors


def validate_taxonomy(doc: Document) -> tuple[Taxonomy | None, list[ContentError]]:
    """The taxonomy file: one tree, known parents, no cycles, real ISO codes."""
    try:
        tax = schema.TaxonomyIn.model_validate(doc.data)
    except ValidationError as exc:
        return None, errors_from_pydantic(doc, exc)
    errors: list[ContentError] = []

    def err(loc: Path_, message: str, code: str = "briefing.taxonomy") -> None:
        line, col = doc.position(loc)
        errors.append(ContentError(doc.path, line, col, format_field(loc), message, code))

    by_id: dict[str, schema.RegionIn] = {}
    for i, r in enumerate(tax.regions):
        if r.id in by_id:
            err(("regions", i, "id"), f"region id {r.id!r} is defined twice")
            continue
        by_id[r.id] = r
        if r.iso:
            known = (
                pycountry.subdivisions.get(code=r.iso)
                if "-" in r.iso
                else pycountry.countries.get(alpha_2=r.iso)
            )
            if not known:
                err(
                    ("regions", i, "iso"),
                    f"{r.iso!r} is not an ISO 3166 code known to pycountry",
                    "briefing.iso",
                )
            elif r.id != r.iso.lower():
                err(
                    ("regions", i, "id"),
                    f"a region with an ISO code takes it as its id: "
                    f"expected {r.iso.lower()!r}, got {r.id!r}",
                    "briefing.iso",
                )
    for i, r in enumerate(tax.regions):
        if r.parent and r.parent not in by_id:
            err(("regions", i, "parent"), f"parent {r.parent!r} is not a region id")
    roots = [r for r in by_id.values() if r.parent is None]
    if len(roots) != 1:
        err(
            ("regions",),
            f"the region tree needs exactly one root (no parent), found "
            f"{len(roots)}: {', '.join(r.id for r in roots) or 'none'}",
        )
    ancestors: dict[str, tuple[str, ...]] = {}
    for i, r in enumerate(tax.regions):
        chain: list[str] = []
        node: schema.RegionIn | None = r
        while node and node.parent:
            if node.parent in chain or node.parent == r.id:
                err(
                    ("regions", i, "parent"),
                    f"cycle in the region tree: {' -> '.join([r.id, *chain, node.parent])}",
                )
                break
            chain.append(node.parent)
            node = by_id.get(node.parent)
        ancestors[r.id] = tuple(reversed(chain))
    themes: dict[str, Theme] = {}
    for i, t in enumerate(tax.themes):
        if t.id in themes:
            err(("themes", i, "id"), f"theme id {t.id!r} is defined twice")
        themes[t.id] = Theme(t.id, t.name, t.description, tuple(t.keywords))
    if errors:
        return None, errors
    children: dict[str, list[str]] = {rid: [] for rid in by_id}
    for r in by_id.values():
        if r.parent:
            children[r.parent].append(r.id)
    ordered: dict[str, Region] = {}

    def visit(rid: str) -> None:
        r = by_id[rid]
        ordered[rid] = Region(
            rid, r.name, r.parent, r.iso, tuple(r.aliases), ancestors[rid], tuple(children[rid])
        )
        for child in children[rid]:
            visit(child)

    visit(roots[0].id)
    return Taxonomy(ordered, themes), []


def check_references(
    entries: Sequence[tuple[Entry, Document]], taxonomy: Taxonomy
) -> list[ContentError]:
    """Rules across files: known regions/themes, related ids that exist, unique ids."""
    errors = []
    first: dict[str, str] = {}
    for entry, _ in entries:
        first.setdefault(entry.id, entry.source)
    for entry, doc in entries:
        a = entry.article

        def err(loc: Path_, message: str, code: str, doc: Document = doc) -> None:
            line, col = doc.position(loc)
            errors.append(ContentError(doc.path, line, col, format_field(loc), message, code))

        if first[a.id] != entry.source:
            err(
                ("id",),
                f"id {a.id!r} is already used by {first[a.id]}; two files would write one page",
                "briefing.duplicate-id",
            )
        for i, rid in enumerate(a.regions):
            if rid not in taxonomy.regions:
                near = difflib.get_close_matches(rid, list(taxonomy.regions), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                err(
                    ("regions", i),
                    f"{rid!r} is not a region in content/taxonomy.yaml{hint}",
                    "briefing.unknown-region",
                )
        for i, tid in enumerate(a.themes):
            if tid not in taxonomy.themes:
                near = difflib.get_close_matches(tid, list(taxonomy.themes), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                err(
                    ("themes", i),
                    f"{tid!r} is not a theme in content/taxonomy.yaml{hint}",
                    "briefing.unknown-theme",
                )
        for i, rel in enumerate(a.related):
            if rel.id and rel.id not in first:
                err(
                    ("related", i, "id"),
                    f"no entry has the id {rel.id!r}",
                    "briefing.unknown-related",
                )
        for field in ("regions", "themes"):
            values = getattr(a, field)
            for i, v in enumerate(values):
                if v in values[:i]:
                    err((field, i), f"{v!r} is listed twice", "briefing.duplicate")
    return errors


def validate_documents(
    taxonomy_doc: Document | None, article_docs: Iterable[Document], errors: list[ContentError]
) -> tuple[Taxonomy | None, list[Entry]]:
    """Validate everything; append each problem to ``errors``."""
    taxonomy = None
    if taxonomy_doc is not None:
        taxonomy, errs = validate_taxonomy(taxonomy_doc)
        errors.extend(errs)
    checked: list[tuple[Entry, Document]] = []
    for doc in article_docs:
        article, errs = validate_article(doc)
        errors.extend(errs)
        if article is not None:
            checked.append((Entry(article, doc.path), doc))
    if taxonomy is not None:
        errors.extend(check_references(checked, taxonomy))
    return taxonomy, [entry for entry, _ in checked]


def load_documents(files: Iterable[tuple[Path, str]], errors: list[ContentError]) -> list[Document]:
    """Load each (file, display path); unreadable files become errors, not exceptions."""
    docs = []
    for file, display in files:
        try:
            docs.append(load_file(file, display))
        except ContentErrors as exc:
            errors.extend(exc.errors)
    return docs
