"""``briefing validate`` and ``briefing schema`` as an editor and CI use them."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT, SEED_ID
from conftest import run_briefing as briefing

from generator.content.load import load_file
from generator.schema_export import (
    article_schema,
    assessment_schema,
    schema_json,
    undescribed_fields,
)

FIXTURES = ROOT / "tests" / "fixtures" / "invalid"
SCHEMA_FILE = ROOT / "schema" / "article.schema.json"
SEED = ROOT / "content" / "articles" / "2026" / f"{SEED_ID}.yaml"


def broken_copy(tmp_path: Path) -> Path:
    """The real content with three files broken in different ways."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    seed = content / "articles" / "2026" / f"{SEED_ID}.yaml"
    text = seed.read_text("utf-8")
    text = text.replace("killed: 145", "killed: -145", 1).replace("headline:", "headlien:", 1)
    text = text.replace("regions: [pk-ba,", "regions: [pk-bx,", 1)
    seed.write_text(text, "utf-8")
    brief = content / "articles" / "2026" / "rafah-crossing-reopens-on-foot.yaml"
    brief.write_text(brief.read_text("utf-8") + "section: Again\n", "utf-8")
    (content / "articles" / "2026" / "tabbed.yaml").write_text("id: tabbed\n\tkind: brief\n")
    return content


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of ``path`` containing ``needle``."""
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_shipped_content_is_valid() -> None:
    result = briefing("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("ok: ")


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path: Path) -> None:
    broken_copy(tmp_path)
    result = briefing("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    seed = f"content/articles/2026/{SEED_ID}.yaml"
    first, typo, killed, regions = (
        line_of(tmp_path / seed, needle)
        for needle in ("id: ", "headlien:", "killed: -145", "regions: [pk-bx")
    )
    brief = "content/articles/2026/rafah-crossing-reopens-on-foot.yaml"
    section, again = line_of(tmp_path / brief, "section: "), line_of(tmp_path / brief, "Again")
    lines = result.stdout.splitlines()
    # A file that fails the schema still has its region ids checked against the taxonomy.
    assert lines == [
        f"{seed}:{first}:1: headline: required field is missing (the headline) [briefing.missing]",
        f"{seed}:{typo}:1: headlien: unknown field 'headlien'; did you mean 'headline'? "
        "[briefing.unknown-field]",
        f"{seed}:{killed}:5: casualties[0].killed: must be a whole number ≥ 0, got -145 "
        "[briefing.value]",
        f"{seed}:{regions}:11: regions[0]: 'pk-bx' is not a region in content/taxonomy.yaml; "
        "did you mean 'pk-ba'? [briefing.unknown-region]",
        f"{brief}:{again}:1: section: key 'section' is given twice (first on line {section}); "
        "YAML would silently keep only the last one [briefing.duplicate-key]",
        "content/articles/2026/tabbed.yaml:2:1: YAML syntax: a tab character is used for "
        "indentation; indent with spaces [briefing.yaml]",
    ]
    assert result.stderr == "6 errors\n"


def test_github_format_puts_each_error_on_its_line(tmp_path: Path) -> None:
    broken_copy(tmp_path)
    result = briefing("validate", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if "casualties[0]" in x)
    killed = line_of(tmp_path / f"content/articles/2026/{SEED_ID}.yaml", "killed: -145")
    assert line == (
        f"::error file=content/articles/2026/{SEED_ID}.yaml,line={killed},col=5,"
        "title=briefing.value::casualties[0].killed: must be a whole number ≥ 0, got -145 "
        "[briefing.value]"
    )
    assert all(x.startswith("::error file=") for x in result.stdout.splitlines())


def test_validate_paths_checks_only_those_files_against_the_rest(tmp_path: Path) -> None:
    broken_copy(tmp_path)
    good = "content/articles/2026/medvedev-warns-world-more-dangerous.yaml"
    result = briefing("validate", good, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "ok: 1 file checked\n"
    result = briefing("validate", "content/articles/2026/tabbed.yaml", good, cwd=tmp_path)
    assert result.returncode == 1
    assert [x.split(":")[0] for x in result.stdout.splitlines()] == [
        "content/articles/2026/tabbed.yaml"
    ]


def test_a_new_file_outside_content_is_checked_against_the_site(tmp_path: Path) -> None:
    """A draft elsewhere: its related ids and its id's uniqueness are judged against content/."""
    draft = tmp_path / f"{SEED_ID}.yaml"
    draft.write_text(SEED.read_text("utf-8"), "utf-8")
    result = briefing("validate", str(draft))
    assert result.returncode == 1
    where = f"{os.path.relpath(draft, ROOT)}:{line_of(draft, 'id: ')}:1"
    assert result.stdout.splitlines() == [
        f"{where}: id: '{SEED_ID}' is also used by "
        f"content/articles/2026/{SEED_ID}.yaml; two files would write one page "
        "[briefing.duplicate-id]"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no/such/entry.yaml"], "no/such/entry.yaml: no such file or folder"),
        (["validate", "README.md"], "README.md: not a YAML file (.yaml or .yml)"),
        (["--content", "nowhere", "validate"], "no content folder at nowhere"),
        (["validate", "--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_usage_errors_exit_2_without_traceback(args: list[str], message: str) -> None:
    result = briefing(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_content_errors_never_print_a_traceback() -> None:
    """Every fixture at once, through the real command: exit 1, messages only."""
    cases = [p.name for p in FIXTURES.iterdir() if p.suffix != ".expected"]
    cases = [c for c in cases if c != "content" and not c.startswith("taxonomy-")]
    result = briefing("--content", "content", "validate", *cases, cwd=FIXTURES)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stdout.splitlines()) >= len(cases)


# --- the JSON Schema -----------------------------------------------------------------


def test_briefing_schema_prints_the_committed_schema() -> None:
    """``schema/article.schema.json`` is current: regenerate it with
    ``briefing schema -o schema/article.schema.json --force`` after changing schema.py."""
    result = briefing("schema")
    assert result.returncode == 0
    assert result.stdout == SCHEMA_FILE.read_text("utf-8") == schema_json(article_schema())


def test_the_assessment_schema_is_committed_current_and_accepts_what_validate_accepts() -> None:
    """``schema/assessment.schema.json``: ``briefing schema --assessment -o ... --force``."""
    committed = ROOT / "schema" / "assessment.schema.json"
    result = briefing("schema", "--assessment")
    assert result.returncode == 0
    assert result.stdout == committed.read_text("utf-8") == schema_json(assessment_schema())
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(undescribed_fields(schema)) == []
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    good = FIXTURES / "content" / "assessments" / "2031" / "port-vell-2031-06-01.yaml"
    assert list(validator.iter_errors(_as_json(load_file(good, "x").data))) == []
    bad = next((FIXTURES / "assessment-unknown-words").rglob("*.yaml"))
    messages = " | ".join(
        e.message for e in validator.iter_errors(_as_json(load_file(bad, "x").data))
    )
    assert "'severe' is not one of" in messages and "'probable' is not one of" in messages


def test_schema_is_draft_2020_12_with_a_description_on_every_field() -> None:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(undescribed_fields(schema)) == []
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"id", "section", "date", "headline", "regions", "themes"}


def test_schema_output_never_overwrites_a_file_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "article.schema.json"
    out.write_text("my notes\n")
    result = briefing("schema", "-o", str(out))
    assert result.returncode == 2 and "pass --force" in result.stderr
    assert out.read_text() == "my notes\n"
    assert briefing("schema", "-o", str(out), "--force").returncode == 0
    assert out.read_text("utf-8") == SCHEMA_FILE.read_text("utf-8")


def _as_json(value: Any) -> Any:
    """YAML as an editor's language server reads it (YAML 1.2: dates are strings)."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_jsonschema_accepts_every_shipped_entry() -> None:
    entries = sorted((ROOT / "content" / "articles").rglob("*.yaml"))
    assert len(entries) == 6
    for path in entries:
        data = _as_json(load_file(path, path.name).data)
        errors = [e.message for e in _validator().iter_errors(data)]
        assert errors == [], (path.name, errors)
        assert path.read_text("utf-8").startswith(
            "# yaml-language-server: $schema=../../../schema/article.schema.json\n"
        )


@pytest.mark.parametrize(
    ("fixture", "needle"),
    [
        ("unknown-field", "'headlien' was unexpected"),
        ("negative-count", "less than the minimum of 0"),
        ("unknown-enum", "'civilian' is not one of"),
        ("bad-slug", "does not match"),
        ("javascript-url", "javascript:alert"),
        ("date-not-a-date", "is not a 'date'"),
        ("empty-text", "'   ' does not match"),
    ],
)
def test_jsonschema_refuses_what_validate_refuses(fixture: str, needle: str) -> None:
    data = _as_json(load_file(FIXTURES / f"{fixture}.yaml", fixture, partial=True).data)
    messages = " | ".join(e.message for e in _validator().iter_errors(data))
    assert needle in messages, messages


def test_dates_in_yaml_and_in_quotes_are_both_accepted(tmp_path: Path) -> None:
    """YAML reads 2026-02-01 as a date, the schema (YAML 1.2) as a string: both pass."""
    seed = SEED.read_text("utf-8").replace("date: 2026-02-01", 'date: "2026-02-01"', 1)
    assert 'date: "2026-02-01"' in seed
    draft = tmp_path / f"{SEED_ID}.yaml"
    draft.write_text(seed, "utf-8")
    assert load_file(draft, "x").data["date"] == "2026-02-01"
    assert isinstance(load_file(SEED, "x").data["date"], dt.date)
    result = briefing("validate", str(draft))
    # Only the clash with the shipped copy of the same entry: the quoted date is fine.
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["id"]
