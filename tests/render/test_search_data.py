"""The search page's data, from the real content: each entry page's facets (what Pagefind
is given) and the site's own listing data for facets alone, read back as the page's
script reads it (ranks counted from the oldest entry, as differences)."""

from __future__ import annotations

import json
from itertools import accumulate

import pytest
from conftest import ROOT, SEED_ID

from generator.build import generate, load_site
from generator.render.facets import CHUNK, render_search_data, search_facets

SEED = f"articles/{SEED_ID}.md"


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return render_search_data(load_site(ROOT / "content", ROOT))


def ranks(files: dict[str, str], key: str, value: str) -> list[int]:
    return list(accumulate(json.loads(files[f"search/facets/{key}/{value}.json"])))


def shown(files: dict[str, str], rank: int) -> list[object]:
    rows: list[list[object]] = json.loads(files[f"search/entries/{rank // CHUNK}.json"])
    return rows[rank % CHUNK]


def test_an_entry_is_filed_under_its_regions_and_all_their_ancestors() -> None:
    facets = search_facets(load_site(ROOT / "content", ROOT))[SEED]
    assert facets.regions == ("pk-ba", "quetta", "gwadar", "mastung", "noshki")
    assert set(facets.within) == {*facets.regions, "pk", "south-asia", "world"}
    assert (facets.kind, facets.date, facets.section) == ("article", "2026-02-01", "World")


def test_facet_values_list_their_entries_oldest_first(files: dict[str, str]) -> None:
    # The seed (1 February) is the oldest; the five briefs of 2 February follow by id.
    assert ranks(files, "region", "pk") == [0] == ranks(files, "region", "noshki")
    assert ranks(files, "region", "world") == [0, 1, 2, 3, 4, 5]
    assert ranks(files, "kind", "brief") == [1, 2, 3, 4, 5]
    assert ranks(files, "kind", "article") == [0]
    assert shown(files, ranks(files, "theme", "nuclear")[0])[1] == (
        "Kremlin says Russia has long offered to process or store Iran\u2019s enriched uranium"
    )
    assert ranks(files, "region", "af") == []  # every term has its file: no 404


def test_days_are_runs_oldest_first(files: dict[str, str]) -> None:
    assert json.loads(files["search/facets/dates.json"]) == [["2026-02-01", 1], ["2026-02-02", 5]]


def test_a_result_shows_address_headline_day_section_kind_regions_standfirst(
    files: dict[str, str],
) -> None:
    url, headline, day, section, kind, regions, dek = shown(files, 0)
    assert url == f"articles/{SEED_ID}/"
    assert str(headline).startswith("Pakistan Reports 145 Militants Killed")
    assert (day, section, kind) == ("2026-02-01", "World", "article")
    assert regions == ["pk-ba", "quetta", "gwadar", "mastung", "noshki"]
    assert str(dek).startswith("Provincial authorities say")


def test_the_search_page_and_its_data_are_generated() -> None:
    out = generate(ROOT / "content", ROOT)
    page = out.pages["search.md"]
    assert 'data-entries="6"' in page and 'data-first="2026-02-01"' in page
    assert '<input type="checkbox" name="region" value="noshki"> Noshki' in page
    assert "search/facets/dates.json" in out.files
    assert set(out.facets) == {e.src for e in out.site.entries}
