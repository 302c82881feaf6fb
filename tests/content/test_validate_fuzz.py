"""Property: whatever an editor does to an entry, validation answers with ContentErrors
(file, line, field, message) or passes; it never raises anything else.

Hypothesis mutates the seed entry (drops, duplicates and retypes keys, puts random and
hostile strings into fields, adds unknown keys) and also feeds text that is not YAML at
all. A fixed, bounded number of examples keeps this to seconds.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import yaml
from conftest import ROOT, SEED_ID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.load import Document, load_file, load_text
from generator.content.validate import validate_documents
from generator.errors import ContentError, ContentErrors

CONTENT = ROOT / "content"
SEED_FILE = CONTENT / "articles" / "2026" / f"{SEED_ID}.yaml"
NAME = f"content/articles/2026/{SEED_ID}.yaml"
BASE = load_file(SEED_FILE, NAME).data
TAXONOMY = load_file(CONTENT / "taxonomy.yaml", "content/taxonomy.yaml")
OTHERS = [
    load_file(p, p.name) for p in sorted((CONTENT / "articles").rglob("*.yaml")) if p != SEED_FILE
]
FORMAT = re.compile(r"^\S+?(:\d+:\d+)?:( \S+:)? .+ \[briefing\.[a-z-]+\]$", re.DOTALL)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "{{ 7*7 }}",
        "*x*{: onclick=alert(1) }",
        "![x](https://example.org/p.gif)",
        "\x07bell",
        "a\rb",
        "[a]: javascript:alert(1)",
        "",
        "   ",
        "x" * 20_001,
    ]
)
TEXT = st.one_of(st.text(max_size=80), HOSTILE)
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1, 1, 1)),
    TEXT,
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


PATHS = _paths(BASE)


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated_entries(draw: st.DrawFn) -> str:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        op = draw(st.sampled_from(["drop", "retype", "text", "unknown", "duplicate"]))
        path = draw(st.sampled_from(PATHS))
        try:
            parent = _parent(data, path)
            parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or retyped this path
        if not isinstance(parent, dict | list):
            continue  # retyped into text, which can be indexed but not changed
        if op == "drop":
            del parent[path[-1]]
        elif op == "retype":
            parent[path[-1]] = draw(VALUE)
        elif op == "text":
            parent[path[-1]] = draw(TEXT)
        elif op == "unknown" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = draw(VALUE)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):  # a key given twice, written the way an editor would
        key = draw(st.sampled_from(sorted(BASE)))
        text += yaml.safe_dump({key: draw(VALUE)}, allow_unicode=True)
    return text


def check(text: str) -> list[ContentError]:
    """Load and validate one entry with the real content around it; return its errors."""
    errors: list[ContentError] = []
    docs: list[Document] = list(OTHERS)
    try:
        docs.append(load_text(text, NAME, partial=True))
    except ContentErrors as exc:
        errors.extend(exc.errors)
    validate_documents(TAXONOMY, docs, errors)
    for err in errors:
        assert err.path == NAME, err
        assert err.line >= 0 and err.col >= 0
        assert FORMAT.match(str(err)), str(err)
    return errors


def test_the_unmutated_seed_passes() -> None:
    assert check(SEED_FILE.read_text("utf-8")) == []


@FUZZ
@given(mutated_entries())
def test_a_mutated_entry_passes_or_is_reported(text: str) -> None:
    check(text)


@FUZZ
@given(st.one_of(st.text(max_size=300), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_text_that_is_not_an_entry_is_reported(text: str) -> None:
    errors = check(text)
    if not text.strip():
        assert [e.code for e in errors] == ["briefing.empty"]


def test_a_dropped_required_field_is_reported_at_its_parent() -> None:
    data = copy.deepcopy(BASE)
    del data["casualties"][1]["reported_by"]
    errors = check(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert [(e.field, e.code) for e in errors] == [
        ("casualties[1].reported_by", "briefing.missing")
    ]
