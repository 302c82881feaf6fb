"""pydantic's errors, reworded for the person who wrote the YAML.

Each message says what the field must be and what it got: ``must be a whole number ≥ 0,
got -145``. The field path is printed before it (``casualties[1].killed:``), so messages
never repeat it; where a field's description helps (a missing field), it is quoted.

>>> from pydantic import ValidationError
>>> from generator.content.schema import ArticleIn
>>> try:
...     ArticleIn.model_validate({"headlien": "x"})
... except ValidationError as exc:
...     err = next(e for e in exc.errors() if e["type"] == "extra_forbidden")
>>> describe(err, ("headlien",), ArticleIn)
("unknown field 'headlien'; did you mean 'headline'?", 'briefing.unknown-field')
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .load import Path_

Model = type[BaseModel]


def show(value: Any) -> str:
    """A value as the editor wrote it in YAML, kept short."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, dict):
        keys = ", ".join(str(k) for k in list(value)[:4])
        return f"a mapping ({keys})" if value else "an empty mapping {}"
    if isinstance(value, list):
        return "an empty list []" if not value else f"a list of {len(value)}"
    text = repr(str(value))
    return text if len(text) <= 60 else text[:56] + "...'"


def _models_in(annotation: Any) -> list[Model]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def resolve(root: Model, loc: Path_) -> tuple[Model | None, FieldInfo | None]:
    """The model whose fields sit at ``loc``, and the field ``loc`` names (if any)."""
    model: Model | None = root
    field: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None, None
        field = model.model_fields[part]
        models = _models_in(field.annotation)
        model = models[0] if len(models) == 1 else None
    return model, field


def _about(field: FieldInfo | None) -> str:
    text = (field.description or "") if field else ""
    text = text.strip().rstrip(".")
    return f" ({text[:1].lower()}{text[1:]})" if text else ""


def _suggest(word: str, choices: list[str]) -> str:
    near = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {near[0]!r}?" if near else ""


def _choices(field: FieldInfo | None) -> list[str]:
    """The allowed words of a ``Literal[...]`` field, in their order."""

    def walk(annotation: Any) -> list[str]:
        if get_origin(annotation) is Literal:
            return [str(a) for a in get_args(annotation)]
        return [c for arg in get_args(annotation) for c in walk(arg)]

    return walk(field.annotation) if field else []


def _fields(model: Model | None) -> str:
    return ", ".join(model.model_fields) if model else "see the schema"


_GROUPED = re.compile(r"[0-9]{1,3}(?:[,. '’ ][0-9]{3})+")


def _not_whole(value: Any, got: str, quoted: bool) -> str:
    """Why a count is not a whole number, and what to write instead.

    >>> _not_whole("1,450", "'1,450'", quoted=False)
    "must be a whole number ≥ 0 in plain digits, got '1,450': write 1450"
    """
    if isinstance(value, str) and quoted:
        return f"must be a whole number ≥ 0, got {got} (written in quotes: remove them)"
    if isinstance(value, str):
        grouped = _GROUPED.fullmatch(value.strip())
        hint = f": write {re.sub('[^0-9]', '', value)}" if grouped else ""
        return f"must be a whole number ≥ 0 in plain digits, got {got}{hint}"
    return f"must be a whole number ≥ 0, got {got}"


def describe(err: Any, loc: Path_, root: Model, *, quoted: bool = False) -> tuple[str, str]:
    """One pydantic error (``loc`` without union tags) as (message, code); ``quoted``: the
    value was written in quotes."""
    kind: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    got = show(value)
    if kind.startswith("briefing."):
        return err["msg"], kind
    if kind == "missing":
        _, field = resolve(root, loc)
        return f"required field is missing{_about(field)}", "briefing.missing"
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        parent, _ = resolve(root, loc[:-1])
        names = list(parent.model_fields) if parent else []
        hint = _suggest(key, names) or f"; the fields here are: {_fields(parent)}"
        return f"unknown field {key!r}{hint}", "briefing.unknown-field"
    if kind in ("int_type", "int_parsing", "int_from_float", "greater_than_equal"):
        return _not_whole(value, got, quoted), "briefing.value"
    if kind == "less_than_equal":
        limit = ctx.get("le", 0)
        exact = " (2^53: JSON holds no larger whole number exactly)" if limit == 2**53 else ""
        return f"must be at most {limit:,}{exact}, got {got}", "briefing.value"
    if kind == "literal_error":
        choices = _choices(resolve(root, loc)[1])
        hint = _suggest(str(value), choices) if isinstance(value, str) else ""
        return f"must be one of: {', '.join(choices)}; got {got}{hint}", "briefing.enum"
    if kind == "date_from_datetime_inexact":
        return f"must be a date without a time (YYYY-MM-DD), got {got}", "briefing.date"
    if kind.startswith(("date", "datetime")):
        looks_iso = isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip())
        why = f" ({ctx['error']})" if "error" in ctx and looks_iso else ""
        return f"must be a real date written YYYY-MM-DD, got {got}{why}", "briefing.date"
    if kind == "string_pattern_mismatch":
        if "a-z0-9" in str(ctx.get("pattern", "")):
            return (
                f"must be lowercase letters, digits and single hyphens (like pk-ba), got {got}",
                "briefing.slug",
            )
        if "A-Z" in str(ctx.get("pattern", "")):
            return f"must be an ISO 3166 code such as PK or PK-BA, got {got}", "briefing.iso"
    if kind == "string_too_short":
        return "must not be empty", "briefing.empty-field"
    if kind == "string_too_long":
        n = len(value) if isinstance(value, str) else 0
        limit = ctx.get("max_length", 0)
        return f"is too long: {n:,} characters; the limit is {limit:,}", "briefing.value"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item, got {got}", "briefing.missing"
    if kind == "list_type":
        return f"must be a list ('- item' lines or [a, b]), got {got}", "briefing.type"
    if kind == "string_type":
        return f"must be text, got {got}", "briefing.type"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false, got {got}", "briefing.type"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        model, _ = resolve(root, loc)
        return f"must be a mapping with the fields {_fields(model)}; got {got}", "briefing.type"
    if kind == "body_block":
        return f"{err['msg']}; got {got}", "briefing.type"
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{msg[:1].lower()}{msg[1:]}, got {got}", "briefing.value"
