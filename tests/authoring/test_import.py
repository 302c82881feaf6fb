"""``briefing import``: the seed's text becomes an entry that holds every sentence and
validates; variants of the text give the same entry; bad input is refused clearly.

The command runs as a user runs it (a subprocess in a copy of the project); its output is
read back with the project's own YAML loader.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, SEED_ID, SEED_TEXT, copy_project, mkdocs_build, page_text
from conftest import run_briefing as briefing
from fictional import fictional_content
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.authoring.article_text import UnreadableText
from generator.authoring.importer import import_text
from generator.authoring.scaffold import load_taxonomy
from generator.authoring.terms import existing_entries
from generator.authoring.yaml_writer import dump
from generator.content.load import load_text

SEED_ENTRY = ROOT / "content" / "articles" / "2026" / f"{SEED_ID}.yaml"
SEED_RAW = SEED_TEXT.read_bytes()
# The id import gives the seed when no entry with its headline exists yet.
FRESH_ID = "pakistan-reports-145-militants-killed-after-coordinated-attacks-balochistan"


def load(text: str) -> dict[str, Any]:
    return load_text(text, "imported.yaml").data


@pytest.fixture(scope="module")
def seed_import() -> tuple[str, dict[str, Any]]:
    result = briefing("import", str(SEED_TEXT))
    assert result.returncode == 0, result.stderr
    return result.stdout, load(result.stdout)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project without the seed's entry, as before the seed was added."""
    copy_project(tmp_path)
    (tmp_path / "content" / "articles" / "2026" / f"{SEED_ID}.yaml").unlink()
    return tmp_path


def test_seed_import_matches_the_hand_transcribed_entry(
    seed_import: tuple[str, dict[str, Any]],
) -> None:
    _, got = seed_import
    want = yaml.safe_load(SEED_ENTRY.read_text("utf-8"))
    for key in ("id", "section", "date", "headline", "dek", "byline", "summary"):
        assert got[key] == want[key], key
    assert got["key_points"] == want["key_points"]
    assert got["body"] == want["body"]  # paragraphs, and the quote with its speaker
    assert got["context"] == want["context"]
    assert [r["text"] for r in got["risks"]] == [r["text"] for r in want["risks"]]
    assert got["regions"] == want["regions"]
    assert set(want["themes"]) <= set(got["themes"])
    assert got["related"] == want["related"]  # titles, dates and the ids of existing briefs


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[\"“”]", "", text).split())


def test_seed_import_holds_every_sentence_of_the_text(
    seed_import: tuple[str, dict[str, Any]],
) -> None:
    _, got = seed_import
    everything = _norm(" ".join(_strings(got)))
    lines = [ln.strip(" •") for ln in SEED_TEXT.read_text("utf-8").splitlines() if ln.strip()]
    headings = {"Key Points", "Context and next steps", "Risks", "More from World"}
    pieces = []
    for line in lines[1:]:  # the dateline is checked below
        if line in headings:
            continue
        if line.startswith("By "):
            line = line[3:]
        if " Feb 2, 2026" in line:  # the "More from World" strip
            pieces += [t for t in line.split(" Feb 2, 2026") if t.strip()]
            continue
        pieces += re.split(r"(?<=[.!?,])\s+|\s-\s", line)
    assert len(pieces) == 71  # every sentence and clause of the text, split as above
    missing = [p for p in pieces if _norm(p) and _norm(p) not in everything]
    assert not missing
    assert got["section"] == "World" and str(got["date"]) == "2026-02-01"


