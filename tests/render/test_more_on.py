""" "More on <region/theme>" under an article: the briefings nearest it in time in that
listing (the one just newer, two older; at either end, three from the other side), so a
new briefing changes its neighbours' pages only, not every article of its region.

Fictional entries about the invented Erewhon (tests/fictional.py), rendered as pages and
read as a reader reads them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fictional import START, fictional_content, fictional_entry

from generator.build import load_site
from generator.content.link import link_site
from generator.content.model import Entry, Taxonomy
from generator.content.schema import ArticleIn
from generator.render.pages import Renderer


@pytest.fixture(scope="module")
def taxonomy(tmp_path_factory: pytest.TempPathFactory) -> Taxonomy:
    root = tmp_path_factory.mktemp("erewhon")
    return load_site(fictional_content(root, [], keep_real=False), root).taxonomy


def _entry(i: int, **fields: str) -> Entry:
    """Entry ``i``, dated ``START`` + ``i`` days (the higher, the newer)."""
    data = fictional_entry(i, date=(START + dt.timedelta(days=i)).isoformat(), **fields)
    return Entry(ArticleIn.model_validate(data), f"content/articles/fictional/{data['id']}.yaml")


def _articles(taxonomy: Taxonomy, entries: Sequence[Entry]) -> dict[str, str]:
    renderer = Renderer(link_site(taxonomy, entries))
    with renderer.start_articles() as job:
        return dict(job.result()[0])


def _more_on(markdown: str) -> dict[str, list[str]]:
    """Each "More on" list of an article page: its heading, and the headlines in it."""
    out: dict[str, list[str]] = {}
    for part in markdown.split("\n## ")[1:]:
        heading, _, rest = part.partition("\n")
        if heading.startswith("More on "):
            soup = BeautifulSoup(rest, "html.parser")
            name = heading.removesuffix(" { data-search-exclude }")
            out[name] = [a.get_text() for a in soup.select("ul.bp-entries > li a")]
    return out


def _headlines(*numbers: int) -> list[str]:
    return [str(fictional_entry(i)["headline"]) for i in numbers]


def test_more_on_lists_the_nearest_briefings_in_time(taxonomy: Taxonomy) -> None:
    pages = _articles(taxonomy, [_entry(i) for i in range(10)])

    def seen(i: int) -> list[str]:
        return _more_on(pages[f"articles/fictional-erewhon-{i:03d}.md"])["More on Erewhon"]

    assert seen(5) == _headlines(6, 4, 3)  # one newer, two older, newest first
    assert seen(9) == _headlines(8, 7, 6)  # the newest: three older
    assert seen(1) == _headlines(3, 2, 0)  # near the oldest: filled from the newer side
    assert seen(0) == _headlines(3, 2, 1)
    # The theme's list the same way (every entry here is on insurgency).
    theme = _more_on(pages["articles/fictional-erewhon-005.md"])
    assert theme["More on Insurgency"] == _headlines(6, 4, 3)


def test_a_new_briefing_changes_the_pages_of_its_neighbours_only(taxonomy: Taxonomy) -> None:
    before = _articles(taxonomy, [_entry(i) for i in range(40)])
    after = _articles(taxonomy, [_entry(i) for i in range(41)])
    changed = sorted(src for src in before if after[src] != before[src])
    assert changed == ["articles/fictional-erewhon-039.md"]  # the newest before it


def test_an_edited_headline_changes_the_pages_listing_it_only(taxonomy: Taxonomy) -> None:
    entries = [_entry(i) for i in range(40)]
    before = _articles(taxonomy, entries)
    entries[20] = _entry(20, headline="Fictional Erewhon story with an edited headline")
    after = _articles(taxonomy, entries)
    changed = sorted(Path(src).stem[-3:] for src in before if after[src] != before[src])
    # its own, the one just older (20 is its newer one) and the two newer (20 is older)
    assert changed == ["019", "020", "021", "022"]


def test_more_on_lists_headlines_and_dates_and_leaves_summaries_to_the_listing(
    taxonomy: Taxonomy,
) -> None:
    """Each item of "More on" is a headline and its date, as "More from" lists them; the
    summary is read on the region's listing (and on the article itself)."""
    entries = [_entry(i) for i in range(6)]
    site = link_site(taxonomy, entries)
    page = _articles(taxonomy, entries)[entries[2].src.replace(".yaml", ".md")]
    more = page.split("\n## More on ", 1)[1].split("\n## ", 1)[0]
    items = BeautifulSoup(more, "html.parser").select("ul.bp-entries > li")
    assert len(items) == 3
    for item in items:
        text = item.get_text(" ", strip=True)
        assert text.endswith("2030") and "invented story" not in text
    listings = dict(Renderer(site).render_listings())
    assert "An invented story number 1, for tests only." in listings["regions/erewhon.md"]
