"""The real site, built by the real ``mkdocs build --strict``, checked as a reader sees it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, SEED_ID, SEED_TEXT, page_soup, page_text, search_records

ARTICLE = f"articles/{SEED_ID}"
KEY_POINT_STARTS = (
    "Security forces reported",
    "The banned Baloch Liberation Army claimed the op",
    "Pakistan and India exchanged",
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_sentences() -> list[str]:
    """Every sentence of the seed article, as the reader should find it on the page.

    Key points end in " - <impact>" in the seed; the page shows point and impact apart, so
    both halves are checked. The "More from World" strip is checked headline by headline.
    """
    text = SEED_TEXT.read_text("utf-8")
    body, _, more = text.partition("More from World")
    out = []
    for line in body.splitlines():
        line = _norm(line.lstrip(" •"))
        if not line or line in ("Key Points", "Risks", "Context and next steps"):
            continue
        if line.startswith("World February"):
            continue  # dateline: checked separately
        parts = line.split(" - ") if line.startswith(KEY_POINT_STARTS) else [line]
        for part in parts:
            out.extend(s for s in re.split(r"(?<=[.])\s+(?=[A-Z])", part) if s)
    out.extend(h.strip() for h in re.split(r"Feb 2, 2026", more) if h.strip())
    return out


def test_seed_page_holds_every_sentence_of_the_seed(built_site: Path) -> None:
    text = page_text(built_site, ARTICLE)
    sentences = seed_sentences()
    assert len(sentences) == 41  # 36 of the article, 5 headlines "More from World"
    missing = [s for s in sentences if s not in text]
    assert not missing, missing
    soup = page_soup(built_site, ARTICLE)
    assert _norm(soup.select_one(".bp-dateline").get_text()) == "World · February 1, 2026"
    assert _norm(soup.select_one(".bp-byline").get_text()) == "By Avery Klein"


def test_seed_page_shows_quote_with_speaker_and_figures_with_sources(built_site: Path) -> None:
    soup = page_soup(built_site, ARTICLE)
    quote = _norm(soup.select_one("article blockquote").get_text(" "))
    assert quote.startswith('"We categorically reject the baseless allegations made by Pakistan,"')
    assert "Randhir Jaiswal, spokesperson, Indian Foreign Ministry" in quote
    table = soup.select_one("#chart-casualties ~ .bp-table-wrap table")
    rows = [[_norm(td.get_text()) for td in tr.select("th, td")] for tr in table.select("tbody tr")]
    figures = {(r[0], r[1]): r for r in rows}
    assert set(figures) == {
        ("Militants", "145"),
        ("Militants", "92"),
        ("Security forces", "17"),
        ("Civilians", "31"),
    }
    assert "Pakistan military" in figures[("Militants", "92")][3]
    assert "superseded" in figures[("Militants", "92")][6]
    assert "Sarfaraz Bugti" in figures[("Militants", "145")][3]
    assert figures[("Militants", "145")][4] == "2026-02-01"


def test_casualty_chart_payload_keeps_the_revision(built_site: Path) -> None:
    soup = page_soup(built_site, ARTICLE)
    chart = soup.select_one("#chart-casualties .bp-chart")
    assert chart["role"] == "img" and "145" in chart["aria-label"]
    figure = json.loads(chart["data-figure"])
    by_name = {t["name"]: t for t in figure["data"]}
    assert by_name["Current figure"]["x"] == [145, 17, 31]
    assert by_name["Superseded figure"]["x"] == [92]
    assert not soup.find("script", string=re.compile("Plotly"))


def test_monthly_totals_leave_superseded_figures_out(built_site: Path) -> None:
    """The military's first count (92 militants) was superseded by 145: every "Casualties
    over time" chart and its table count 145 for February 2026, never 92 + 145 = 237."""
    for page in ("regions/pk-ba", "regions/world", "themes/insurgency", ""):
        soup = _home(built_site) if not page else page_soup(built_site, page)
        block = soup.select_one("#chart-casualties-over-time")
        table = block.find_next_sibling(class_="bp-table-wrap").select_one("table")
        header = [_norm(th.get_text()) for th in table.select("thead th")]
        rows = [
            [_norm(c.get_text()) for c in tr.select("th, td")] for tr in table.select("tbody tr")
        ]
        assert header == ["Month", "Militants", "Security forces", "Civilians"], page
        assert rows == [["Feb 2026", "145", "17", "31"]], page
        figure = json.loads(block.select_one(".bp-chart")["data-figure"])
        bars = [(t["name"], t["x"], t["y"]) for t in figure["data"]]
        assert bars == [
            ("Militants", ["Feb 2026"], [145]),
            ("Security forces", ["Feb 2026"], [17]),
            ("Civilians", ["Feb 2026"], [31]),
        ], page


