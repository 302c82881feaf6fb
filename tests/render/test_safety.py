"""Hostile text comes out inert: through the real ``mkdocs build`` (parsed HTML, the
search index, chart data) and through ``escape_markdown`` with the site's own Markdown
extensions for what validation already refuses (defence in depth).

The strings are a selection from OWASP's XSS filter-evasion cheat sheet plus the
Markdown-specific ones this stack has (attribute lists, link definitions, images).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, page_soup, search_records
from fictional import fictional_content
from hostile import BUILDS, ENTRY_ID, OWASP, hostile_entry
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.yaml import yaml_load

from generator.build import generate
from generator.content.safelinks import text_problems
from generator.errors import ContentErrors
from generator.render import markdown as md
from generator.render.markdown import escape_markdown, md_link

#: Refused by validation; ``escape_markdown`` must still make them harmless.
MARKDOWN_ONLY = [
    "[click](javascript:alert(1))",
    "[click]( JaVaScRiPt:alert(1) )",
    "[click](java\tscript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox(1))",
    "[click](&#106;avascript:alert(1))",
    "[[nested](javascript:alert(1))](https://example.org)",
    "<javascript:alert(1)>",
    "[ref]: javascript:alert(1)",
    "![pixel](https://xss.invalid/p.gif)",
    "![x](javascript:alert(1))",
    "x\\{: onclick=alert(1)}",
    "`code`{: onclick=alert(1)}",
    'a\rb\r!!! danger "x"\r<script>',
    "\x02script\x03",
]
ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "li", "h1", "blockquote"}
UNSAFE_URL = re.compile(r"^\s*(?!https?://)[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with exactly the extensions mkdocs.yml enables."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as f:
        config = yaml_load(f)
    names, configs = [], {}
    for ext in config.get("markdown_extensions", []):
        name, options = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        configs[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def assert_inert(html: str, allowed: set[str] | None = None) -> BeautifulSoup:
    """No script, no event handler, no non-http(s) link or source, no embedded content."""
    soup = BeautifulSoup(html, "html.parser")
    for el in soup.find_all(True):
        if allowed is not None:
            assert el.name in allowed, (el.name, html)
        assert el.name not in {"script", "iframe", "object", "embed", "img", "style", "meta"}, html
        for attr, value in el.attrs.items():
            assert not attr.lower().startswith("on"), (attr, html)
            if attr in ("href", "src", "action", "formaction", "data"):
                assert not UNSAFE_URL.match(str(value)), (attr, value, html)
    return soup


# --- escape_markdown with the real Markdown parser ---------------------------------


@pytest.mark.parametrize("text", OWASP + MARKDOWN_ONLY)
@pytest.mark.parametrize(
    "template",
    ["{}", "- {}", "# {}", "> {}", "- **Name**: {}", "text {} more", "[{}](https://example.org)"],
)
def test_escaped_text_is_inert_in_every_template_position(text: str, template: str) -> None:
    html = site_markdown().convert(template.format(escape_markdown(text)))
    assert_inert(html, ALLOWED_TAGS)


@pytest.mark.parametrize("url", ["javascript:alert(1)", " data:text/html,x", "vbscript:x", "x"])
def test_a_link_built_from_entry_data_is_dropped_unless_http(url: str) -> None:
    html = site_markdown().convert("- " + md_link("Harbour office", url))
    soup = assert_inert(html, ALLOWED_TAGS)
    assert soup.find("a") is None
    assert "Harbour office" in soup.get_text()


def test_http_links_and_emphasis_still_work() -> None:
    text = (
        "See *the* [harbour office](https://example.org/a_(b)?c=1&d=2) and <https://example.org/x>."
    )
    soup = assert_inert(site_markdown().convert(escape_markdown(text)))
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://example.org/a_(b)?c=1&d=2",
        "https://example.org/x",
    ]
    assert soup.find("em").get_text() == "the"


def test_validation_refuses_every_markdown_only_vector() -> None:
    accepted = [t for t in MARKDOWN_ONLY if not list(text_problems(t))]
    # The renderer alone handles these: they are not links or images to begin with.
    assert accepted == [
        "x\\{: onclick=alert(1)}",
        "`code`{: onclick=alert(1)}",
        'a\rb\r!!! danger "x"\r<script>',
    ]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>[]()!{}:`\\*_#-&;\"' \r\n\tjavscripthtp:/.=x")),
        max_size=60,
    )
)
def test_any_text_is_inert_after_escaping(text: str) -> None:
    for template in ("{}", "- {}", "[{}](https://example.org)"):
        assert_inert(site_markdown().convert(template.format(escape_markdown(text))), ALLOWED_TAGS)


def _every_step(text: str) -> str:
    """``escape_markdown`` with every step taken (it skips those that would change nothing)."""
    text = md._CONTROL.sub("", " ".join(text.split()))
    text = md._AUTOLINK.sub(r"[\1](\1)", text)
    text = md._MD_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return md._BLOCK_START.sub(md._escape_block, md._neutralise_links(text))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(
    st.text(
        alphabet=st.sampled_from(
            list(" \t\n\x0b\x85\xa0\u2003\u2028\x00\x7f#>+=|!-*_[]()\\`{}<>&:.)1\u0661xTOC")
        ),
        max_size=16,
    )
)
@example("1. x")
@example("\u0661) x")  # an Arabic-Indic digit: \\d
@example("  # x")
@example("\t- x")
@example("x\u2003 y ")
@example("a  b")
@example("x\x00y")
def test_escaping_skips_only_steps_that_change_nothing(text: str) -> None:
    assert escape_markdown(text) == _every_step(text)


# --- the real build ---------------------------------------------------------------


PAGES = [
    "articles/hostile-strings",
    "articles/fictional-erewhon-001",  # hostile.head_entry
    "regions/erewhon",
    "themes/diplomacy",
    "archive/2031/05",
    "archive/2030/01",
    "",
]


@pytest.mark.parametrize("page", PAGES)
def test_no_hostile_string_becomes_markup(hostile_site: Path, page: str) -> None:
    html = (hostile_site / page / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert "alert" not in script.get_text() and "xss" not in str(script.get("src", ""))
    for el in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in el.attrs), el
        for attr in ("href", "src"):
            assert not UNSAFE_URL.match(str(el.get(attr, ""))), el
        assert el.name not in {"iframe", "object", "embed", "img", "style"}, el
        assert el.name != "meta" or "http-equiv" not in el.attrs, el


def test_hostile_strings_are_shown_as_typed(hostile_site: Path) -> None:
    soup = page_soup(hostile_site, "articles/hostile-strings")
    text = soup.select_one("article").get_text()
    for s in OWASP:
        if "*" not in s:  # emphasis markers are Markdown the editor may use
            assert s.strip() in text, s
    assert "{{ 7*7 }}" in text and "49" not in text
    assert soup.title.get_text().startswith("</title><script>alert('h')</script>")
    header = soup.select_one("[data-md-component=header-topic]").get_text().strip()
    assert header.startswith("</title><script>")


def test_chart_data_cannot_break_out_of_its_attribute(hostile_site: Path) -> None:
    html = (hostile_site / "articles/hostile-strings/index.html").read_text("utf-8")
    assert "</script><script>alert('chart')" not in html
    soup = BeautifulSoup(html, "html.parser")
    chart = soup.select_one("#chart-casualties .bp-chart")
    figure = json.loads(chart["data-figure"])
    # kept, as plotly.js reads its text: entities it shows as the characters typed
    assert "&lt;/script&gt;&lt;script&gt;alert('chart')&lt;/script&gt;" in json.dumps(figure)


def test_the_search_index_holds_text_not_markup(hostile_site: Path) -> None:
    """Pagefind keeps the text of a page, which the search box shows as text (search.js;
    the browser test types a hostile word): markup in an entry is indexed as the characters
    a reader sees on the page, neither run nor escaped twice."""
    record = search_records(hostile_site)["/articles/hostile-strings/"]
    assert "</title><script>alert('h')</script>" in record["meta"]["title"]
    assert "<script>" in record["content"] and "&lt;script" not in record["content"]


def test_a_paragraph_starting_with_a_number_reads_as_written() -> None:
    import markdown

    from generator.render.markdown import escape_markdown

    html = markdown.markdown(escape_markdown("1. Seventeen officers were named."))
    assert html == "<p>1. Seventeen officers were named.</p>"
    assert markdown.markdown(escape_markdown("# not a heading")) == "<p># not a heading</p>"


# --- the families of tricks the browser test uses (tests/hostile.py) ---------------

#: Every text field of the hostile entry, as an error names it.
HOSTILE_FIELDS = [
    "headline", "dek", "byline", "summary", "key_points[0].text", "key_points[0].impact",
    "body[0]", "body[1].quote", "body[1].speaker", "context[0]", "risks[0].text",
    "casualties[0].reported_by", "casualties[0].period", "casualties[0].note",
    "actors[0].name", "actors[0].role", "sources[0].name", "related[0].title",
]  # fmt: skip
#: What each refused family's message names in every field: the links it refuses. (The
#: "reference" trick is not a link where it stands, mid-paragraph: escaped text.)
REFUSED_LINKS = {
    "links": ["md-link", "autolink", "data:text/html,<script>"],
    "disguised-links": ["JaVaScRiPt:", "space", "angle", "jav&#x61;script:"],
}


#: path:line:col: field: message [code] (the entry is written as JSON: all on line 1)
_MESSAGE = re.compile(
    r"(?P<path>[^:]+):1:\d+: (?P<field>\S+): (?P<message>.+) \[(?P<code>[\w.-]+)\]"
)


@pytest.mark.parametrize("family", list(BUILDS))
def test_each_family_of_hostile_text_builds_or_is_refused_exactly(
    tmp_path: Path, family: str
) -> None:
    """Markup builds (and reaches the browser test); an entry with non-http(s) links is
    refused, every text field named with its line and column, each link in it listed."""
    content = fictional_content(tmp_path, [hostile_entry(family)], keep_real=False)
    if BUILDS[family]:
        generate(content, tmp_path)
        return
    with pytest.raises(ContentErrors) as refused:
        generate(content, tmp_path)
    path = f"content/articles/fictional/{ENTRY_ID}.yaml"
    found = [_MESSAGE.fullmatch(str(e)) for e in refused.value.errors]
    assert all(found), [str(e) for e in refused.value.errors]
    assert [(m["path"], m["field"], m["code"]) for m in found if m] == [
        (path, field, "briefing.url") for field in HOSTILE_FIELDS
    ]
    for m in found:
        assert m and all(link in m["message"] for link in REFUSED_LINKS[family]), m
