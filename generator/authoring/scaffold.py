"""``briefing new``: a skeleton entry at the conventional path, every field commented.

The comments come from the schema's field descriptions (through :mod:`generator.reference`),
so the skeleton says what the reference says. Nothing is filled in that the analyst did not
give: a required field left open is written empty, so ``briefing validate`` points at it.

>>> slugify("Pakistan Reports 145 Militants Killed After Attacks in Balochistan")
'pakistan-reports-145-militants-killed-after-attacks-balochistan'
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.entries import find_entries
from ..content.load import Path_, load_text
from ..content.model import Taxonomy
from ..content.validate import TAXONOMY_FILE, read_taxonomy
from ..errors import ContentErrors
from ..reference import FieldDoc, ModelDoc, describe_models
from . import yaml_writer

#: Every entry file starts with this line: editors with the YAML language server check the
#: entry against the committed JSON Schema as it is typed (path relative to
#: content/articles/<yyyy>/, where entries live).
SCHEMA_LINE = "yaml-language-server: $schema=../../../schema/article.schema.json"
_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "with",
        "as",
        "by",
        "from",
    ]
)
MAX_SLUG = 80


class FileExists(FileExistsError):
    """The target file exists and ``--force`` was not given."""


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """A readable id from a headline: ASCII, lowercase, hyphens, short words dropped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    kept = [w for w in words if w not in _STOP_WORDS] or words
    slug = ""
    for word in kept:
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word[:limit]
    return slug


def entry_path(content: Path, date: dt.date, entry_id: str) -> Path:
    """``content/articles/<yyyy>/<id>.yaml``: the file stem must equal the id."""
    return content / "articles" / f"{date.year:04d}" / f"{entry_id}.yaml"


def load_taxonomy(content: Path) -> Taxonomy:
    """The content's taxonomy, checked; raises ContentErrors naming its problems."""
    path = content / TAXONOMY_FILE
    taxonomy, errors = read_taxonomy(path, str(path))
    if errors or taxonomy is None:
        raise ContentErrors(errors)
    return taxonomy


def id_in_use(content: Path, entry_id: str, target: Path | None) -> Path | None:
    """Another entry file under ``content/articles`` named after ``entry_id``, in any
    year (an entry's file is named after its id), or None. ``target``: the file about
    to be written, which is not another."""
    here = os.path.abspath(target) if target is not None else None
    for path, _ in find_entries(content / "articles", content, content).files:
        if path.stem == entry_id and os.path.abspath(path) != here:
            return path
    return None


def write_new(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path``; refuse an existing file unless ``force``.

    Without ``force`` the file is created with ``O_EXCL``, so a file that appears between
    the check and the write is not overwritten either.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not force:
        try:
            with path.open("x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except FileExistsError:
            raise FileExists(path) from None
        return
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


def field_comment(doc: FieldDoc) -> str:
    """``Required: The headline.`` -- the reference's words, plain text for a comment."""
    text = doc.description.replace("``", "`")
    if doc.required == "yes":
        return f"Required: {text}"
    if doc.required == "for an article":
        return f"Required for an article (not for kind: brief): {text}"
    return text


def item_comments(doc: FieldDoc, models: Sequence[ModelDoc] = ()) -> list[str]:
    """How one item of a list field is written, e.g. ``- text: ...`` for key points
    (``models``: where the item's model is described; default the entry's)."""
    by_name = {m.name: m for m in models or describe_models()}
    if doc.model is None:
        return []
    fields = by_name[doc.model].fields
    width = max(len(f.name) for f in fields) + 2
    lines = ["Each item is a paragraph (text) or a quote:"] if doc.is_text else ["Each item:"]
    for i, f in enumerate(fields):
        dash = "  - " if i == 0 else "    "
        lines.append(f"{dash}{f.name + ':':<{width}} {field_comment(f)}")
    return lines


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width=yaml_writer.WIDTH - 2, subsequent_indent=indent) or [""]


@dataclass
class NewEntry:
    """What ``briefing new`` was told; anything left ``None``/empty stays open in the file."""

    headline: str | None = None
    date: dt.date | None = None
    section: str | None = None
    kind: str = "article"
    regions: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    id: str | None = None

    @property
    def entry_id(self) -> str:
        return self.id or slugify(self.headline or "")


def render_new(entry: NewEntry, taxonomy: Taxonomy) -> str:
    """The skeleton: the schema line, then every field of the entry with its comment."""
    given: dict[str, Any] = {
        "id": entry.entry_id,
        "kind": entry.kind,
        "section": entry.section or "",
        "date": entry.date or "",
        "headline": entry.headline or "",
        "regions": list(entry.regions),
        "themes": list(entry.themes),
    }
    top = describe_models()[0]
    data: dict[str, Any] = {}
    above: dict[Path_, list[str]] = {}
    for doc in top.fields:
        if doc.name in given:
            data[doc.name] = given[doc.name]
        else:
            data[doc.name] = [] if doc.kind.startswith("list of") else None
        above[(doc.name,)] = ["", *_wrap(field_comment(doc)), *item_comments(doc)]
    ids = {"regions": list(taxonomy.regions), "themes": list(taxonomy.themes)}
    for name, known in ids.items():
        above[(name,)] += _wrap(f"Ids in content/taxonomy.yaml: {', '.join(known)}.", "  ")
    header = [
        SCHEMA_LINE,
        "A new briefing entry, written by `briefing new`. The comment above each field says",
        "what it holds (the full reference is CONTRIBUTING.md). Fill in every field marked",
        "Required; leave the others empty or delete them. Then run `briefing validate`.",
    ]
    return yaml_writer.dump(data, header=header, above=above)


def open_fields(text: str) -> list[str]:
    """The required fields a written skeleton still leaves empty, in file order."""
    data = load_text(text, "<new>").data
    docs = describe_models()[0].fields
    wanted = {"yes"} | ({"for an article"} if data.get("kind") == "article" else set())
    return [d.name for d in docs if d.required in wanted and data.get(d.name) in ("", None, [])]


def check_terms(values: Sequence[str], known: Sequence[str], what: str) -> list[str]:
    """Messages for ids that are not in the taxonomy, each with a close match if any."""
    out = []
    for value in values:
        if value not in known:
            near = difflib.get_close_matches(value, list(known), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            out.append(f"{value!r} is not a {what} in content/taxonomy.yaml{hint}")
    return out
