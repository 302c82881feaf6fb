"""Reproducible builds: with SOURCE_DATE_EPOCH set, two builds of the same tree are
byte-identical, so the built-site diff of a pull request shows only what it changed.

The two builds differ in everything that must not leak into the output: the output
folder's path and Python's hash seed (set and dict iteration order).
"""

from __future__ import annotations

import gzip
from pathlib import Path

from conftest import ROOT, mkdocs_build

EPOCH = "1770000000"  # 2026-02-02T02:40:00Z


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_two_builds_of_the_same_tree_are_byte_identical(tmp_path: Path) -> None:
    sites = []
    for seed in ("1", "2"):
        site = tmp_path / f"build-{seed}" / "site"
        env = {"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
        result = mkdocs_build(ROOT, site, env=env)
        assert result.returncode == 0, result.stderr
        sites.append(snapshot(site))
    first, second = sites
    assert sorted(first) == sorted(second)
    different = sorted(name for name in first if first[name] != second[name])
    assert different == []
    # The files most likely to carry a clock or an unstable order are all there.
    for name in ("sitemap.xml", "sitemap.xml.gz", "pagefind/pagefind-entry.json", "index.html"):
        assert name in first, name
    assert sum(name.endswith(".html") for name in first) > 20
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]
