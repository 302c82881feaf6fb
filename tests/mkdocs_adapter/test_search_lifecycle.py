"""Pagefind over a build (``search.Search``): the search copy of each converted page, the
pages kept out of search, the shards and the list the search box merges them by, and a
clear refusal of a second search plugin."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, search_records
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.mkdocs_adapter.dirty import Record
from generator.mkdocs_adapter.search import SHARDS, Search, SearchIndex, shard_pages
from generator.mkdocs_adapter.search_index import link_tree
from generator.render.facets import Facets, newest_key


@pytest.fixture(scope="module")
def config() -> MkDocsConfig:
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins._current_plugin = "briefing"  # as while MkDocs runs an event
    return config


def _page(config: MkDocsConfig, src: str, title: str, **meta: object) -> Page:
    page = Page(title, File.generated(config, src, content=""), config)
    page.meta = dict(meta)
    return page


def test_the_pages_are_indexed_in_shards_the_search_box_merges(
    config: MkDocsConfig, tmp_path: Path
) -> None:
    search = Search(config, cache=None, shards=1, serving=False, dirty=False)
    search.begin()
    for n in (1, 2):
        html = f"<h1>Zorblat {n}</h1><p>Text of fictional page {n}.</p>"
        search.add_page(_page(config, f"p{n}.md", f"Zorblat {n}"), html)
    hidden = _page(config, "hidden.md", "Hidden", search={"exclude": True})
    search.add_page(hidden, "<p>Never indexed.</p>")
    search.start(Files([]), tmp_path)
    search.wait()
    bundle = tmp_path / "pagefind"
    assert json.loads((bundle / SHARDS).read_text()) == {"more": ["more/1/"]}
    fragments = [*bundle.glob("fragment/*"), *(bundle / "more/1").glob("fragment/*")]
    assert len(fragments) == 2  # one page a shard; the hidden page in none
    temp = search.temp
    assert temp is not None and temp.is_dir()
    search.close()
    assert not temp.exists()  # the search copies go with the process


def test_a_second_search_plugin_is_refused_with_the_way_out(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    config_file = project / "mkdocs.yml"
    text = config_file.read_text("utf-8")
    config_file.write_text(text.replace("plugins:\n", "plugins:\n  - search\n", 1), "utf-8")
    config = load_config(str(config_file))
    with pytest.raises(PluginError) as caught:
        Search(config, cache=None, shards=10, serving=False, dirty=False)
    # (Material's theme loads `search` as its own `material/search`, the name it gives)
    assert str(caught.value) == (
        "plugins: the briefing plugin indexes the site with Pagefind; remove "
        "'material/search' from plugins, or set 'pagefind: false' under briefing"
    )


def test_a_dirty_build_keeps_the_copies_of_the_pages_it_did_not_convert(
    config: MkDocsConfig, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = Search(config, cache=cache, shards=100, serving=False, dirty=True)
    first.begin()
    first.add_page(_page(config, "p1.md", "One"), "<p>Zorblat one.</p>")
    first.start(Files([]), tmp_path / "site")
    record = Record(key="")
    first.wait(record)  # what it indexed, for the next build
    first.close()
    assert (cache / "search" / "p1" / "index.html").is_file()  # kept for the next build

    again = Search(config, cache=cache, shards=100, serving=False, dirty=True)
    again.begin(record)
    unchanged = File.generated(config, "p1.md", content="")
    unchanged.is_modified = lambda: False  # type: ignore[method-assign]
    again.start(Files([unchanged]), tmp_path / "site")  # p1 not converted this time
    again.wait()
    fragments = list((tmp_path / "site" / "pagefind").glob("fragment/*"))
    assert len(fragments) == 1


def test_a_page_converted_again_the_same_is_not_indexed_again(
    config: MkDocsConfig, tmp_path: Path
) -> None:
    """A dirty build converts a page again when anything on it changed (a "More on" list,
    kept out of search): the blocks kept out of search are marked with a nonce of each
    build, which must not make its search copy, and its shard, differ."""
    cache, record = tmp_path / "cache", Record(key="")
    for nonce in ("aaaa", "bbbb"):
        search = Search(config, cache=cache, shards=100, serving=False, dirty=True)
        search.begin(record if record.search else None)
        html = f"<h1>Zorblat</h1><p>Text.</p><!--briefingblock{nonce}x1--><p>More.</p>"
        search.add_page(_page(config, "p1.md", "Zorblat"), html)
        search.start(Files([]), tmp_path / "site")
        search.wait(record)
        search.close()
        indexed = search.index.indexed
    assert indexed == []  # the second build kept the shard


def test_a_new_entry_dated_today_indexes_again_the_small_shards_only(tmp_path: Path) -> None:
    """Shards of 3 pages, over builds of one process: the pages without a date (here the
    front page, whose count changes with every entry, and an about page) in a shard of
    their own, the entries in shards counted from the oldest. A new entry dated the
    build day changes the front page's shard and the last entries' shard, never a full
    one; when the last is full, the next entry starts a new shard, and the others stay."""
    index = SearchIndex(tmp_path / "cache" / "search", shard_pages=3)
    site = tmp_path / "site"
    again = []
    for n in (7, 8, 9, 10):
        index.begin()
        index.add("index.html", f"<h1>Front</h1><p>{n} fictional briefings.</p>")
        index.add("about/index.html", "<h1>About</h1><p>A fictional briefing.</p>")
        for i in range(n):
            day = (dt.date(2030, 1, 1) + dt.timedelta(days=i)).isoformat()
            url = f"articles/e{i:03d}/"
            facets = Facets("brief", day, "Fiction", ("erewhon",), ("erewhon", "world"), (),
                            newest=newest_key(day, url), url=url)  # fmt: skip
            index.add(f"{url}index.html", f"<h1>Entry {i}</h1><p>Invented {i}.</p>", None, facets)
        index.start(site)
        index.wait()
        again.append(index.indexed)
        bundles = [site / "pagefind", *(site / "pagefind" / m for m in _more(site))]
        fragments = [len(list((b / "fragment").glob("*"))) for b in bundles]
        assert fragments == [2, *([3] * (n // 3)), *([n % 3] if n % 3 else [])]
    assert again[1:] == [[0, 3], [0, 3], [0, 4]]


def _more(site: Path) -> list[str]:
    more: list[str] = json.loads((site / "pagefind" / SHARDS).read_text())["more"]
    return more


def _indexed_text(site: Path) -> dict[str, str]:
    """Each indexed page's URL and text, from every shard (``conftest.search_records``)."""
    return {url: record["content"] for url, record in search_records(site).items()}


