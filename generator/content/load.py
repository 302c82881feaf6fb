"""Stage 1: YAML text -> plain Python data plus the line and column of every value.

No judgement about *what* an entry says happens here, only whether it is YAML we accept:
safe tags only, no key given twice, keys that are text, a capped number of alias uses and
nesting depth, UTF-8, under 1 MiB. libyaml's ``CSafeLoader`` composes the node tree (~1 ms
for the seed entry; the pure-Python loader needs ~20 ms), and one walk over the nodes
builds the data, records each node's position for error messages and checks the rules.

Nearly every file is clean, and its positions are then never read. So a lean first walk
(``lean.quick``) builds the data alone, giving up at the first thing that is not plainly
clean (an unusual tag, a key that is not text or is given twice, a YAML 1.1 number, an
alias of a list or mapping, deep nesting); a file it gives up on is read by the full walk
at once, and a clean one keeps its text, from which the full walk finds positions again
the first time an error needs one. Messages are therefore exactly the full walk's.

Problems that leave the rest of the file readable (a duplicate key, an impossible date, a
``!!python`` tag) are kept on the :class:`Document` so that validation can still check
the other fields in the same run; problems that stop reading (syntax, encoding, size,
alias bombs) raise :class:`ContentErrors` at once.

>>> doc = load_text("id: x\\nregions: [pk]\\n", "x.yaml")
>>> doc.data, doc.position(("regions", 0))
({'id': 'x', 'regions': ['pk']}, (2, 11))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from ..errors import ContentError, ContentErrors
from .lean import MAX_DEPTH, Loader, Unclean, quick
from .yaml11 import BREAK, Lines, odd_break_hint, yaml11_form

T = TypeVar("T")

MAX_BYTES = 1024 * 1024
MAX_ALIASES = 100

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}

Path_ = tuple[str | int, ...]
_KINDS: dict[type, str] = {int: "a number", float: "a number", bool: "true/false"}


@dataclass(frozen=True)
class Document:
    """One loaded YAML file: its data, where each value sits, and what was wrong with it.

    ``problems`` holds the errors that did not stop reading; ``reported`` their field
    locations, so validation does not report the same value a second time; ``quoted`` the
    locations of text written in quotes (a number in quotes is text: messages say so).
    """

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]]
    problems: tuple[ContentError, ...] = ()
    reported: frozenset[Path_] = frozenset()
    quoted: frozenset[Path_] = frozenset()
    #: A clean file's text, its ``positions`` and ``quoted`` left empty: found again from
    #: it (:func:`_walk`) when first asked for (an error message needs them).
    text: str | None = field(default=None, repr=False, compare=False)
    _later: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def _found(self) -> tuple[dict[Path_, tuple[int, int]], frozenset[Path_]]:
        if self.text is None:
            return self.positions, self.quoted
        if not self._later:
            node = cast(yaml.Node, yaml.compose(self.text, Loader=Loader))  # (read before)
            walker = _walk(self.text, self.path, node)
            self._later.update(positions=walker.positions, quoted=frozenset(walker.quoted))
        return self._later["positions"], self._later["quoted"]

    def position(self, loc: Path_) -> tuple[int, int]:
        """(line, col) of the deepest node on ``loc`` that exists (1-based).

        A mapping value is placed at its key, so a wrong value and a misspelt key both
        point where the editor typed the key. A missing field points at its parent.
        """
        positions = self._found()[0]
        for end in range(len(loc), -1, -1):
            found = positions.get(loc[:end])
            if found:
                return found
        return (1, 1)

    def is_quoted(self, loc: Path_) -> bool:
        """Whether the text at ``loc`` was written in quotes (a number in quotes is text)."""
        return loc in self._found()[1]


_PLAIN_LINES = Lines("")


def _mark(node: yaml.Node, lines: Lines = _PLAIN_LINES) -> tuple[int, int]:
    return lines.at(node.start_mark)


def _fatal(path: str, line: int, col: int, message: str, code: str) -> ContentErrors:
    return ContentErrors([ContentError(path, line, col, "", message, code)])


class _Walker:
    """Builds Python data from a composed node tree, checking as it goes."""

    def __init__(self, path: str, lines: Lines = _PLAIN_LINES):
        self.path = path
        self.lines = lines
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.errors: list[ContentError] = []
        self.reported: set[Path_] = set()
        self.quoted: set[Path_] = set()
        self.seen: set[int] = set()
        self.aliases = 0
        self.data: Any = None

    def error(
        self, node: yaml.Node, field: Path_, message: str, code: str, *, value: bool = True
    ) -> None:
        """Record a problem; ``value``: it is about the value at ``field``, which later
        stages then need not report again (a bad key, by contrast, says nothing about its
        mapping's other fields)."""
        line, col = _mark(node, self.lines)
        self.errors.append(ContentError(self.path, line, col, format_field(field), message, code))
        if value:
            self.reported.add(field)

    def build(self, node: yaml.Node, loc: Path_, pos: tuple[int, int], depth: int = 0) -> Any:
        self.positions[loc] = pos
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(node, f"more than {MAX_ALIASES} alias uses: refused", "aliases")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(node, f"nested more than {MAX_DEPTH} levels deep: refused", "depth")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self.error(node, loc, _tag_message(node.tag), "briefing.yaml-tag")
            return [
                self.build(v, (*loc, i), _mark(v, self.lines), depth + 1)
                for i, v in enumerate(node.value)
            ]
        return self.scalar(cast(yaml.ScalarNode, node), loc)  # the only kind left

    def mapping(self, node: yaml.MappingNode, loc: Path_, depth: int) -> dict[Any, Any]:
        if node.tag != _TAG + "map":
            self.error(node, loc, _tag_message(node.tag), "briefing.yaml-tag")
        out: dict[Any, Any] = {}
        first: dict[Any, yaml.Node] = {}
        for knode, vnode in node.value:
            if knode.tag == _TAG + "merge":
                self.error(
                    knode,
                    loc,
                    "merge keys (<<) are not supported: write the fields out",
                    "briefing.yaml-merge",
                    value=False,
                )
                continue
            if not isinstance(knode, yaml.ScalarNode):
                self.error(knode, loc, "a key must be plain text", "briefing.yaml-key", value=False)
                continue
            key = self.scalar(knode, loc, key=True)
            if not isinstance(key, str):
                self.error(
                    knode,
                    loc,
                    f"a key must be text, got {knode.value!r} (YAML reads it as "
                    f"{_KINDS.get(type(key), type(key).__name__)}); field names are words "
                    "such as 'headline'",
                    "briefing.yaml-key",
                    value=False,
                )
                continue
            if key in first:
                line, _ = _mark(first[key], self.lines)
                self.error(
                    knode,
                    (*loc, key),
                    f"key {key!r} is given twice (first on line {line}); "
                    "YAML would silently keep only the last one",
                    "briefing.duplicate-key",
                )
                continue
            first[key] = knode
            out[key] = self.build(vnode, (*loc, key), _mark(knode, self.lines), depth + 1)
        return out

    def scalar(self, node: yaml.ScalarNode, loc: Path_, *, key: bool = False) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.error(node, loc, _tag_message(node.tag), "briefing.yaml-tag")
            return node.value
        if node.tag == _TAG + "str":
            if node.style in ("'", '"') and not key:
                self.quoted.add(loc)
            return node.value
        refused = None if key else yaml11_form(node.tag.removeprefix(_TAG), node.value)
        if refused is not None:
            self.error(node, loc, *refused)
            return node.value
        try:
            value = _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except (ValueError, OverflowError) as exc:
            if node.tag == _TAG + "timestamp":
                message = f"must be a real date written YYYY-MM-DD, got {node.value} ({exc})"
                self.error(node, loc, message, "briefing.date")
            else:
                self.error(node, loc, f"cannot read {node.value!r}: {exc}", "briefing.yaml")
            return node.value
        return value


def _walk(text: str, path: str, node: yaml.Node) -> _Walker:
    """The full walk over a composed file: data, positions, problems."""
    lines = Lines(text)
    walker = _Walker(path, lines)
    try:
        walker.data = walker.build(node, (), _mark(node, lines))
    except _Refused as exc:
        line, col = _mark(exc.node, lines)
        raise _fatal(path, line, col, exc.message, f"briefing.yaml-{exc.kind}") from None
    return walker


def _tag_message(tag: str) -> str:
    shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
    return f"the tag {shown!r} is not allowed: plain YAML only (no '!' tags)"


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str, kind: str):
        self.node, self.message, self.kind = node, message, kind


