"""Reproducible builds: with SOURCE_DATE_EPOCH set, two builds of the same tree are
byte-identical, so the built-site diff of a pull request shows only what it changed.

The two builds differ in everything that must not leak into the output: the output
folder's path and Python's hash seed (set and dict iteration order).
"""

from __future__ import annotations

import gzip
from pathlib import Path

from conftest import EPOCH, ROOT, html_pages, mkdocs_build, site_pages
from snapshots import site_snapshot


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file's bytes; Pagefind's filter index as its data (``tests/snapshots.py``:
    Pagefind writes it in hash-map order, another in each run)."""
    return site_snapshot(site)


def test_two_builds_of_the_same_tree_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    # built_site: SOURCE_DATE_EPOCH=EPOCH, hash seed 1, in a folder of its own
    site = tmp_path / "build-2" / "site"
    result = mkdocs_build(ROOT, site, env={"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "2"})
    assert result.returncode == 0, result.stderr
    first, second = snapshot(built_site), snapshot(site)
    assert sorted(first) == sorted(second)
    assert "pagefind/filter/region" in first  # the filter index, read as data
    different = sorted(name for name in first if first[name] != second[name])
    assert different == []
    # The files most likely to carry a clock or an unstable order are all there.
    for name in ("sitemap.xml", "sitemap.xml.gz", "pagefind/pagefind-entry.json", "index.html"):
        assert name in first, name
    assert html_pages(site) == site_pages()
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]
