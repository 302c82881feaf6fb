"""``mkdocs build --dirty`` equals a clean build, byte for byte, every file.

For each kind of change: build content X (clean, with its cache), change it to X′, build
again with ``--dirty`` (``.cache/`` and the previous ``site/`` kept) into B; build X′
clean, from nothing, into A; then B == A, every file (pages, feeds, data, sitemap, the
search bundle), with the build day fixed (``SOURCE_DATE_EPOCH``). The dirty builds also
do less: few pages rendered again and, the index being in shards, few shards indexed
again; a changed ``mkdocs.yml`` or generator builds everything.

The site is fictional (tests/fictional.py): invented regions of Erewhon.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from assessed import assessment, write_assessments
from bs4 import BeautifulSoup
from conftest import ROOT, mkdocs_build
from fictional import fictional_entry, fictional_project
from snapshots import site_snapshot

from generator.render.html import PAGE_SIZE


def _epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()))


#: The build day, and the later one on which LATER (scheduled until then) comes due.
DAY = _epoch(dt.date(2030, 6, 1))
LATER_DAY = _epoch(dt.date(2030, 8, 1))
REGIONS = """
  - id: erewhon-north
    name: North Erewhon
    parent: erewhon
    lat: -45.5
    lon: -125.0
    source: invented for tests (open South Pacific, where no land is)
  - id: erewhon-south
    name: South Erewhon
    parent: erewhon
    lat: -47.5
    lon: -126.0
    source: invented for tests (open South Pacific, where no land is)
