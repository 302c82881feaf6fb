"""A clean file is read by a lean walk that keeps no positions, and its positions are found
again from its text when an error needs them (content/load.py). What an editor sees must not
change: for every YAML file the tests and the seed hold, and for each kind of YAML the lean
walk must leave to the full one, the data, the problems, every field's line and column and
which texts were quoted are those of the full walk."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.content.load import Document, Loader, _walk, load_text
from generator.content.validate import validate_article
from generator.errors import ContentErrors

ROOT = Path(__file__).resolve().parent.parent.parent
FILES = sorted(
    p
    for folder in (ROOT / "tests" / "fixtures", ROOT / "content")
    for p in folder.rglob("*")
    if p.suffix == ".yaml" and p.is_file()
)

CLEAN = """\
id: x
date: 2031-05-02
count: 3
share: 0.5
flag: true
none: ~
"quoted key": 'quoted'
items:
  - "12"
  - plain
  - {a: 1, b: "two"}
"""

#: Each is read only by the full walk: the lean one gives up at it.
UNCLEAN = {
    "octal": "a: 010\n",
    "yes": "a: yes\n",
    "base-60": "a: 1:30\n",
    "float with underscores": "a: 1_000.5\n",
    "impossible date": "a: 2031-02-30\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "number as key": "1: x\n",
    "merge key": "base: &b {x: 1}\nc:\n  <<: *b\n",
    "alias of a mapping": "a: &b {x: 1}\nc: *b\n",
    "tag": "a: !!binary aGk=\n",
    "local tag": "a: !thing x\n",
    "set": "a: !!set {x}\n",
}


def _same_as_full_walk(text: str, path: str) -> Document | None:
    """Load ``text`` as the pipeline does and check it against the full walk."""
    try:
        doc = load_text(text, path, partial=True)
    except ContentErrors:  # not YAML at all, or refused by the full walk itself: no data
        return None
    node = yaml.compose(text, Loader=Loader)
    assert node is not None
    full = _walk(text.removeprefix("\ufeff"), path, node)
    assert doc.data == full.data
    assert [str(e) for e in doc.problems] == [str(e) for e in full.errors]
    assert doc.reported == frozenset(full.reported)
    for loc, where in full.positions.items():
        assert doc.position(loc) == where, loc
        assert doc.is_quoted(loc) == (loc in full.quoted), loc
    return doc


@pytest.mark.parametrize("file", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_reads_as_the_full_walk_reads_it(file: Path) -> None:
    try:
        text = file.read_text("utf-8")
    except UnicodeDecodeError:  # refused before YAML is read (tests/fixtures/invalid/*encoding*)
        return
    _same_as_full_walk(text, str(file))


def test_a_clean_file_is_read_lean_and_placed_later() -> None:
    doc = _same_as_full_walk(CLEAN, "x.yaml")
    assert doc is not None and doc.text is not None and doc.positions == {}  # the lean walk read it
    assert doc.position(("items", 2, "b")) == (11, 12)
    assert doc.is_quoted(("items", 0)) and not doc.is_quoted(("items", 1))


@pytest.mark.parametrize("name", sorted(UNCLEAN))
def test_what_the_lean_walk_leaves_to_the_full_one(name: str) -> None:
    doc = _same_as_full_walk(UNCLEAN[name], "x.yaml")
    assert doc is not None and doc.text is None, "read by the lean walk"


def test_an_error_in_a_clean_file_names_its_line_and_field() -> None:
    text = CLEAN.replace("date: 2031-05-02\n", "date: 2031-05-02\nkind: feature\n")
    doc = load_text(text, "x.yaml", partial=True)
    assert doc.text is not None
    _, errors = validate_article(doc)
    assert any(
        str(e).startswith("x.yaml:3:1: kind: must be one of: article, brief") for e in errors
    ), errors


def test_remembered_tags_are_those_yaml_11_gives() -> None:
    """libyaml asks ``Loader.resolve`` for each plain scalar's tag; short texts' answers
    are remembered, and must stay YAML 1.1's (the pure-Python loader's) the second time."""
    texts = ["010", "yes", "Yes", "2031-05-02", "1:30", "~", "null", "plain", "3.5", "0x1F"]
    for text in texts * 2:
        ours = yaml.compose(f"a: {text}\n", Loader=Loader)
        theirs = yaml.compose(f"a: {text}\n", Loader=yaml.SafeLoader)
        assert ours is not None and theirs is not None
        assert ours.value[0][1].tag == theirs.value[0][1].tag, text
