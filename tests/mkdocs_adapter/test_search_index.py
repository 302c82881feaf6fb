"""The search index as the browser gets it: Pagefind's bundle in the built site, one
shard or several (generator/mkdocs_adapter/search.py), holding each page's text once and
nothing else."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import SEED_ID, search_records
from servers import StaticSite

from generator.mkdocs_adapter.search import searched_part, shard_pages


def test_every_page_is_indexed_once_in_one_bundle(
    built_site: Path,
) -> None:
    records = search_records(built_site)
    pages = {
        ("/" + p.parent.relative_to(built_site).as_posix() + "/").replace("/./", "/")
        for p in built_site.rglob("index.html")
        if not p.is_relative_to(built_site / "pagefind")
    }
    # Every page of this small site is a first page (test_pagination: later ones are out),
    # but the search page, which is not searched itself.
    assert pages - {"/search/"} == set(records), sorted(pages ^ set(records))
    assert f"/articles/{SEED_ID}/" in records and "/about/" in records
    assert json.loads((built_site / "pagefind" / "shards.json").read_text()) == {"more": []}
    # Pagefind's own interfaces are not shipped: the header's search box is ours.
    assert not list((built_site / "pagefind").glob("pagefind-ui.*"))


def test_a_heading_marked_out_of_search_keeps_its_whole_section_out(built_site: Path) -> None:
    seed = search_records(built_site)[f"/articles/{SEED_ID}/"]["content"]
    assert "Randhir Jaiswal" in seed  # the text
    # "Actors" and "Sources" sections: their lists repeat the text's names and roles.
    assert "claimed responsibility for the attacks (campaign called Herof" not in seed
    assert "Press conference in Quetta; gave the tally" not in seed
    html = '<h2>A</h2><p>a</p><h2 data-search-exclude="">B</h2><h3>C</h3><p>c</p><h2>D</h2>'
    assert searched_part(html) == "<h2>A</h2><p>a</p><h2>D</h2>"


def test_a_big_site_is_indexed_in_shards_that_together_hold_every_page_once(
    sharded_site: StaticSite, built_site: Path
) -> None:
    """``conftest.sharded_site``: the project in shards of 10 pages."""
    sharded = sharded_site.root
    single = search_records(built_site)
    shards = json.loads((sharded / "pagefind" / "shards.json").read_text())["more"]
    # The bundle itself and the others: at least as many as 10 pages a shard needs (a
    # page's shard is named by its path's hash, so they are not all full).
    assert len(shards) >= -(-len(single) // 10) - 1
    bundles = {"": sharded / "pagefind"} | {s: sharded / "pagefind" / s for s in shards}
    held: dict[str, str] = {}  # page -> the shard holding it
    for name, bundle in bundles.items():
        assert (bundle / "pagefind-entry.json").is_file(), name
        # Pagefind's own interfaces are shipped in no shard (the box merges their indexes).
        assert not [p.name for p in bundle.glob("pagefind-*") if "ui" in p.name], name
        assert not list(bundle.glob("pagefind-highlight.js")), name
        pages = [_fragment_url(f) for f in (bundle / "fragment").glob("*.pf_fragment")]
        assert 0 < len(pages) <= 10, name
        held.update(dict.fromkeys(pages, name))
    assert held[f"/articles/{SEED_ID}/"] != held["/themes/counterterrorism/"]
    # The same pages and the same text as the site indexed in one run.
    together = search_records(sharded)
    assert sorted(together) == sorted(held) == sorted(single)
    assert (
        together[f"/articles/{SEED_ID}/"]["content"] == single[f"/articles/{SEED_ID}/"]["content"]
    )


def _fragment_url(path: Path) -> str:
    data = gzip.decompress(path.read_bytes())
    return str(json.loads(data[len(b"pagefind_dcd") :])["url"])


def test_a_new_page_changes_its_own_shard_only() -> None:
    """A page's shard is named by its path's hash: a new page joins one shard and leaves
    the others as they were (cutting the sorted list would move a page between every pair
    of shards after it), and no shard holds more than its size."""
    pages = [f"articles/fictional-{i:05d}/index.html" for i in range(1000)]
    before = shard_pages(pages, 300)
    after = shard_pages(sorted([*pages, "articles/fictional-00500a/index.html"]), 300)
    assert len(before) == len(after) == 4
    assert sum(b != a for b, a in zip(before, after, strict=True)) == 1
    assert max(map(len, after)) <= 300
    assert len({p for shard in after for p in shard}) == len(pages) + 1  # each page once
