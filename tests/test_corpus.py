"""benchmarks/corpus.py: a deterministic, fictional, seed-shaped corpus the real build accepts."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pycountry
import pytest
import yaml
from conftest import CORPUS_N, ROOT, page_soup, page_text

SEED_YAML = (
    ROOT / "content" / "articles" / "2026" / "pakistan-145-militants-killed-balochistan.yaml"
)
N = CORPUS_N


def _corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


corpus = _corpus_module()


@pytest.fixture(scope="module")
def project(corpus_project: Path) -> Path:
    """The corpus as its command line writes it (``conftest.corpus_project``)."""
    return corpus_project


@pytest.fixture(scope="module")
def entries(project: Path) -> list[dict]:
    files = sorted((project / "content" / "articles").rglob("*.yaml"))
    return [yaml.safe_load(f.read_text("utf-8")) for f in files]


@pytest.fixture(scope="module")
def site(corpus_site: Path) -> Path:
    return corpus_site


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_the_same_corpus(tmp_path: Path) -> None:
    a = _files(corpus.write_corpus(6, tmp_path / "a", seed=11))
    b = _files(corpus.write_corpus(6, tmp_path / "b", seed=11))
    c = _files(corpus.write_corpus(6, tmp_path / "c", seed=12))
    assert a == b
    articles = {k: v for k, v in a.items() if k.startswith("content/articles/")}
    assert len(articles) == 6
    assert articles != {k: v for k, v in c.items() if k.startswith("content/articles/")}


def test_refuses_to_write_into_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", "utf-8")
    with pytest.raises(SystemExit, match="not empty"):
        corpus.write_corpus(1, tmp_path)
    assert (tmp_path / "keep.txt").read_text("utf-8") == "x"


def test_taxonomy_is_a_fictional_tree_four_levels_deep(project: Path) -> None:
    tax = yaml.safe_load((project / "content" / "taxonomy.yaml").read_text("utf-8"))
    regions = {r["id"]: r for r in tax["regions"]}
    assert 190 <= len(regions) <= 230
    assert [r for r in regions.values() if "parent" not in r] == [regions["world"]]
    depth = {}
    for rid, r in regions.items():
        d, p = 0, r.get("parent")
        while p:
            d, p = d + 1, regions[p].get("parent")
        depth[rid] = d
    assert max(depth.values()) == 4 and Counter(depth.values())[4] > 100
    assert not any("iso" in r for r in regions.values())
    real = {c.name.lower() for c in pycountry.countries}
    real |= {s.name.lower() for s in pycountry.subdivisions}
    assert not [r["name"] for r in regions.values() if r["name"].lower() in real - {"world"}]
    assert len(tax["themes"]) == 15


def test_invented_places_are_points_in_the_invented_area_where_no_land_is(project: Path) -> None:
    """Maps are measured at scale on invented places: each region but World and the macro-
    regions is a point in the corpus's invented box of open ocean, which no shape of the
    boundary file (no country, no province, no island) reaches."""
    from generator.maps.geometry import load_geometry

    tax = yaml.safe_load((project / "content" / "taxonomy.yaml").read_text("utf-8"))
    regions = tax["regions"]
    off = [r for r in regions if r.get("map") is False]
    assert {r["id"] for r in off} == {"world"} | {
        r["id"] for r in regions if r.get("parent") == "world"
    }
    points = [(r["lon"], r["lat"]) for r in regions if r.get("map") is not False]
    assert len(points) == len(regions) - len(off)
    west, south, east, north = corpus.INVENTED_AREA
    assert all(west <= x <= east and south <= y <= north for x, y in points)
    assert all(r["source"] == corpus.INVENTED_SOURCE for r in regions if "lat" in r)
    assert len(set(points)) == len(points)  # spread, not piled on one spot
    geo = load_geometry()
    for shape in geo.ids():
        w, s, e, n = geo.bbox(shape)
        if e < west or w > east or n < south or s > north:
            continue  # far from the box (most shapes)
        assert not any(geo.contains(shape, lon=x, lat=y) for x, y in points), shape


def test_entries_have_the_seed_shape_and_size(project: Path, entries: list[dict]) -> None:
    assert len(entries) == N
    ids = {e["id"] for e in entries}
    seed_size = SEED_YAML.stat().st_size
    for path in (project / "content" / "articles").rglob("*.yaml"):
        assert 0.7 * seed_size < path.stat().st_size < 1.4 * seed_size, path
    internal = 0
    for e in entries:
        assert len(e["key_points"]) == 3 and len(e["risks"]) == 3
        paragraphs = [b for b in e["body"] if isinstance(b, str)]
        quotes = [b for b in e["body"] if isinstance(b, dict)]
        assert len(paragraphs) == 8 and len(quotes) == 1 and quotes[0]["speaker"]
        assert len(e["casualties"]) == 4
        assert sum(bool(c.get("superseded")) for c in e["casualties"]) == 1
        assert 2 <= len(e["regions"]) <= 4 and len(e["themes"]) == 2
        assert len(e["related"]) == 5
        internal += sum(1 for r in e["related"] if r.get("id") in ids)
        assert all(r["url"].startswith("https://example.org/") for r in e["related"] if "url" in r)
    assert internal >= N  # some related stories are on the site
    years = {e["date"].year for e in entries}
    assert len(years) >= 3


def test_corpus_validates_and_builds_with_the_real_mkdocs(
    project: Path, entries: list[dict], site: Path
) -> None:
    check = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    entry = entries[0]
    text = page_text(site, f"articles/{entry['id']}")
    assert entry["headline"] in text
    assert entry["key_points"][0]["text"] in text
    assert entry["body"][0] in text
    quote = next(b for b in entry["body"] if isinstance(b, dict))
    assert (
        quote["speaker"]
        in page_soup(site, f"articles/{entry['id']}").select_one("article blockquote").get_text()
    )
    region = entry["regions"][0]
    assert entry["headline"] in page_text(site, f"regions/{region}")
    world = page_text(site, "regions/world")
    assert entry["headline"] in world
    assert "Synthetic briefing corpus" in page_text(site, "")


def test_assessments_are_fictional_one_per_ten_articles_and_say_so_on_every_page(
    project: Path, site: Path
) -> None:
    files = sorted((project / "content" / "assessments").rglob("*.yaml"))
    assert len(files) == N // 10
    names = {
        r["id"]: r["name"]
        for r in yaml.safe_load((project / "content" / "taxonomy.yaml").read_text("utf-8"))[
            "regions"
        ]
    }
    judgements = []
    for path in files:
        item = yaml.safe_load(path.read_text("utf-8"))
        assert path.read_text("utf-8").startswith("# Synthetic assessment: an invented")
        assert item["region"] in names and path.stem == f"{item['region']}-{item['as_of']}"
        judgements += item["judgements"]
    assert judgements and any("outcome" in j for j in judgements)
    banner = "Fictional demo: every place, person, event and assessment on this site is invented"
    region, day = files[0].stem[:-11], files[0].stem[-10:]
    for page in ("", "watch/", "track-record/", f"assessments/{region}/{day}/"):
        html = (site / page / "index.html").read_text("utf-8")
        assert banner in html, page
    assert "a fictional demo" in page_text(site, "")


def test_assessments_count_is_a_flag_and_the_same_seed_gives_the_same_ones(tmp_path: Path) -> None:
    a = _files(corpus.write_corpus(30, tmp_path / "a", seed=4, assessments=9))
    b = _files(corpus.write_corpus(30, tmp_path / "b", seed=4, assessments=9))
    assert a == b
    assert len([k for k in a if k.startswith("content/assessments/")]) == 9
    none = _files(corpus.write_corpus(30, tmp_path / "c", seed=4, assessments=0))
    assert not [k for k in none if k.startswith("content/assessments/")]
