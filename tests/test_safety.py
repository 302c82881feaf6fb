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
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, copy_project, mkdocs_build, page_soup, search_records
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.yaml import yaml_load

from generator.render.markdown import escape_markdown, md_link
from generator.safelinks import text_problems

#: Plain text (no Markdown link syntax), so validation accepts it and it reaches the page.
OWASP = [
    "<SCRIPT SRC=https://xss.invalid/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;>",
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SVG/ONLOAD=alert(1)>",
    "<BODY ONLOAD=alert('XSS')>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    "<style>@import 'https://xss.invalid/x.css';</style>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,PHNjcmlwdD4=">',
    "'';!--\"<XSS>=&{()}",
    "</title><script>alert('title')</script>",
    "</script><script>alert('script')</script>",
    '" onmouseover="alert(1)" data-x="',
    '*x*{: onclick="alert(1)" }',
    "{{ 7*7 }}",
    "{% raw %}${7*7}",
    "<!--#exec cmd=\"/bin/echo 'x'\"-->",
    "<![CDATA[<script>alert(1)</script>]]>",
]
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


# --- the real build ---------------------------------------------------------------


def _hostile_entry() -> dict[str, Any]:
    """A fictional entry (invented place) whose every text field is hostile."""
    return {
        "id": "hostile-strings",
        "section": OWASP[15],
        "date": "2031-05-03",
        "headline": "</title><script>alert('h')</script><img src=x onerror=alert(1)> & {{ 7*7 }}",
        "dek": OWASP[18],
        "byline": OWASP[0],
        "summary": OWASP[19],
        "key_points": [{"text": OWASP[2], "impact": OWASP[8]}],
        "body": [*OWASP, {"quote": OWASP[11], "speaker": OWASP[12], "role": OWASP[9]}],
        "context": [OWASP[20]],
        "risks": [{"text": OWASP[17], "category": "security"}],
        "casualties": [
            {
                "group": "civilians",
                "killed": 2,
                "reported_by": "</script><script>alert('chart')</script>",
                "reported_on": "2031-05-03",
                "status": "claimed",
                "note": OWASP[1],
            }
        ],
        "actors": [{"name": OWASP[4], "role": OWASP[5]}],
        "sources": [{"name": OWASP[6], "url": "https://example.org/a?b=1&c=2", "note": OWASP[7]}],
        "related": [{"title": OWASP[10], "date": "2031-05-01", "url": "https://example.org/r"}],
        "regions": ["erewhon"],
        "themes": ["diplomacy"],
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    tax = project / "content" / "taxonomy.yaml"
    tax.write_text(
        tax.read_text("utf-8").replace(
            "\nthemes:", "\n  - id: erewhon\n    name: Erewhon\n    parent: world\n\nthemes:", 1
        ),
        "utf-8",
    )
    entry = project / "content" / "articles" / "2031" / "hostile-strings.yaml"
    entry.parent.mkdir(parents=True)
    entry.write_text(yaml.safe_dump(_hostile_entry(), allow_unicode=True), "utf-8")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


PAGES = ["articles/hostile-strings", "regions/erewhon", "themes/diplomacy", "archive/2031/05", ""]


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
    """Pagefind keeps the text of a page, which the search box shows as text (briefing.js;
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
