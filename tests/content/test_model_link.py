"""The model and link stages: indexes, ordering and cross-links, without MkDocs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ID

from generator.build import load_site
from generator.content.link import Site, link_site
from generator.content.model import Entry
from generator.content.schema import ArticleIn
from generator.errors import ContentErrors


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(ROOT / "content", ROOT)


def test_region_index_includes_descendants_and_ancestors(site: Site) -> None:
    for rid in ("noshki", "pk-ba", "pk", "south-asia", "world"):
        assert SEED_ID in [e.id for e in site.by_region[rid]], rid
    assert [e.id for e in site.by_region["in"]] == []
    assert len(site.by_region["world"]) == len(site.entries) == 6
    assert [r.id for r in site.taxonomy.lineage("quetta")] == [
        "world",
        "south-asia",
        "pk",
        "pk-ba",
        "quetta",
    ]


def test_entries_are_newest_first_then_by_id(site: Site) -> None:
    dates = [e.article.date for e in site.entries]
    assert dates == sorted(dates, reverse=True)
    same_day = [e.id for e in site.entries if e.article.date == dt.date(2026, 2, 2)]
    assert same_day == sorted(same_day)
    assert site.entries[-1].id == SEED_ID


def test_more_on_excludes_the_entry_itself(site: Site) -> None:
    entry = site.by_id["rafah-crossing-reopens-on-foot"]
    more = site.more_on(site.by_region["ps"], entry)
    assert entry not in more and len(more) == 2


def test_related_ids_of_the_seed_resolve_to_entries(site: Site) -> None:
    seed = site.by_id[SEED_ID].article
    assert [site.by_id[r.id].article.headline == r.title for r in seed.related] == [True] * 5


def _entry(id_: str, day: int, regions: list[str]) -> Entry:
    article = ArticleIn.model_validate(
        {
            "id": id_,
            "kind": "brief",
            "section": "World",
            "date": dt.date(2031, 5, day),
            "headline": f"Fictional headline {id_}",
            "regions": regions,
            "themes": ["diplomacy"],
        }
    )
    return Entry(article, f"content/articles/2031/{id_}.yaml")


def test_link_site_is_linear_and_groups_by_month(site: Site) -> None:
    entries = [_entry(f"story-{i}", 1 + i % 28, ["quetta"]) for i in range(300)]
    linked = link_site(site.taxonomy, entries)
    assert len(linked.by_region["world"]) == 300 == len(linked.by_month[(2031, 5)])
    assert linked.by_region["quetta"][0].article.date == dt.date(2031, 5, 28)


def test_a_broken_entry_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "taxonomy.yaml").write_text((ROOT / "content/taxonomy.yaml").read_text("utf-8"))
    (content / "articles" / "bad-entry.yaml").write_text(
        "id: bad-entry\nsection: World\ndate: 2031-05-01\nheadlien: Typo\nregions: [atlantis]\n"
        "themes: [diplomacy]\nkind: brief\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentErrors) as exc:
        load_site(content, tmp_path)
    messages = [str(e) for e in exc.value.errors]
    assert (
        "content/articles/bad-entry.yaml:4:1: headlien: unknown field 'headlien'; "
        "did you mean 'headline'? [briefing.unknown-field]"
    ) in messages
    assert any(
        m.startswith("content/articles/bad-entry.yaml:1:1: headline: required field is missing")
        for m in messages
    )
