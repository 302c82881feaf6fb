"""Search as a reader uses it: type a word from the article into the search box and see the
article in the results (the Pagefind index in the site, offline)."""

from __future__ import annotations

import pytest
from conftest import SEED_ID

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