def test_casualty_figures_are_proposed_for_review_with_sources_from_the_text(
    seed_import: tuple[str, dict[str, Any]],
) -> None:
    text, got = seed_import
    rows = [
        (c["group"], c["killed"], c["reported_by"], str(c["reported_on"]))
        for c in got["casualties"]
    ]
    bugti = "Sarfaraz Bugti, the chief minister of Balochistan"
    assert rows == [
        ("militants", 145, "Provincial officials in Pakistan", "2026-02-01"),
        ("militants", 92, "The military", "2026-01-31"),  # "on Saturday"
        ("security-forces", 17, bugti, "2026-02-01"),  # "He also confirmed": Bugti
        ("civilians", 31, bugti, "2026-02-01"),
    ]
    source_text = SEED_TEXT.read_text("utf-8")
    for casualty in got["casualties"]:
        assert casualty["reported_by"] in source_text  # never a source the text lacks
    # each proposed figure sits under its own REVIEW comment, quoting its sentence
    lines = text.splitlines()
    items = [i for i, ln in enumerate(lines) if ln.startswith("  - group:")]
    assert len(items) == 4
    for i in items:
        block = []
        j = i - 1
        while lines[j].lstrip().startswith("#"):
            block.insert(0, lines[j].strip("# "))
            j -= 1
        assert block[0].startswith("REVIEW"), block
    assert '"He" read as Sarfaraz Bugti' in text


