"""Scheduled entries: an entry dated after the build day is held back, never refused.

The published build (``mkdocs build``) shows it nowhere: not its page, not in listings,
feeds, data, the sitemap or search, not as a related link or under "More on" on other
pages. On its day it appears. ``mkdocs serve`` shows it, marked scheduled, and
``briefing validate`` says how many are scheduled. The build day is ``SOURCE_DATE_EPOCH``'s
here, so the tests do not depend on today's date. Fictional places only."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build, mkdocs_serve, run_briefing, search_records
from fictional import fictional_content, fictional_entry, fictional_project

from generator.build import generate
from generator.incremental.cache import Cache

LATER = fictional_entry(
    9,
    id="fictional-erewhon-ferry-strike-ends",
    date="2030-03-04",
    headline="Fictional Erewhon ferry strike ends after nine days",
    dek="An invented story held back until its day.",
    casualties=[
        {
            "group": "civilians",
            "killed": 4,
            "reported_by": "Erewhon ferry office",
            "reported_on": "2030-03-04",
            "status": "official",
        }
    ],
)
#: Published, in the same region and theme, with LATER among its related stories.
NOW = fictional_entry(
    1,
    related=[{"id": LATER["id"], "title": LATER["headline"], "date": LATER["date"]}],
)
#: What of LATER would show if it leaked: its id (page, links, data) and its headline.
TRACES = (LATER["id"], LATER["headline"], "Erewhon ferry office")


def _epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()))


BEFORE, ON_THE_DAY = _epoch("2030-03-03"), _epoch("2030-03-04")
SITE_URL = "https://briefing.example.org/"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fictional_project(tmp_path_factory.mktemp("scheduled"), [NOW, LATER])


def _build(project: Path, site: Path, epoch: str) -> str:
    env = {"SOURCE_DATE_EPOCH": epoch, "SITE_URL": SITE_URL}
    result = mkdocs_build(project, site, env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr


def _all_text(site: Path) -> dict[str, str]:
    """Every file of the built site as text (gzip opened, search fragments as indexed)."""
    out = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in (".woff", ".woff2", ".png", ".ico", ".wasm"):
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        out[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    for url, record in search_records(site).items():
        out[f"search: {url}"] = str(record)
    return out


@pytest.fixture(scope="module")
def published(project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("published") / "site"
    return site, _build(project, site, BEFORE)


def test_a_scheduled_entry_appears_nowhere_in_the_published_build(
    published: tuple[Path, str],
) -> None:
    site, _ = published
    files = _all_text(site)
    leaks = sorted(name for name, text in files.items() for t in TRACES if t in text)
    assert leaks == []
    # and the build did publish what it should: NOW, its page, its feed item, its data
    now_page = site / "articles" / NOW["id"] / "index.html"
    assert now_page.is_file()
    assert NOW["headline"] in files["feeds/regions/erewhon.xml"]
    assert any(
        NOW["id"] in text for name, text in files.items() if name.startswith("data/articles/")
    )
    assert f"{SITE_URL}articles/{NOW['id']}/" in files["sitemap.xml"]
    assert any(NOW["headline"] in text for name, text in files.items() if name.startswith("search"))


def test_the_build_says_what_it_held_back(published: tuple[Path, str]) -> None:
    _, log = published
    assert (
        f"1 scheduled entry (dated after 2030-03-03) held back from the site until its "
        f"date: content/articles/fictional/{LATER['id']}.yaml (2030-03-04)"
    ) in log


def test_on_its_day_it_is_published_and_linked(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(project, site, ON_THE_DAY)
    page = (site / "articles" / LATER["id"] / "index.html").read_text("utf-8")
    assert LATER["headline"] in page and "Scheduled" not in page
    now_page = (site / "articles" / NOW["id"] / "index.html").read_text("utf-8")
    links = {a["href"] for a in BeautifulSoup(now_page, "html.parser").select("a[href]")}
    assert f"../{LATER['id']}/" in links
    assert LATER["headline"] in (site / "feeds/regions/erewhon.xml").read_text("utf-8")


def test_validate_says_how_many_are_scheduled(project: Path) -> None:
    result = run_briefing("validate", cwd=project, env={"SOURCE_DATE_EPOCH": BEFORE})
    assert result.returncode == 0
    assert result.stderr.splitlines()[0] == (
        "1 entry is scheduled (dated after 2030-03-03): the published site holds it back "
        f"until its date: content/articles/fictional/{LATER['id']}.yaml (2030-03-04)"
    )
    on_the_day = run_briefing("validate", cwd=project, env={"SOURCE_DATE_EPOCH": ON_THE_DAY})
    assert on_the_day.stderr.startswith("ok: ")


def test_serve_shows_it_marked_scheduled(project: Path) -> None:
    with mkdocs_serve(project, env={"SOURCE_DATE_EPOCH": BEFORE}) as serve:
        page = serve.page(f"articles/{LATER['id']}/")
        assert "Scheduled" in page
        assert "after the build day (March 3, 2030)" in page
        listing = serve.page("regions/erewhon/")
        assert LATER["headline"] in listing
        marks = BeautifulSoup(listing, "html.parser").select("span.bp-scheduled")
        assert [m.get_text() for m in marks] == ["scheduled"]
        assert "bp-scheduled" not in serve.page(f"articles/{NOW['id']}/").split("More on")[0]


def test_the_cache_never_serves_a_held_back_or_preview_page_to_a_later_build(
    tmp_path: Path,
) -> None:
    # LATER elsewhere (another region and theme): NOW's page then differs by its related
    # link alone, as the day passes, which the cache must see.
    elsewhere = {**LATER, "regions": ["velmora"], "themes": ["diplomacy"]}
    content = fictional_content(tmp_path, [NOW, elsewhere], keep_real=False)
    tax = content / "taxonomy.yaml"
    velmora = "  - id: velmora\n    name: Velmora\n    parent: world\n    map: false\n"
    tax.write_text(tax.read_text("utf-8").replace("\nthemes:", f"\n{velmora}themes:", 1))
    project, folder = tmp_path, tmp_path / "cache"
    days = {"before": dt.date(2030, 3, 3), "on": dt.date(2030, 3, 4)}
    runs = [("before", True), ("on", False), ("before", False), ("on", False)]
    for day, preview in runs:
        cache = Cache.open(folder)
        cached = generate(content, project, cache=cache, day=days[day], preview=preview)
        cache.save()
        fresh = generate(content, project, day=days[day], preview=preview)
        assert cached.pages == fresh.pages, (day, preview)
        assert cached.files == fresh.files, (day, preview)
