"""Search as a reader uses it: type a word from the article into the search box and see the
article in the results (the Pagefind index in the site, offline)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import SEED_ID, copy_project, free_port, mkdocs_build

from .conftest import new_reader, serve_static
from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"


def _search(reader: Reader, word: str) -> None:
    box = reader.page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(word, delay=20)


def test_search_lists_the_seed_article(reader: Reader) -> None:
    reader.open("about/")  # a page without charts: the search alone is under test
    hit = reader.page.locator(f".md-search-result__item a[href*='/{ARTICLE}']")
    for word in ("Herof", "Noshki", "Jaiswal"):
        _search(reader, word)
        reader.page.locator(".md-search-result mark", has_text=word).first.wait_for()
        assert "Pakistan Reports 145 Militants" in hit.first.inner_text(), word
        meta = reader.page.locator(".md-search-result__meta").inner_text()
        assert "matching document" in meta, (word, meta)

    hit.first.click()  # the reader follows the result
    reader.wait_for_page(ARTICLE, "Pakistan Reports 145 Militants")
    reader.wait_for_charts()
    reader.assert_clean()


def test_search_for_a_word_not_on_the_site_finds_nothing(reader: Reader) -> None:
    reader.open("about/")
    _search(reader, "Zzyzxqv")
    reader.page.locator(".md-search-result__meta", has_text="No matching documents").wait_for()
    assert reader.page.locator(".md-search-result__item").count() == 0


@pytest.fixture(scope="module")
def sharded_site(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The project indexed in shards (10 pages each) and published in a sub-folder, as on
    GitHub Pages: results must carry the folder, and come from every shard."""
    project = copy_project(tmp_path_factory.mktemp("sharded-project"), search_shard_pages=10)
    root = tmp_path_factory.mktemp("sharded-root")
    port = free_port()
    server, _ = serve_static(root, port)
    base = f"http://127.0.0.1:{port}/risk/"
    result = mkdocs_build(project, root / "risk", env={"SITE_URL": base})
    assert result.returncode == 0, result.stderr
    yield base
    server.shutdown()
    server.server_close()


def test_search_merges_every_shard_of_a_site_in_a_sub_folder(
    browser: Any, sharded_site: str
) -> None:
    reader = new_reader(browser, sharded_site)
    shards = reader.page.request.get(sharded_site + "pagefind/shards.json").json()["more"]
    assert len(shards) >= 3  # the seed article and the theme pages are in different shards
    try:
        reader.open(f"{ARTICLE}")  # a page two folders down: links must still be right
        for word, headline, path in (
            ("Noshki", "Pakistan Reports 145 Militants", ARTICLE),
            ("Counterterrorism", "Counterterrorism", "themes/counterterrorism/"),
        ):
            _search(reader, word)
            hit = reader.page.locator(f".md-search-result__item a[href='/risk/{path}']")
            hit.first.wait_for()
            assert headline in hit.first.inner_text(), word
        hit.first.click()
        reader.wait_for_page("themes/counterterrorism/", "Counterterrorism")
    finally:
        reader.page.context.close()
    reader.assert_clean()