def test_chips_link_region_and_theme_pages(built_site: Path) -> None:
    soup = page_soup(built_site, ARTICLE)
    chips = {a.get_text(): a["href"] for a in soup.select("a.bp-chip")}
    assert chips["Balochistan"] == "../../regions/pk-ba/"
    assert chips["Insurgency"] == "../../themes/insurgency/"
    related = [a for a in soup.select("article a") if "Rafah Crossing Reopens" in a.get_text()]
    assert related[0]["href"] == "../rafah-crossing-reopens-on-foot/"


def test_region_pages_up_the_tree_list_the_seed(built_site: Path) -> None:
    headline = "Pakistan Reports 145 Militants Killed After Coordinated Attacks in Balochistan"
    for region in ("pk-ba", "pk", "south-asia", "world", "quetta", "noshki"):
        assert headline in page_text(built_site, f"regions/{region}"), region
    assert headline not in page_text(built_site, "regions/ru")
    crumbs = page_soup(built_site, "regions/pk-ba").select_one(".bp-breadcrumb")
    assert [a.get_text() for a in crumbs.select("a")] == ["World", "South Asia", "Pakistan"]
    text = page_text(built_site, "regions/pk-ba")
    assert "Quetta" in text and "Top risks" in text and "Casualties over time" in text


def test_theme_home_and_archive_pages_link_the_seed(built_site: Path) -> None:
    for page in ("themes/insurgency", "themes/diplomacy", "archive/2026/02", ""):
        soup = page_soup(built_site, page) if page else _home(built_site)
        hrefs = [a["href"] for a in soup.select("article a")]
        assert any(SEED_ID in h for h in hrefs), page
    assert "February 2026" in page_text(built_site, "archive")