"""
FIGURE = {
    "group": "civilians",
    "killed": 3,
    "reported_by": "Erewhon ferry office",
    "reported_on": "2030-01-04",
    "status": "official",
}
#: Shown in every listing: both regions, both themes, three entries relate to it.
STAR = fictional_entry(
    3,
    regions=["erewhon-north", "erewhon-south"],
    themes=["insurgency", "diplomacy"],
    casualties=[FIGURE],
)
LATER = fictional_entry(181, regions=["erewhon-north"])  # 2030-07-01: scheduled on DAY


def _related(entry: dict[str, Any]) -> list[dict[str, str]]:
    return [{"id": entry["id"], "title": entry["headline"], "date": entry["date"]}]


def _entry(i: int) -> dict[str, Any]:
    if i == 3:
        return STAR
    extra: dict[str, Any] = {}
    if i in (4, 5, 6):
        extra["related"] = _related(STAR)
    if i == 10:
        extra["related"] = _related(fictional_entry(2))
    if i == 7:
        extra["related"] = _related(LATER)
    region = "erewhon-north" if i % 2 else "erewhon-south"
    theme = "insurgency" if i % 3 else "diplomacy"
    return fictional_entry(i, regions=[region], themes=[theme], **extra)


ENTRIES = [*(_entry(i) for i in range(1, 11)), LATER]
#: An assessment of North Erewhon citing STAR, with a judgement due between the two build
#: days: open on DAY, overdue on LATER_DAY.
ASSESSMENT = assessment(
    "erewhon-north",
    "2030-05-01",
    evidence=[STAR["id"]],
    judgements=[
        {
            "id": "erewhon-2030-05-a",
            "statement": "An invented statement about invented Erewhon.",
            "likelihood": "likely",
            "by": "2030-07-15",
        }
    ],
)


def _folder(project: Path) -> Path:
    return project / "content" / "articles" / "fictional"


def _write(project: Path, entry: dict[str, Any]) -> None:
    (_folder(project) / f"{entry['id']}.yaml").write_text(json.dumps(entry), "utf-8")


def _read(project: Path, i: int) -> dict[str, Any]:
    entry: dict[str, Any] = json.loads(
        (_folder(project) / f"fictional-erewhon-{i:03d}.yaml").read_text()
    )
    return entry


def _add(project: Path) -> None:
    _write(project, fictional_entry(11, regions=["erewhon-south"], casualties=[FIGURE]))


def _edit(project: Path) -> None:
    entry = _read(project, 5)
    entry["body"] = ["An edited invented paragraph about the invented land of Erewhon."]
    _write(project, entry)


def _headline(project: Path) -> None:
    _write(project, {**STAR, "headline": "Fictional Erewhon story with an edited headline"})


def _delete(project: Path) -> None:
    (_folder(project) / "fictional-erewhon-008.yaml").unlink()


def _rename(project: Path) -> None:
    """Entry 2 gets another id (and file); entry 10, which relates to it, follows."""
    old = _read(project, 2)
    (_folder(project) / f"{old['id']}.yaml").unlink()
    _write(project, {**old, "id": "fictional-erewhon-renamed"})
    ten = _read(project, 10)
    ten["related"] = [{**ten["related"][0], "id": "fictional-erewhon-renamed"}]
    _write(project, ten)


def _taxonomy(project: Path) -> None:
    tax = project / "content" / "taxonomy.yaml"
    tax.write_text(tax.read_text("utf-8").replace("South Erewhon", "Lower Erewhon"), "utf-8")


def _config(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("site_name: Regional", "site_name: Fictional", 1), "utf-8")


def _generator(project: Path) -> None:
    """The last build was made by another generator version: its record says so."""
    record = project / ".cache" / "briefing" / "site.json"
    data = json.loads(record.read_text("utf-8"))
    record.write_text(json.dumps({**data, "key": "made-by-another-version"}), "utf-8")


def _nothing(project: Path) -> None:
    pass


def _assess(project: Path) -> None:
    """A new assessment of North Erewhon, a month after the first."""
    later = assessment("erewhon-north", "2030-05-20", level="high", trend="deteriorated")
    write_assessments(project / "content", [later])


#: name -> (the change, the build day of X′)
CHANGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "nothing": (_nothing, DAY),
    "add": (_add, DAY),
    "edit": (_edit, DAY),
    "headline-in-many-listings": (_headline, DAY),
    "delete": (_delete, DAY),
    "rename-id": (_rename, DAY),
    "taxonomy": (_taxonomy, DAY),
    "mkdocs-yml": (_config, DAY),
    "generator-version": (_generator, DAY),
    "later-build-day": (_nothing, LATER_DAY),
    "assessment": (_assess, DAY),
}
#: The pages of the navigation (mkdocs.yml's ``nav``: each names a page).
_NAV = (ROOT / "mkdocs.yml").read_text("utf-8").split("\nnav:\n", 1)[1].split("\n\n", 1)[0]
NAVIGATION = re.findall(r"^\s+- (?:[^:\n]+: )?(\S+\.md)$", _NAV, re.M)
#: Changes after which nothing of the last build may be reused.
FORCED_CLEAN = {"mkdocs-yml", "generator-version"}


@pytest.fixture(scope="module")
def built_x(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Content X built clean, with its cache: the project every case starts from. The
    search index is in shards of 15 pages, as a big site's are of 3,000."""
    project = fictional_project(
        tmp_path_factory.mktemp("x"), ENTRIES, keep_real=False, search_shard_pages=15
    )
    content = project / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")  # the hand-written pages
    write_assessments(content, [ASSESSMENT])
    tax = content / "taxonomy.yaml"
    tax.write_text(tax.read_text("utf-8").replace("\nthemes:", REGIONS + "\nthemes:", 1), "utf-8")
    result = mkdocs_build(project, project / "site", env={"SOURCE_DATE_EPOCH": DAY})
    assert result.returncode == 0, result.stderr
    return project


def _counts(log: str, what: str) -> tuple[int, int]:
    m = re.search(rf"--dirty: (?:search: )?(\d+) of (\d+) {what}", log)
    assert m, log
    return int(m.group(1)), int(m.group(2))


