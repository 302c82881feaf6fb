"""Open data as an analyst takes it: the CSV read back with ``csv``, the JSON with ``json``."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import jsonschema
from conftest import PUBLISHED_URL, ROOT, SEED_ID, load_corpus_module, page_soup, published_articles
from fictional import fictional_content, fictional_entry

from generator.build import generate
from generator.content.schema import SCHEMA_VERSION, ArticleIn

BUGTI = "Sarfaraz Bugti, chief minister of Balochistan (press conference in Quetta)"


def read_csv(site: Path, path: str) -> list[dict[str, str]]:
    raw = (site / path).read_bytes()
    text = raw.decode("utf-8")  # UTF-8, no byte-order mark
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_casualties_csv_holds_each_seed_figure_with_who_reported_it(published_site: Path) -> None:
    rows = read_csv(published_site, "data/casualties.csv")
    seed = [r for r in rows if r["article_id"] == SEED_ID]
    figures = {(r["group"], r["killed"]): r for r in seed}
    assert list(figures) == [
        ("militants", "145"),
        ("militants", "92"),
        ("security-forces", "17"),
        ("civilians", "31"),
    ]
    revised, earlier = figures[("militants", "145")], figures[("militants", "92")]
    assert (revised["reported_by"], revised["reported_on"]) == (BUGTI, "2026-02-01")
    assert (revised["superseded"], revised["period"]) == ("false", "about 40 hours")
    assert (earlier["reported_by"], earlier["reported_on"]) == ("Pakistan military", "2026-01-31")
    assert earlier["superseded"] == "true"
    for key in (("security-forces", "17"), ("civilians", "31")):
        assert figures[key]["reported_by"] == BUGTI
        assert figures[key]["superseded"] == "false"
    for r in seed:
        assert r["status"] == "official" and r["injured"] == ""
        assert r["article_date"] == "2026-02-01"
        assert r["regions"].split(";") == ["pk-ba", "quetta", "gwadar", "mastung", "noshki"]
        assert r["article_url"] == f"{PUBLISHED_URL}articles/{SEED_ID}/"
    assert (published_site / f"articles/{SEED_ID}/index.html").is_file()


def region_figures(site: Path, region: str) -> list[dict[str, str]]:
    """A region's figures as the methodology page says to get them: the rows of
    casualties.csv whose article_id its file lists."""
    listed = read_csv(site, f"data/regions/{region}.csv")
    ids = {r["article_id"] for r in listed}
    rows = [r for r in read_csv(site, "data/casualties.csv") if r["article_id"] in ids]
    # each listed entry says how many figures it has: the join finds exactly those
    assert sum(int(r["figures"]) for r in listed) == len(rows), region
    return rows


def test_region_csvs_point_to_the_figures_of_that_region_and_below(published_site: Path) -> None:
    everything = read_csv(published_site, "data/casualties.csv")
    for region in ("pk-ba", "pk", "south-asia", "world", "noshki"):
        listed = read_csv(published_site, f"data/regions/{region}.csv")
        (seed,) = [r for r in listed if r["article_id"] == SEED_ID]
        assert seed == {
            "article_id": SEED_ID,
            "article_date": "2026-02-01",
            "article_url": f"{PUBLISHED_URL}articles/{SEED_ID}/",
            "regions": "pk-ba;quetta;gwadar;mastung;noshki",
            "figures": "4",
        }, region
        rows = region_figures(published_site, region)
        assert [r["killed"] for r in rows if r["article_id"] == SEED_ID] == [
            "145",
            "92",
            "17",
            "31",
        ], region
    assert region_figures(published_site, "world") == everything
    assert read_csv(published_site, "data/regions/ps.csv") == []  # header only: no figures
    header = (published_site / "data/regions/ps.csv").read_text("utf-8").splitlines()
    assert header == ["article_id,article_date,article_url,regions,figures"]


def test_a_region_file_lists_an_entry_once_and_only_what_is_in_it(tmp_path: Path) -> None:
    """A region's file is a reference: each entry within it once, none from elsewhere, no
    figure copied, whatever the depth of the region above the entry."""
    figure = {
        "group": "civilians",
        "killed": 3,
        "reported_by": "Erewhon police",
        "reported_on": "2031-05-01",
        "status": "official",
    }
    entries = [fictional_entry(1, casualties=[figure, {**figure, "killed": 4}]), fictional_entry(2)]
    out = generate(fictional_content(tmp_path, entries, keep_real=False), tmp_path)
    regions = {p for p in out.files if p.startswith("data/regions/")}
    listing = set()
    for path in sorted(regions):
        text = out.files[path]
        assert isinstance(text, str)
        assert "Erewhon police" not in text, path  # a reference, not a copy of the row
        ids = [r["article_id"] for r in csv.DictReader(io.StringIO(text, newline=""))]
        assert ids in ([], ["fictional-erewhon-001"]), path
        listing |= {path} if ids else set()
    assert listing == {"data/regions/erewhon.csv", "data/regions/world.csv"}
    casualties = out.files["data/casualties.csv"]
    assert isinstance(casualties, str) and casualties.count("Erewhon police") == 2


def test_risks_csv_holds_each_seed_risk_as_written(published_site: Path) -> None:
    rows = read_csv(published_site, "data/risks.csv")
    seed = [r for r in rows if r["article_id"] == SEED_ID]
    assert [r["category"] for r in seed] == ["infrastructure", "security", "diplomatic"]
    assert seed[0]["text"].startswith("Sustained insurgent activity and further violence")
    for r in seed:
        # the seed grades no likelihood or impact and states no confidence: empty, not guessed
        assert (r["likelihood"], r["impact"], r["confidence"]) == ("", "", "")
        assert r["article_url"] == f"{PUBLISHED_URL}articles/{SEED_ID}/"
        assert r["regions"].split(";") == ["pk-ba", "quetta", "gwadar", "mastung", "noshki"]


def test_risks_csv_links_relative_to_itself_without_a_site_url(tmp_path: Path) -> None:
    entry = fictional_entry(1, risks=[{"text": "Ferries may stop.", "confidence": "high"}])
    out = generate(fictional_content(tmp_path, [entry], keep_real=False), tmp_path)
    text = out.files["data/risks.csv"]
    assert isinstance(text, str)
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["article_url"] == "../articles/fictional-erewhon-001/"
    assert (row["text"], row["confidence"], row["category"]) == ("Ferries may stop.", "high", "")


def test_articles_json_is_every_validated_entry(published_site: Path) -> None:
    index, articles = published_articles(published_site)
    assert index["schema_version"] == SCHEMA_VERSION
    assert index["schema"] == f"{PUBLISHED_URL}schema/article.schema.json"
    assert index["article_url"] == PUBLISHED_URL + "articles/{id}/"
    assert [f["url"] for f in index["files"]] == [f"{PUBLISHED_URL}data/articles/2026.json.gz"]
    year = gzip.decompress((published_site / "data/articles/2026.json.gz").read_bytes())
    assert b":null" not in year  # a field an entry does not give is left out (methodology.md)
    assert json.loads(year)["schema"] == index["schema"]
    shipped = sorted((ROOT / "content" / "articles").rglob("*.yaml"))
    assert sorted(a["id"] for a in articles) == sorted(p.stem for p in shipped)
    for article in articles:
        # exactly the content model: it validates and dumps back unchanged (less its nulls)
        back = ArticleIn.model_validate(article).model_dump(mode="json", exclude_none=True)
        assert back == article
        page = index["article_url"].format(id=article["id"]).removeprefix(PUBLISHED_URL)
        assert (published_site / page / "index.html").is_file()
    (seed,) = [a for a in articles if a["id"] == SEED_ID]
    assert [(c["killed"], c["reported_by"], c["superseded"]) for c in seed["casualties"]] == [
        (145, BUGTI, False),
        (92, "Pakistan military", True),
        (17, BUGTI, False),
        (31, BUGTI, False),
    ]
    assert seed["date"] == "2026-02-01" and seed["byline"] == "Avery Klein"


def test_articles_json_validates_against_the_published_schema(published_site: Path) -> None:
    schema_file = published_site / "schema" / "article.schema.json"
    assert schema_file.is_file(), "the site does not publish schema/article.schema.json"
    schema = json.loads(schema_file.read_text("utf-8"))
    # the schema editors get from `briefing schema` (and the repository's schema/ folder)
    assert schema == json.loads((ROOT / "schema" / "article.schema.json").read_text("utf-8"))
    for article in published_articles(published_site)[1]:
        jsonschema.validate(article, schema)


def test_download_links_on_region_pages_and_methodology(published_site: Path) -> None:
    soup = page_soup(published_site, "regions/pk-ba")
    link = soup.find("a", string="Download the data (CSV)")
    assert link is not None and link["href"] == "../../data/regions/pk-ba.csv"
    assert (published_site / "regions/pk-ba" / link["href"]).resolve().is_file()
    method = page_soup(published_site, "methodology")
    heading = method.find("h2", id="download-the-data")
    assert heading is not None and "Download the data" in heading.get_text()
    hrefs = {a["href"] for a in method.select("article a[href*='data/']")}
    assert {"../data/articles/index.json", "../data/casualties.csv", "../data/risks.csv"} <= hrefs
    for href in hrefs:
        assert (published_site / "methodology" / href).resolve().is_file(), href


def test_csv_cells_never_run_as_spreadsheet_formulas(tmp_path: Path) -> None:
    entry = fictional_entry(
        1,
        casualties=[
            {
                "group": "unspecified",
                "killed": 3,
                "injured": 4,
                "reported_by": '=HYPERLINK("http://fictional.invalid","Erewhon office")',
                "reported_on": "2030-01-02",
                "status": "claimed",
                "note": '-1+1, and a comma, and a "quote"\nover two lines',
            }
        ],
    )
    content = fictional_content(tmp_path, [entry], keep_real=False)
    out = generate(content, tmp_path)
    text = out.files["data/casualties.csv"]
    assert isinstance(text, str)
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["reported_by"] == '\'=HYPERLINK("http://fictional.invalid","Erewhon office")'
    assert row["note"] == '\'-1+1, and a comma, and a "quote"\nover two lines'
    assert (row["killed"], row["injured"], row["status"]) == ("3", "4", "claimed")
    assert row["article_url"] == "../articles/fictional-erewhon-001/"  # no site_url: relative


def test_a_years_file_in_parts_reads_as_one_json_text(tmp_path: Path) -> None:
    """A year's file is compressed in parts of ``BLOCK`` entries counted from the oldest,
    so an edit compresses one part again; whatever the count, around and across a part's
    edge, it is one valid gzip member holding exactly the JSON of the year, newest first,
    and the parts kept from a run make the same bytes in the next."""
    import subprocess

    from pydantic import TypeAdapter

    from generator.render.opendata import BLOCK, _head, articles_path, render_articles_year
    from generator.render.reuse import Reuse
    from generator.render.urls import Links

    site = generate(load_corpus_module().write_corpus(2 * BLOCK + 3, tmp_path / "p", seed=4)
                    / "content").site  # fmt: skip
    everything = list(site.entries)
    kept: dict[tuple[str, ...], object] = {}
    reuse = Reuse(
        recall=lambda k, p: kept.get((k, *p)),
        keep=lambda k, p, v: kept.__setitem__((k, *p), v),
        ident=lambda es: ",".join(e.id for e in es),
    )
    dump = TypeAdapter(list[ArticleIn]).dump_json
    for n in (0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 2 * BLOCK + 3):
        entries = everything[-n:] if n else []  # (the oldest n: the parts' edges move)
        data = render_articles_year(entries, 2026, Links(None), reuse)
        head = {**_head(Links(None), articles_path(2026)), "year": 2026}
        whole = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1].encode()
        whole += b',"articles":' + dump([e.article for e in entries], exclude_none=True) + b"}\n"
        assert gzip.decompress(data) == whole  # (byte for byte what one dump wrote)
        assert subprocess.run(["gzip", "-t"], input=data).returncode == 0
        assert render_articles_year(entries, 2026, Links(None), reuse) == data
        assert render_articles_year(entries, 2026, Links(None)) == data