def _home(site: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")


def test_one_copy_of_plotly_serves_every_chart(built_site: Path) -> None:
    copies = [p for p in built_site.rglob("*.js") if "plotly" in p.name.lower()]
    assert [p.relative_to(built_site).as_posix() for p in copies] == [
        "assets/briefing/plotly-briefing.min.js"
    ]
    served = built_site / "assets" / "briefing" / "plotly-briefing.min.js"
    assert served.read_bytes() == (ROOT / "generator/assets/plotly-briefing.min.js").read_bytes()
    licences = built_site / "assets" / "briefing" / "plotly-briefing.min.LICENSE.txt"
    assert "plotly.js@4.1.1  (MIT)" in licences.read_text("utf-8")
    big = [p for p in built_site.rglob("*.html") if p.stat().st_size > 400_000]
    assert not big, "a page embeds plotly.js"
    html = (built_site / ARTICLE / "index.html").read_text("utf-8")
    assert "cdn.plot.ly" not in html and "fonts.googleapis" not in html


def _scripts(site: Path, page: str) -> list[str]:
    """The site's own scripts a page loads (``src`` without the folders)."""
    soup = page_soup(site, page) if page else _home(site)
    srcs = (str(s.get("src", "")) for s in soup.find_all("script"))
    return [src.rsplit("/", 1)[-1] for src in srcs if "assets/briefing/" in src]


def test_the_chart_script_is_in_the_content_of_pages_with_a_chart_only(built_site: Path) -> None:
    """Every page loads the search script and theme.js (Material's inline scripts, served
    once: issue 17j); the chart script only a page with a chart, and inside its content
    (Material's instant navigation runs only the content's scripts)."""
    for page in (ARTICLE, "regions/pk-ba", ""):
        assert _scripts(built_site, page) == ["theme.js", "charts.js", "search.js"], page
        soup = page_soup(built_site, page) if page else _home(built_site)
        assert soup.select("article.md-content__inner script[src$='/charts.js']"), page
    for page in ("about", "archive", "regions"):
        assert not page_soup(built_site, page).select(".bp-chart"), page
        assert _scripts(built_site, page) == ["theme.js", "search.js"], page
    # theme.js runs where Material's inline script stood, at the end of the head, before
    # the body is parsed (the palette's toggles and the reader's scheme need it there).
    soup = page_soup(built_site, ARTICLE)
    head = soup.head.find_all("script", src=True) if soup.head else []
    assert [(s["src"].rsplit("/", 1)[-1], s.has_attr("defer")) for s in head] == [
        ("theme.js", False)
    ]
    # Material's script, ours and the chart script wait for the page to be parsed
    # (deferred): the first screen waits only for the stylesheets and theme.js.
    body = soup.body.find_all("script", src=True) if soup.body else []
    assert [s["src"].rsplit("/", 1)[-1].split(".")[0] for s in body] == [
        "charts",
        "bundle",
        "search",
    ]
    assert [s["src"] for s in body if not s.has_attr("defer")] == []


def test_no_label_is_named_with_aria_label(built_site: Path) -> None:
    """ARIA prohibits aria-label on a <label> (it has no role to name): the header's search
    button is named by its title, as Material's own is."""
    for page in (ARTICLE, "regions/pk-ba", "about"):
        soup = page_soup(built_site, page)
        assert soup.select("label[aria-label]") == [], page
        button = soup.select_one("label.md-header__button[for='__search']")
        assert button is not None and button["title"] == "Search", page


def test_articles_are_not_in_the_navigation(built_site: Path) -> None:
    nav = page_soup(built_site, "regions/pk").select("nav.md-nav--primary a")
    assert not any("/articles/" in a.get("href", "") for a in nav)
    labels = {_norm(a.get_text()) for a in nav}
    assert {"Home", "Regions", "Themes", "Archive"} <= labels


def test_every_page_carries_the_frame_once_without_what_it_does_not_need(
    built_site: Path,
) -> None:
    """Bytes every page repeats cost 13,000 times at 10,000 entries (issue 17): the
    drawer's links are their titles alone, and the footer names no theme."""
    for page in (ARTICLE, "regions/pk", "about"):
        soup = page_soup(built_site, page)
        links = soup.select("nav.md-nav--primary a.md-nav__link")
        assert links and all(a.find("span") is None and a.get_text().strip() for a in links)
        assert soup.select_one(".md-copyright") is None or "Material" not in _norm(
            soup.select_one(".md-copyright").get_text()
        ), page


def test_search_index_holds_the_seed_words(built_site: Path) -> None:
    records = search_records(built_site)
    seed = records[f"/{ARTICLE}/"]
    assert seed["meta"]["title"].startswith("Pakistan Reports 145 Militants")
    for word in ("Herof", "Noshki", "Jaiswal", "extraction"):
        assert word in seed["content"], word
    # Charts, tables, chips and navigation are not searched.
    assert "data-figure" not in seed["content"] and "Bar chart of" not in seed["content"]
    assert "Reported by" not in seed["content"] and "Skip to content" not in seed["content"]
    assert not (built_site / "search" / "search_index.json").exists()  # no whole-site index