def test_imported_seed_validates_and_builds_in_the_project(project: Path) -> None:
    result = briefing("import", str(SEED_TEXT), "-o", "content/articles/2026/", cwd=project)
    assert result.returncode == 0, result.stderr
    written = project / "content" / "articles" / "2026" / f"{FRESH_ID}.yaml"
    assert f"wrote content/articles/2026/{FRESH_ID}.yaml" in result.stderr
    assert written.read_text("utf-8").startswith(
        "# yaml-language-server: $schema=../../../schema/article.schema.json\n"
    )
    assert (written.parent / "../../../schema/article.schema.json").resolve() == (
        project / "schema" / "article.schema.json"
    )
    check = briefing("validate", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    built = mkdocs_build(project, project / "site")
    assert built.returncode == 0, built.stderr
    text = page_text(project / "site", f"articles/{FRESH_ID}")
    assert "We categorically reject the baseless allegations made by Pakistan" in text
    assert "Randhir Jaiswal" in text


def test_import_to_a_named_file_says_where_it_belongs_and_then_validates(project: Path) -> None:
    result = briefing("import", str(SEED_TEXT), "-o", "x.yaml", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "not valid yet" not in result.stderr
    assert "next: save it as content/articles/2026/x.yaml" in result.stderr  # named x: id x
    target = project / "content" / "articles" / "2026" / "x.yaml"
    shutil.move(project / "x.yaml", target)
    check = briefing("validate", str(target.relative_to(project)), cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr


def _wrap_body(text: str) -> str:
    head, _, rest = text.partition("By Avery Klein\n")
    wrapped = [
        textwrap.fill(ln, 72, break_on_hyphens=False) if len(ln) > 72 else ln
        for ln in rest.split("\n")
    ]
    return head + "By Avery Klein\n" + "\n".join(wrapped)


VARIANTS = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "cr": lambda t: t.replace("\n", "\r"),
    "dash bullets": lambda t: t.replace("  • ", "- "),
    "star bullets": lambda t: t.replace("  • ", "* "),
    "extra blank lines": lambda t: "\n\n" + t.replace("\n", "\n\n\n") + "\n\n\n",
    "no blank lines after the byline": lambda t: t.replace("\n\n", "\n"),
    "wrapped lines": _wrap_body,
    "utf-8 bom": lambda t: "\ufeff" + t,
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_variants_of_the_text_give_the_same_entry(
    variant: str, tmp_path: Path, seed_import: tuple[str, dict[str, Any]]
) -> None:
    source = tmp_path / "article.txt"
    source.write_bytes(VARIANTS[variant](SEED_RAW.decode("utf-8")).encode("utf-8"))
    result = briefing("import", str(source))
    assert result.returncode == 0, result.stderr
    assert load(result.stdout) == seed_import[1]


def test_import_never_overwrites_without_force(tmp_path: Path) -> None:
    out = tmp_path / "entry.yaml"
    out.write_text("analyst's work\n", "utf-8")
    refused = briefing("import", str(SEED_TEXT), "-o", str(out))
    assert refused.returncode == 1
    assert f"{out} exists; not overwriting it (pass --force to replace it)" in refused.stderr
    assert out.read_text("utf-8") == "analyst's work\n"
    forced = briefing("import", str(SEED_TEXT), "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert load(out.read_text("utf-8"))["id"] == "entry"  # named after its file


BAD_INPUTS = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
    "empty": (b"", "the file is empty"),
    "blank": (b"\n  \r\n\t\n", "the file is empty"),
    "not utf-8": ("World May 2, 2031\n\nCaf\xe9 Closes\n".encode("latin-1"), "is not UTF-8"),
    "no headline": (
        b"The river rose in the night. Nobody in the fictional valley of Erewhon was ready. "
        b"By morning the bridge was gone.\n",
        "no headline found",
    ),
    "dateline only": (b"World March 3, 2031\n", "no headline found"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_unreadable_text_is_refused_with_a_clear_message(case: str, tmp_path: Path) -> None:
    raw, message = BAD_INPUTS[case]
    source = tmp_path / "article.txt"
    source.write_bytes(raw)
    result = briefing("import", str(source), "-o", str(tmp_path / "out.yaml"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"briefing: error: {source}")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = briefing("import", str(tmp_path / "nowhere.txt"))
    assert result.returncode == 1
    assert "cannot read" in result.stderr and "Traceback" not in result.stderr


FICTIONAL = """World March 3, 2031

Floods Cut Off the Valley of Erewhon

By Imaginary Writer

Floodwater cut the only road into Erewhon on Monday.

Ana Quill, the mayor of Erewhon, said the river rose overnight. She confirmed that 4 residents died.

They said 12 villagers were killed further north.

Residents gathered at the school. Somebody shouted:

"We were never warned,"
"""


def test_sources_are_resolved_or_left_for_review_never_guessed(tmp_path: Path) -> None:
    content = fictional_content(tmp_path, [], keep_real=False)
    source = tmp_path / "article.txt"
    source.write_text(FICTIONAL, "utf-8")
    result = briefing("import", str(source), "--content", str(content))
    assert result.returncode == 0, result.stderr
    got = load(result.stdout)
    figures = {c["killed"]: c for c in got["casualties"]}
    # "She" is the mayor named in the sentence before
    assert figures[4]["reported_by"] == "Ana Quill, the mayor of Erewhon"
    assert figures[4]["group"] == "civilians"
    # "They" names nobody: left empty for the analyst, so the entry cannot pass unchecked
    assert figures[12]["reported_by"] == ""
    assert '"They" does not name a source' in result.stdout
    assert "not valid yet" in result.stderr and "reported_by" in result.stderr
    # a quotation whose speaker the text does not name stays a paragraph, marks and all
    assert got["body"][-1] == '"We were never warned,"'
    assert "the sentence before it names no speaker" in result.stdout
    assert got["regions"] == ["erewhon"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(),
    st.lists(st.text(min_size=1), max_size=3),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=60, max_size=300),
)
def test_the_yaml_writer_reads_back_exactly_what_it_was_given(
    short: str, items: list[str], long: str
) -> None:
    data = {"short": short, "items": items, "nested": [{"long": long, "n": 1}], "long": long}
    assert load_text(dump(data, above={("long",): ["a comment"]}), "x.yaml").data == data


_SEED_LINES = SEED_RAW.decode("utf-8").split("\n")
_PIECES = st.sampled_from(
    [
        *_SEED_LINES,
        "",
        "Key Points",
        "## Risks:",
        "More from World",
        "• ",
        "* x",
        '"Quoted,"',
        "“Typographic,”",
        "He said 5 civilians were killed.",
        "World March 3, 2031",
        "By ",
        "1. numbered",
        "Feb 2, 2026",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=30), st.sampled_from("\n\r"))
def test_any_text_gives_an_entry_or_a_clear_refusal(parts: list[str], newline: str) -> None:
    """Shuffled pieces of the seed and random text: import either writes an entry that
    reads back as its data or says why it cannot; it never fails in another way."""
    content = ROOT / "content"
    raw = newline.join(parts).encode("utf-8", "surrogatepass")
    try:
        result = import_text(raw, "a.txt", load_taxonomy(content), existing_entries(content))
    except UnreadableText as exc:
        assert str(exc).startswith("a.txt")
        return
    assert load(result.text) == result.data
