"""The field reference: generated from the schema, on the site and in CONTRIBUTING.md.

The expectations are read from the pydantic models directly, not from the generator, so a
reference that dropped or reworded a field would fail here.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from conftest import ROOT, page_soup, page_text
from conftest import run_briefing as briefing
from fictional import fictional_content, fictional_entry

from generator.content import assessments, schema

MODELS = [
    schema.ArticleIn,
    schema.KeyPoint,
    schema.Quote,
    schema.Risk,
    schema.Casualty,
    schema.Actor,
    schema.Related,
    schema.Source,
    assessments.AssessmentIn,
    assessments.JudgementIn,
    assessments.OutcomeIn,
]
REGENERATE = "briefing reference --update CONTRIBUTING.md"


def _plain(text: str) -> str:
    return " ".join(text.replace("``", "").replace("`", "").split())


def _rows(soup: Any) -> dict[str, list[str]]:
    """Each reference table under its heading: heading -> the text of every row."""
    out: dict[str, list[str]] = {}
    for table in soup.select("article table"):
        heading = table.find_previous(["h2", "h3"])
        rows = [
            _plain(" ".join(td.get_text("") for td in tr.select("td")))
            for tr in table.select("tbody tr")
        ]
        out[heading.get_text(" ").replace("¶", "").strip()] = rows
    return out


def test_site_page_describes_every_field_of_every_model(built_site: Path) -> None:
    tables = _rows(page_soup(built_site, "reference"))
    for model in MODELS:
        title = "Entry fields" if model is schema.ArticleIn else None
        matching = [t for t in tables if t == title or (title is None and t.endswith(" fields"))]
        rows = [r for t in matching for r in tables[t]]
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"
            want = _plain(field.description)
            assert any(r.startswith(name + " ") and want in r for r in rows), (model, name)
    entry = tables["Entry fields"]
    assert next(r for r in entry if r.startswith("summary ")).count("for an article") == 1
    assert next(r for r in entry if r.startswith("headline ")).split()[2] == "yes"
    likelihood = tables["Likelihood words"]
    for word, rng, midpoint in zip(
        schema.LIKELIHOOD, schema.LIKELIHOOD_RANGES, assessments.MIDPOINTS, strict=True
    ):
        assert f"{word} {rng} {midpoint}" in likelihood
    assert tables["Levels"] == [f"{w} {m}" for w, m in assessments.LEVEL_MEANINGS.items()]


def test_reference_page_is_under_about_and_its_links_resolve(built_site: Path) -> None:
    links = page_soup(built_site, "about").select("nav a[href$='reference/']")
    sections = [
        (a.get_text(strip=True), li.find("label").get_text(" ", strip=True))
        for a in links
        if (li := a.find_parent("li", class_="md-nav__item--nested"))
    ]
    assert ("Field reference", "About") in sections
    soup = page_soup(built_site, "reference")
    ids = {tag["id"] for tag in soup.select("[id]")}
    anchors = [a["href"][1:] for a in soup.select("article a[href^='#']")]
    assert "casualty-fields" in anchors
    assert set(anchors) <= ids
    assert "content/articles/<yyyy>/<id>.yaml" in page_text(built_site, "reference")


def _block(text: str) -> str:
    return text[text.index("<!-- BEGIN field-reference") : text.index("<!-- END field-reference")]


def test_contributing_md_holds_the_current_reference() -> None:
    result = briefing("reference", "--check", "CONTRIBUTING.md")
    assert result.returncode == 0, result.stderr
    block = html.unescape(_block((ROOT / "CONTRIBUTING.md").read_text("utf-8")))
    assert REGENERATE in block
    for model in MODELS:
        for name, field in model.model_fields.items():
            assert f"| `{name}` |" in block
            assert field.description and field.description.replace("``", "`") in block


def test_a_stale_reference_is_caught_and_regenerated(tmp_path: Path) -> None:
    original = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    stale = original.replace("The headline. |", "The title. |")
    assert stale != original
    copy = tmp_path / "CONTRIBUTING.md"
    copy.write_text(stale, "utf-8")
    check = briefing("reference", "--check", str(copy))
    assert check.returncode == 1
    assert f"the field reference is out of date; run `{REGENERATE}`" in check.stderr
    assert briefing("reference", "--update", str(copy)).returncode == 0
    assert copy.read_text("utf-8") == original  # the block is back; the rest untouched
    (tmp_path / "plain.md").write_text("# No generated block here\n", "utf-8")
    missing = briefing("reference", "--check", str(tmp_path / "plain.md"))
    assert missing.returncode == 1 and "no '<!-- BEGIN field-reference" in missing.stderr


def test_fields_marked_for_an_article_are_the_ones_validate_requires(tmp_path: Path) -> None:
    entry = fictional_entry(1)
    entry.pop("summary", None)
    entry.pop("body", None)
    brief = {**fictional_entry(2), "kind": "brief"}
    brief.pop("summary", None)
    brief.pop("body", None)
    content = fictional_content(tmp_path, [entry, brief], keep_real=False)
    result = briefing("--content", str(content), "validate", cwd=tmp_path)
    assert result.returncode == 1
    complaints = [ln for ln in result.stdout.splitlines() if "required for a full article" in ln]
    assert sorted(ln.split(": ")[1] for ln in complaints) == ["body", "summary"]
    assert all(entry["id"] in ln for ln in complaints)  # the brief passes without them