def test_serve_indexes_a_quick_rebuilds_pages_after_it_without_stopping_the_index(
    config: MkDocsConfig, tmp_path: Path
) -> None:
    """``mkdocs serve --dirty``'s quick rebuild (``live.py``) has its pages indexed in the
    background once the page is written; an index under way is not stopped (stopping it
    made the next build index every shard again), so two edits in a row each index their
    own page's shard only, and every page stays searchable."""
    site = tmp_path / "site"
    search = Search(config, cache=None, shards=2, serving=True, dirty=True)
    pages = {n: _page(config, f"p{n}.md", f"Page {n}") for n in range(1, 7)}
    search.begin()
    for n, page in pages.items():
        search.add_page(page, f"<h1>Page {n}</h1><p>Zorblat {n} first.</p>")
    search.start(Files([]), site)
    shards = _shards(search)
    for n in (1, 4):  # two edits, the second before the first is indexed
        search.defer()
        search.add_page(pages[n], f"<h1>Page {n}</h1><p>Quorvex {n} edited.</p>")
        search.index_later(site)
    assert search.worker is not None
    search.worker.join()
    search.index.wait()
    own = [n for n, shard in enumerate(shards) if pages[4].file.dest_uri in shard]
    assert search.index.indexed == own  # the second edit: its page's shard only
    text = _indexed_text(site)
    assert len(text) == 6
    assert "Quorvex 1" in text["/p1/"] and "Quorvex 4" in text["/p4/"]
    assert all(f"Zorblat {n} first" in text[f"/p{n}/"] for n in (2, 3, 5, 6))
    search.close()


def _shards(search: Search) -> list[list[str]]:
    return shard_pages(sorted(search.index.seen), search.index.shard_pages)


def test_a_shards_tree_of_pages_is_mended_from_build_to_build(tmp_path: Path) -> None:
    """What one Pagefind run reads (``link_tree``): the pages of its shard, each its
    current copy, whether the copy was rewritten in place or made anew, and no page
    that left the shard."""
    copies, tree = tmp_path / "search", tmp_path / "shards" / "1"
    pages = [f"articles/e{i}/index.html" for i in range(3)]
    for n, dest in enumerate(pages):
        (copies / dest).parent.mkdir(parents=True)
        (copies / dest).write_text(f"copy {n}")
    link_tree(tree, copies, pages)
    (copies / pages[1]).write_text("rewritten in place")
    (copies / pages[2]).unlink()
    (copies / pages[2]).write_text("made anew")  # (a page pruned, then added again)
    link_tree(tree, copies, pages[1:])
    held = {p.relative_to(tree).as_posix(): p.read_text() for p in tree.rglob("*.html")}
    assert held == {pages[1]: "rewritten in place", pages[2]: "made anew"}
