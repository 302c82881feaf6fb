"""Pages are written compact (generator/mkdocs_adapter/compact.py): the theme's indentation
and the whitespace between blocks are gone, and what is content as written is not touched:
preformatted text, a text area's value, scripts (Material's configuration is still JSON).
Issue 17: at 10,000 entries the site must stay publishable (a tenth of a page was spaces)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import SEED_ID, copy_project, mkdocs_build, page_soup

#: Written into the copy's About page: text whose spaces and line breaks are its content.
PRE = "    first  line\n        indented   second\n\n    after a blank line\n"
AREA = '<textarea aria-label="kept">  two spaces\n   and three</textarea>'
#: Indentation between tags: a line break followed by spaces, outside preformatted text.
INDENTED = re.compile(r">\n[ \t]+<")


def test_pages_are_compact_and_what_is_written_as_is_stays(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    about = project / "content" / "pages" / "about.md"
    added = f"\n\n## Written as is\n\n{PRE}\n{AREA}\n"  # a heading: not in the page's last list
    about.write_text(about.read_text("utf-8") + added, "utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr

    html = (site / "about" / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    pre = soup.select_one("article pre code")
    assert (
        pre is not None
        and pre.string == "first  line\n    indented   second\n\nafter a blank line\n"
    )
    area = soup.select_one("article textarea")
    assert area is not None and area.string == "  two spaces\n   and three"

    article = (site / "articles" / SEED_ID / "index.html").read_text("utf-8")
    for page in (html, article):
        assert not INDENTED.search(page), INDENTED.search(page)
        assert "\n\n" not in page.split("<pre", 1)[0]
    config = BeautifulSoup(article, "html.parser").select_one("script#__config")
    assert config is not None and json.loads(config.string or "")["base"] == "../.."


def test_words_stay_apart_where_html_puts_a_space(built_site: Path) -> None:
    # An inline element between words keeps its spaces ("<strong>145</strong> militants").
    soup = page_soup(built_site, f"articles/{SEED_ID}")
    reported = soup.select_one(".bp-glance li")
    assert reported is not None
    assert re.sub(r"\s+", " ", reported.get_text()).strip() == "145 militants killed"
    dateline = soup.select_one(".bp-dateline")
    assert dateline is not None and dateline.get_text() == "World · February 1, 2026"
