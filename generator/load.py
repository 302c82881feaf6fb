"""Stage 1: YAML text -> plain Python data plus the line and column of every value.

No judgement about *what* an entry says happens here, only whether it is YAML we accept:
safe tags only, no key given twice, a capped number of alias uses, UTF-8, under 1 MiB.
libyaml's ``CSafeLoader`` composes the node tree (~1 ms for the seed entry; the
pure-Python loader needs ~20 ms), and one walk over the nodes builds the data, records
each node's position for error messages and checks the rules above.

>>> doc = load_text("id: x\\nregions: [pk]\\n", "x.yaml")
>>> doc.data, doc.position(("regions", 0))
({'id': 'x', 'regions': ['pk']}, (2, 11))
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, ContentErrors

MAX_BYTES = 1024 * 1024
MAX_ALIASES = 100

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """One loaded YAML file: its data and where each value sits in the text."""

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]]

    def position(self, loc: Path_) -> tuple[int, int]:
        """(line, col) of the deepest node on ``loc`` that exists (1-based).

        A mapping value is placed at its key, so a wrong value and a misspelt key both
        point where the editor typed the key. A missing field points at its parent.
        """
        for end in range(len(loc), -1, -1):
            found = self.positions.get(loc[:end])
            if found:
                return found
        return (1, 1)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    """Builds Python data from a composed node tree, checking as it goes."""

    def __init__(self, path: str):
        self.path = path
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.errors: list[ContentError] = []
        self.seen: set[int] = set()
        self.aliases = 0

    def error(self, node: yaml.Node, field: Path_, message: str, code: str) -> None:
        line, col = _mark(node)
        self.errors.append(ContentError(self.path, line, col, format_field(field), message, code))

    def build(self, node: yaml.Node, loc: Path_, pos: tuple[int, int]) -> Any:
        self.positions[loc] = pos
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _TooManyAliases(node)
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self.error(node, loc, f"tag {node.tag!r} is not allowed", "briefing.yaml-tag")
            return [self.build(v, (*loc, i), _mark(v)) for i, v in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Path_) -> dict[Any, Any]:
        if node.tag != _TAG + "map":
            self.error(node, loc, f"tag {node.tag!r} is not allowed", "briefing.yaml-tag")
        out: dict[Any, Any] = {}
        first: dict[Any, yaml.Node] = {}
        for knode, vnode in node.value:
            if knode.tag == _TAG + "merge":
                self.error(
                    knode,
                    loc,
                    "merge keys (<<) are not supported: write the fields out",
                    "briefing.yaml-merge",
                )
                continue
            if not isinstance(knode, yaml.ScalarNode):
                self.error(knode, loc, "a key must be plain text", "briefing.yaml-key")
                continue
            key = self.scalar(knode, loc)
            if key in first:
                line, _ = _mark(first[key])
                self.error(
                    knode,
                    (*loc, key),
                    f"key {key!r} is given twice (first on line {line}); "
                    "YAML would silently keep only the last one",
                    "briefing.duplicate-key",
                )
                continue
            first[key] = knode
            out[key] = self.build(vnode, (*loc, key), _mark(knode))
        return out

    def scalar(self, node: yaml.ScalarNode, loc: Path_) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.error(
                node, loc, f"tag {node.tag!r} is not allowed (safe YAML only)", "briefing.yaml-tag"
            )
            return node.value
        if node.tag == _TAG + "str":
            return node.value
        try:
            value = _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except (ValueError, OverflowError) as exc:
            if node.tag == _TAG + "timestamp":
                self.error(node, loc, f"{node.value!r} is not a real date ({exc})", "briefing.date")
            else:
                self.error(node, loc, f"cannot read {node.value!r}: {exc}", "briefing.yaml")
            return node.value
        return value


class _TooManyAliases(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def format_field(loc: Path_) -> str:
    """``("casualties", 1, "killed")`` -> ``casualties[1].killed``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_text(text: str, path: str) -> Document:
    """Parse one YAML document; raise :class:`ContentErrors` naming every problem."""
    if not text.strip():
        raise ContentErrors([ContentError(path, 0, 0, "", "the file is empty", "briefing.empty")])
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or str(exc)
        if "\t" in problem or "'\\t'" in problem:
            problem = "a tab character is used for indentation; indent with spaces"
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        raise ContentErrors(
            [ContentError(path, line, col, "", f"YAML syntax: {problem}", "briefing.yaml")]
        ) from None
    except yaml.YAMLError as exc:
        raise ContentErrors(
            [ContentError(path, 0, 0, "", f"YAML: {exc}", "briefing.yaml")]
        ) from None
    if node is None:
        raise ContentErrors(
            [ContentError(path, 0, 0, "", "the file holds no YAML document", "briefing.empty")]
        )
    walker = _Walker(path)
    try:
        data = walker.build(node, (), (1, 1))
    except _TooManyAliases as exc:
        line, col = _mark(exc.node)
        raise ContentErrors(
            [
                ContentError(
                    path,
                    line,
                    col,
                    "",
                    f"more than {MAX_ALIASES} alias uses: refused",
                    "briefing.yaml-aliases",
                )
            ]
        ) from None
    if walker.errors:
        raise ContentErrors(walker.errors)
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise ContentErrors(
            [
                ContentError(
                    path,
                    1,
                    1,
                    "",
                    f"the top level must be a mapping of fields, not a {kind}",
                    "briefing.top-level",
                )
            ]
        )
    return Document(path, data, walker.positions)


def load_file(file: Path, display: str) -> Document:
    """Read and parse ``file``; ``display`` is the path used in messages."""
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise ContentErrors(
            [
                ContentError(
                    display,
                    0,
                    0,
                    "",
                    f"file is {size} bytes; the limit is {MAX_BYTES} (1 MiB)",
                    "briefing.too-large",
                )
            ]
        )
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentErrors(
            [
                ContentError(
                    display,
                    line,
                    0,
                    "",
                    f"byte {raw[exc.start]:#x} at "
                    f"offset {exc.start} is not UTF-8; save the file as "
                    "UTF-8",
                    "briefing.encoding",
                )
            ]
        ) from None
    return load_text(text, display)
