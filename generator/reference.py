"""The field reference: what each field of an entry holds, generated from the schema.

One source, three readers: the site's "Field reference" page (``reference.md``), the
generated block in ``CONTRIBUTING.md`` and the comments ``briefing new`` writes above each
field all come from the descriptions in :mod:`generator.content.schema` (and, for
assessments, :mod:`generator.content.assessments`), read through pydantic's JSON Schema,
so none of them is a hand-kept copy that can drift.

>>> [f.name for f in describe_models()[0].fields][:3]
['id', 'kind', 'section']
>>> render_reference().splitlines()[0]
'# Field reference'
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from .content import assessments, schema
from .render.markdown import make_env

#: Fields that ``validate`` requires when ``kind`` is ``article`` (the JSON Schema cannot
#: say "required unless kind is brief"); tests/authoring/test_reference.py checks validate agrees.
ARTICLE_REQUIRED = ("summary", "body")
PAGE = "reference.md"
BEGIN = "<!-- BEGIN field-reference"
END = "<!-- END field-reference -->"
REGENERATE = "briefing reference --update CONTRIBUTING.md"


@dataclass(frozen=True)
class FieldDoc:
    """One field as the reference shows it: ``kind`` is a Markdown type label."""

    name: str
    kind: str
    required: str
    description: str
    model: str | None = None  # the item model of a list of mappings, e.g. "KeyPoint"
    is_text: bool = False  # the field (or its items) may be plain text


@dataclass(frozen=True)
class ModelDoc:
    name: str  # "KeyPoint"
    title: str  # "Key point fields"
    description: str
    fields: tuple[FieldDoc, ...]

    @property
    def anchor(self) -> str:
        return anchor(self.title)


def anchor(title: str) -> str:
    """The heading id MkDocs' toc and GitHub both give ``title`` (plain words only)."""
    return re.sub(r"[\s-]+", "-", re.sub(r"[^\w\s-]", "", title).strip().lower())


def _title(name: str) -> str:
    if name == "ArticleIn":
        return "Entry fields"
    words = re.findall(r"[A-Z][a-z]*", name.removesuffix("In"))
    return " ".join([words[0], *(w.lower() for w in words[1:])]) + " fields"


def _kind(prop: dict[str, Any], titles: dict[str, str], inner: bool = False) -> str:
    """A JSON Schema property as a short type label, e.g. ``list of [Risk fields](#...)``."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{titles[name].removesuffix(' fields')}](#{anchor(titles[name])})"
    for key in ("anyOf", "oneOf"):
        if key in prop:
            kinds = [_kind(p, titles, True) for p in prop[key] if p.get("type") != "null"]
            return " or ".join(kinds)
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return "list of " + _kind(prop["items"], titles, True)
    if kind == "string":
        if prop.get("format") == "date":
            return "date `YYYY-MM-DD`"
        if str(prop.get("pattern", "")).startswith("^[a-z0-9]"):
            return "id (`a-z`, `0-9`, `-`)"
        if inner and "description" in prop:  # a named kind of text: "An http(s) address."
            return re.sub(r"^(an?|the) ", "", prop["description"].rstrip(".").lower())
        return "text"
    if kind == "integer":
        return "whole number ≥ 0" if prop.get("minimum") == 0 else "whole number"
    if kind == "boolean":
        return "`true` or `false`"
    return str(kind)


def _item_model(prop: dict[str, Any]) -> str | None:
    items = prop.get("items", {})
    for option in [items, *items.get("oneOf", []), *items.get("anyOf", [])]:
        if "$ref" in option:
            return str(option["$ref"].rsplit("/", 1)[-1])
    return None


def _is_text(prop: dict[str, Any]) -> bool:
    options = [prop, prop.get("items", {})]
    options += [o for p in list(options) for o in p.get("oneOf", []) + p.get("anyOf", [])]
    return any(o.get("type") == "string" and "enum" not in o for o in options)


def _required(name: str, prop: dict[str, Any], required: list[str], top: bool) -> str:
    if name in required:
        return "yes"
    if top and name in ARTICLE_REQUIRED:
        return "for an article"
    default = prop.get("default")
    if default in (None, []):
        return "no"
    return f"no (default `{str(default).lower() if isinstance(default, bool) else default}`)"


@functools.cache
def describe_models(model: type[BaseModel] = schema.ArticleIn) -> tuple[ModelDoc, ...]:
    """The entry model, then each model it uses, in the order their fields first appear.
    Cached: the models are fixed for the life of the process."""
    js = model.model_json_schema()
    defs = js.get("$defs", {})
    order = [model.__name__]
    for prop in js["properties"].values():
        item = _item_model(prop)
        if item and item not in order:
            order.append(item)
    order += [name for name in defs if name not in order]
    titles = {name: _title(name) for name in order}
    out = []
    for name in order:
        node = js if name == model.__name__ else defs[name]
        required = node.get("required", [])
        fields = tuple(
            FieldDoc(
                key,
                _kind(prop, titles),
                _required(key, prop, required, top=name == "ArticleIn"),
                prop.get("description", ""),
                _item_model(prop),
                _is_text(prop),
            )
            for key, prop in node["properties"].items()
        )
        out.append(ModelDoc(name, titles[name], node.get("description", ""), fields))
    return tuple(out)


def _trusted(text: str) -> Markup:
    """Schema descriptions are the project's own Markdown (not entry text, which
    ``escape_markdown`` guards): keep their code spans and links, show ``<id>`` as typed,
    and keep a ``|`` from ending a table cell.

    >>> str(_trusted("the page is /articles/<id>/, ``id`` | url"))
    'the page is /articles/&lt;id&gt;/, `id` \\\\| url'
    """
    text = html.escape(text, quote=False).replace("``", "`")
    return Markup(text.replace("|", "\\|"))


def render_reference(level: int = 1) -> str:
    """The reference as Markdown. ``level`` 1: the site page with its own title; 3: a
    block under a level-2 heading of CONTRIBUTING.md."""
    env = make_env()
    env.filters["md"] = _trusted
    return env.get_template("reference.md.jinja").render(
        h=Markup("#" * max(level, 2)),
        page=level == 1,
        models=describe_models(),
        likelihood=list(
            zip(schema.LIKELIHOOD, schema.LIKELIHOOD_RANGES, assessments.MIDPOINTS, strict=True)
        ),
        severity=schema.SEVERITY,
        confidence=schema.CONFIDENCE,
        assessment_models=describe_models(assessments.AssessmentIn),
        levels=assessments.LEVEL_MEANINGS,
        regenerate=REGENERATE,
    )


def contributing_block() -> str:
    """The generated block of CONTRIBUTING.md, markers included."""
    note = f"{BEGIN}: generated from generator/content/schema.py by `{REGENERATE}`; do not edit -->"
    return f"{note}\n\n{render_reference(level=3).strip()}\n\n{END}"


class MarkersMissing(ValueError):
    """The file has no generated block to update."""


def update_block(text: str) -> str:
    """``text`` with its generated block replaced by the current reference."""
    start = text.find(BEGIN)
    end = text.find(END, start)
    if start < 0 or end < 0:
        raise MarkersMissing(f"no '{BEGIN} ... -->' ... '{END}' block")
    return text[:start] + contributing_block() + text[end + len(END) :]


def update_file(path: Path) -> bool:
    """Rewrite the generated block of ``path``; True if that changed the file."""
    text = path.read_text(encoding="utf-8")
    new = update_block(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