def _dirty_equals_clean(dirty: Path, clean: Path, day: str = DAY) -> tuple[str, dict[str, Any]]:
    """Build ``dirty`` with --dirty (its .cache/ and last site/ kept), and a copy of its
    content in ``clean`` clean, on build day ``day``: the same, every file. Returns the
    dirty build's log and its site (``snapshots.site_snapshot``)."""
    result = mkdocs_build(dirty, dirty / "site", "--dirty", env={"SOURCE_DATE_EPOCH": day})
    assert result.returncode == 0, result.stderr  # --strict: no warning either
    shutil.copytree(dirty, clean, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    made = mkdocs_build(clean, clean / "site", env={"SOURCE_DATE_EPOCH": day})
    assert made.returncode == 0, made.stderr
    # Every file byte for byte; Pagefind's filter index as the data it holds (its bytes
    # follow a hash map seeded per run: ARCHITECTURE.md, invariants).
    b, a = site_snapshot(dirty / "site"), site_snapshot(clean / "site")
    assert sorted(b) == sorted(a)
    assert [name for name in sorted(a) if b[name] != a[name]] == []
    return result.stderr, b


@pytest.mark.parametrize("kind", list(CHANGES))
def test_a_dirty_build_equals_a_clean_build(kind: str, built_x: Path, tmp_path: Path) -> None:
    change, day = CHANGES[kind]
    dirty = tmp_path / "b"
    shutil.copytree(built_x, dirty, symlinks=True)  # with .cache/ and the last site/
    change(dirty)
    log, b = _dirty_equals_clean(dirty, tmp_path / "a", day)
    if kind == "later-build-day":  # the case does what it says: LATER is out, the judgement due
        assert f"articles/{LATER['id']}/index.html" in b
        assert b"overdue" in b["assessments/erewhon-north/2030-05-01/index.html"].lower()

    if kind in FORCED_CLEAN:
        assert "--dirty: the generator, MkDocs, the theme, mkdocs.yml or the pages changed" in log
        assert "pages built again" not in log
        return
    assert "--dirty: reusing the site" in log
    again, _ = _counts(log, "pages built again")
    shards, count = _counts(log, "shards indexed again")
    assert count >= 3  # (the site is big enough for shards)
    if kind == "nothing":  # the pages of the navigation, whose titles every page shows
        assert (again, shards) == (len(NAVIGATION), 0)
    if kind == "edit":  # the text of one article: its page, and its shard
        assert (again, shards) == (len(NAVIGATION) + 1, 1)


#: A listing one short of two pages (paged from the oldest, 50 a page: the first page
#: holds 50 to 99): the next entry fills it up and starts regions/erewhon/page/1.
FULL = 2 * PAGE_SIZE - 1


@pytest.fixture(scope="module")
def built_long(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """FULL entries on Erewhon (and World and insurgency), built clean with its cache."""
    entries = [fictional_entry(i) for i in range(FULL)]
    project = fictional_project(
        tmp_path_factory.mktemp("long"), entries, keep_real=False, search_shard_pages=40
    )
    shutil.copytree(ROOT / "content" / "pages", project / "content" / "pages")
    result = mkdocs_build(project, project / "site", env={"SOURCE_DATE_EPOCH": DAY})
    assert result.returncode == 0, result.stderr
    return project


def test_a_listing_that_fills_up_starts_a_page_and_leaves_the_full_one(
    built_long: Path, tmp_path: Path
) -> None:
    """Two new entries dated after all: the first fills the listings up (a new numbered
    page appears in each), the second leaves that page as it is (the same file: the
    dirty build did not write it again). Each time the dirty build equals a clean one."""
    dirty = tmp_path / "b"
    shutil.copytree(built_long, dirty, symlinks=True)
    page = dirty / "site" / "regions" / "erewhon" / "page" / "1" / "index.html"
    assert not page.exists()
    _write(dirty, fictional_entry(FULL))
    log, _ = _dirty_equals_clean(dirty, tmp_path / "a1")
    again, total = _counts(log, "pages built again")
    # the new article and its neighbour; Erewhon's, World's and insurgency's pages (each
    # with its new page); its month's and the archive's; the front page, the indexes and
    # the search page; the pages of the navigation
    assert again <= len(NAVIGATION) + 16 < total // 4, log
    assert page.is_file()
    written = page.stat().st_ino
    _write(dirty, fictional_entry(FULL + 1))
    _dirty_equals_clean(dirty, tmp_path / "a2")
    assert page.stat().st_ino == written  # the full page: not written again
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    assert soup.select_one("h1").get_text().startswith("Erewhon, January 1 to February 19, 2030")