def format_field(loc: Path_) -> str:
    """``("casualties", 1, "killed")`` -> ``casualties[1].killed``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> ContentErrors:
    """libyaml's complaint, reworded where its wording does not help an editor."""
    mark = exc.problem_mark or exc.context_mark
    line, col = Lines(text).at(mark) if mark else (0, 0)
    problem = exc.problem or str(exc)
    lines = BREAK.split(text)
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = here[: len(here) - len(here.lstrip(" \t"))]
    if "tab" in problem or "\t" in indent:
        problem = "a tab character is used for indentation; indent with spaces"
    elif "another document" in problem:
        problem = "a second YAML document starts here ('---'); one file holds one entry"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    if mark:
        problem += odd_break_hint(text, mark.index)
    return _fatal(path, line, col, f"YAML syntax: {problem}", "briefing.yaml")


def load_text(text: str, path: str, *, partial: bool = False) -> Document:
    """Parse one YAML document; raise :class:`ContentErrors` naming every problem.

    With ``partial=True`` problems that leave the data readable are returned on the
    document (``problems``) instead of raised, so later stages can check the rest.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise _fatal(path, 0, 0, "the file is empty", "briefing.empty")
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise _fatal(
            path,
            line,
            col,
            f"character U+{exc.character:04X} is not allowed in YAML (a control character); "
            "remove it",
            "briefing.encoding",
        ) from None
    except yaml.YAMLError as exc:
        raise _fatal(path, 0, 0, f"YAML: {exc}", "briefing.yaml") from None
    if node is None:
        raise _fatal(path, 0, 0, "the file holds no YAML document, only comments", "briefing.empty")
    try:
        data = quick(node, set())
    except Unclean:
        data = None
    if isinstance(data, dict):
        return Document(path, data, {}, text=text)
    walker = _walk(text, path, node)
    data = walker.data
    if not isinstance(data, dict):
        names: dict[type, str] = {list: "list", str: "piece of text"}
        kind = names.get(type(data), type(data).__name__)
        raise _fatal(
            path,
            *_mark(node, walker.lines),
            f"the top level must be a mapping of fields (key: value lines), not a {kind}",
            "briefing.top-level",
        )
    if walker.errors and not partial:
        raise ContentErrors(walker.errors)
    return Document(
        path,
        data,
        walker.positions,
        tuple(walker.errors),
        frozenset(walker.reported),
        frozenset(walker.quoted),
    )


def valid_in(
    file: Path, display: str, check: Callable[[Document], tuple[T | None, list[ContentError]]]
) -> T | None:
    """What ``check`` (``validate_article``, ``validate_assessment``) makes of ``file``, or
    None if reading or checking it finds any problem: the caches' quick load, which leaves
    saying what is wrong to the uncached load.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.yaml"
    >>> _ = path.write_text("id: [", "utf-8")
    >>> valid_in(path, "a.yaml", lambda doc: (doc.data, [])) is None  # not YAML
    True
    >>> _ = path.write_text("id: x", "utf-8")
    >>> valid_in(path, "a.yaml", lambda doc: (doc.data, []))
    {'id': 'x'}
    """
    try:
        doc = load_file(file, display, partial=True)
    except ContentErrors:
        return None
    found, errors = check(doc)
    return None if errors else found


def load_file(file: Path, display: str, *, partial: bool = False) -> Document:
    """Read and parse ``file``; ``display`` is the path used in messages."""
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise _fatal(
                display,
                0,
                0,
                f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} (1 MiB)",
                "briefing.too-large",
            )
        raw = file.read_bytes()
    except FileNotFoundError:  # renamed or deleted since the folder was listed (an editor saving)
        raise _fatal(
            display, 0, 0, "the file went away while it was being read; run again", "briefing.read"
        ) from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise _fatal(display, 0, 0, f"cannot read the file ({why})", "briefing.read") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fatal(
            display,
            line,
            col,
            f"byte {raw[exc.start]:#04x} is not UTF-8; save the file as UTF-8",
            "briefing.encoding",
        ) from None
    return load_text(text, display, partial=partial)
