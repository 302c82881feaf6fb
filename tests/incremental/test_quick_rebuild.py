"""What ``mkdocs serve``'s rebuilds skip, and that skipping it changes nothing: one cache
over many runs, each run equal to a cold one (``incremental/cache.py``,
``render/pages.py``: the charts over a listing kept by what they read of its entries)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import load_corpus_module

import generator.render.charts as charts
from generator.build import Output, generate
from generator.content.schema import LIKELIHOOD, SEVERITY
from generator.errors import ContentErrors
from generator.incremental.cache import Cache


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return load_corpus_module().write_corpus(12, tmp_path / "p", seed=9)


def _generate(project: Path, cache: Cache | None = None) -> Output:
    return generate(project / "content", project, cache=cache)


def _same(a: Output, b: Output) -> None:
    assert a.pages == b.pages
    assert a.blocks == b.blocks
    assert a.files == b.files
    assert a.facets == b.facets


def _entries(project: Path) -> list[Path]:
    return sorted((project / "content" / "articles").rglob("*.yaml"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")
    time.sleep(1.1)  # (past the racy window: the file is then known by its times)


def test_an_edited_headline_makes_no_chart_over_a_listing_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real = charts.casualties_over_time

    def counted(entries: object, title: str, *counts: object) -> object:
        made.append(title)
        return real(entries, title, *counts)  # type: ignore[arg-type]

    monkeypatch.setattr(charts, "casualties_over_time", counted)
    cache = Cache.open(project / ".cache")
    _generate(project, cache)
    assert made  # (the regions', themes' and home page's charts, made once)
    entry = _entries(project)[-1]
    _edit(entry, "\nheadline: ", "\nheadline: Zwirbel ")
    made.clear()
    warm = _generate(project, cache)
    assert made == []
    assert "Zwirbel" in warm.pages["index.md"]  # (the pages with the charts were made)
    _same(warm, _generate(project))


def test_an_edited_figure_or_risk_reaches_the_charts_over_every_listing(project: Path) -> None:
    cache = Cache.open(project / ".cache")
    _generate(project, cache)
    # A figure's count: the casualties over time of its regions, themes and home page.
    with_figure = next(p for p in _entries(project) if "  killed: " in p.read_text("utf-8"))
    killed = re.search(r"\n\s+killed: (\d+)", with_figure.read_text("utf-8"))
    assert killed is not None
    more = killed.group(0).replace(killed.group(1), str(int(killed.group(1)) + 1000))
    _edit(with_figure, killed.group(0), more)
    _same(_generate(project, cache), _generate(project))
    # A risk made the gravest there is: first among its listings' top risks.
    with_risk = next(p for p in _entries(project) if "likelihood: " in p.read_text("utf-8"))
    text = with_risk.read_text("utf-8")
    likely = re.search(r"likelihood: (.+)\n", text)
    impact = re.search(r"impact: (.+)\n", text)
    assert likely is not None and impact is not None
    _edit(with_risk, likely.group(0), f"likelihood: {LIKELIHOOD[-1]}\n")
    _edit(with_risk, impact.group(0), f"impact: {SEVERITY[-1]}\n")
    warm = _generate(project, cache)
    _same(warm, _generate(project))
    # A figure marked superseded: left out of the charts.
    indent = more[: more.index("killed")]
    _edit(with_figure, more, f"{more}{indent}superseded: true")
    _same(_generate(project, cache), _generate(project))


@pytest.mark.parametrize("field", ["regions", "themes"])
def test_a_cached_entry_naming_an_unknown_term_is_reported(project: Path, field: str) -> None:
    """The taxonomy loses a term cached entries name: the warm load falls back to the
    uncached one and its messages (``cached_load._all_known``)."""
    cache = Cache.open(project / ".cache")
    out = _generate(project, cache)
    entry = out.site.entries[0]
    term = (entry.regions if field == "regions" else entry.themes)[0]
    taxonomy = project / "content" / "taxonomy.yaml"
    text = taxonomy.read_text("utf-8")
    taxonomy.write_text(re.sub(rf"\bid: {re.escape(term)}\n", "id: renamed-term\n", text), "utf-8")
    with pytest.raises(ContentErrors) as cold:
        _generate(project)
    with pytest.raises(ContentErrors) as warm:
        _generate(project, cache)
    assert [str(e) for e in warm.value.errors] == [str(e) for e in cold.value.errors]
    assert any(f"{term!r} is not a {field[:-1]}" in str(e) for e in warm.value.errors)


def test_a_region_moved_in_the_taxonomy_reaches_the_search_facets(project: Path) -> None:
    """An unchanged entry keeps its search facets over runs only while the taxonomy is
    the same (``facets.listed``): moved under another parent, its region's ancestors,
    and so the regions search finds it under, change."""
    cache = Cache.open(project / ".cache")
    entry = _generate(project, cache).site.entries[0]
    taxonomy = project / "content" / "taxonomy.yaml"
    moved = re.search(
        rf"- id: {re.escape(entry.regions[0])}\n(  \w+: .*\n)*?  parent: (.+)\n",
        taxonomy.read_text("utf-8"),
    )
    assert moved is not None and moved.group(2) != "world"
    _edit(
        taxonomy,
        moved.group(0),
        moved.group(0).replace(f"parent: {moved.group(2)}", "parent: world"),
    )
    warm = _generate(project, cache)
    assert moved.group(2) not in warm.facets[entry.src].within
    _same(warm, _generate(project))
