"""Search as a reader uses it: type a word from the article into the search box and see the
article in the results (the Pagefind index in the site, offline)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import SEED_ID
from servers import StaticSite

from .conftest import new_reader
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
    reader.scroll_to_charts()
    reader.assert_clean()


def test_search_for_a_word_not_on_the_site_finds_nothing(reader: Reader) -> None:
    reader.open("about/")
    _search(reader, "Zzyzxqv")
    reader.page.locator(".md-search-result__meta", has_text="No matching documents").wait_for()
    assert reader.page.locator(".md-search-result__item").count() == 0


def test_search_merges_every_shard_of_a_site_in_a_sub_folder(
    browser: Any, sharded_site: StaticSite
) -> None:
    """The project indexed in shards (``conftest.sharded_site``) and published in a
    sub-folder, as on GitHub Pages: results must carry the folder, and come from every
    shard (the seed article and the theme pages are in different ones)."""
    reader = new_reader(browser, sharded_site.base)
    try:
        reader.open(f"{ARTICLE}")  # a page two folders down: links must still be right
        for word, headline, path in (
            ("Noshki", "Pakistan Reports 145 Militants", ARTICLE),
            ("Counterterrorism", "Counterterrorism", "themes/counterterrorism/"),
        ):
            _search(reader, word)
            href = urlsplit(sharded_site.base).path + path  # "/risk/...": the folder kept
            hit = reader.page.locator(f".md-search-result__item a[href='{href}']")
            hit.first.wait_for()
            assert headline in hit.first.inner_text(), word
        hit.first.click()
        reader.wait_for_page("themes/counterterrorism/", "Counterterrorism")
    finally:
        reader.page.context.close()
    reader.assert_clean()
