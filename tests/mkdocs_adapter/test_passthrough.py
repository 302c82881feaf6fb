"""HTML blocks skip Python-Markdown (``passthrough.py``): a page converted with its blocks
hidden and put back is the page MkDocs converts with them in place, but for the blank
lines between blocks (which a browser ignores, and which the built site has always had
this way); blocks kept out of search wait as comments until the index has the page, and
the hints for search go as a search plugin would remove them."""

from __future__ import annotations

import pytest
from conftest import ROOT, SEED_ID
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page

from generator.build import Output, generate
from generator.mkdocs_adapter.files import add_output, unchanged_since
from generator.mkdocs_adapter.passthrough import Passthrough
from generator.mkdocs_adapter.search import without_hints

SEED_PAGE = f"articles/{SEED_ID}.md"


def _lines(html: str) -> list[str]:
    """The HTML without blank lines: Python-Markdown writes one after each raw block."""
    return [line for line in html.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def site() -> tuple[MkDocsConfig, Output, Files]:
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins._current_plugin = "briefing"  # as while MkDocs runs an event
    output = generate(ROOT / "content", ROOT)
    return (
        config,
        output,
        add_output(get_files(config), config, output, unchanged_since(None), None),
    )


def _page(site: tuple[MkDocsConfig, Output, Files], src: str) -> Page:
    config, _, files = site
    file = files.get_file_from_path(src)
    assert isinstance(file, File)
    page = Page(None, file, config)
    page.read_source(config)
    return page


def _plain(site: tuple[MkDocsConfig, Output, Files], src: str) -> str:
    """What MkDocs makes of the page with no plugin: Python-Markdown over every block."""
    page = _page(site, src)
    page.render(site[0], site[2])
    assert page.content is not None
    return page.content


def _through(
    site: tuple[MkDocsConfig, Output, Files], src: str, blocks: Passthrough
) -> tuple[Page, str]:
    """The page converted as the plugin converts it, up to where the index would read it."""
    config, output, files = site
    page = _page(site, src)
    page.markdown = blocks.hide(page, page.markdown or "", output)
    page.render(config, files)
    assert page.content is not None
    return page, blocks.restore(page, page.content)


@pytest.mark.parametrize(
    "src",
    [SEED_PAGE, "index.md", "regions/pk.md", "themes/counterterrorism.md", "archive/2026/02.md"],
)
def test_hidden_blocks_come_back_as_plain_mkdocs_makes_them(
    site: tuple[MkDocsConfig, Output, Files], src: str
) -> None:
    blocks = Passthrough()
    page, html = _through(site, src, blocks)
    assert blocks.hidden[src], "the page has blocks to hide"
    assert _lines(blocks.finish(page, html, searched=False)) == _lines(_plain(site, src))
    assert src not in blocks.hidden  # nothing is held once the page is final


def test_blocks_kept_out_of_search_are_comments_until_the_index_has_the_page(
    site: tuple[MkDocsConfig, Output, Files],
) -> None:
    blocks = Passthrough()
    page, html = _through(site, SEED_PAGE, blocks)
    plain = _plain(site, SEED_PAGE)
    # The index reads neither the chips nor the sources list, nor the chart data.
    assert 'class="bp-chips"' in plain and 'class="bp-chips"' not in html
    assert f"<!--briefingblock{blocks.nonce}x" in html
    searched = blocks.searched(page, html)
    assert _lines(searched) == _lines(without_hints(plain))
    hint = 'data-search-exclude="true"'
    assert hint in plain and hint not in searched


def test_a_page_no_index_read_is_whole_on_its_final_page(
    site: tuple[MkDocsConfig, Output, Files],
) -> None:
    """No search at all (``pagefind: false``), or Material's search plugin, which drops
    the hints itself from what it read: the rest are dropped here."""
    blocks = Passthrough()
    page, html = _through(site, SEED_PAGE, blocks)
    final = f"<html><body>{html}</body></html>"
    plain = f"<html><body>{_plain(site, SEED_PAGE)}</body></html>"
    assert _lines(blocks.finish(page, final, searched=True)) == _lines(without_hints(plain))


def test_a_generated_title_is_escaped_a_hand_written_page_left_alone(
    site: tuple[MkDocsConfig, Output, Files],
) -> None:
    output = site[1]
    seed = _page(site, SEED_PAGE)
    seed.meta["title"] = "A <b>bold</b> title"
    Passthrough().hide(seed, seed.markdown or "", output)
    assert seed.meta["title"] == "A &lt;b&gt;bold&lt;/b&gt; title"
    about = _page(site, "about.md")
    markdown = about.markdown
    assert Passthrough().hide(about, markdown or "", output) == markdown
