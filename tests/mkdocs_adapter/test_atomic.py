"""A failed ``mkdocs build`` leaves the previous site whole: same files, same bytes.

Content errors stop the build before MkDocs touches ``site/``; any later failure (here a
strict-mode warning, raised after every page was written) is caught by building into a
staging folder that replaces ``site/`` only when the whole build succeeded.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from conftest import SEED_ID, copy_project, mkdocs_build


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


def test_a_failed_build_keeps_the_old_site_whole(project: Path, built_site: Path) -> None:
    site = project / "site"
    shutil.copytree(built_site, site)  # the last good build (of the same project)
    before = snapshot(site)
    mode = stat.S_IMODE(site.stat().st_mode)
    assert f"articles/{SEED_ID}/index.html" in before

    # 1. A bad entry: refused before MkDocs touches site/, the error names file:line:col.
    bad = project / "content" / "articles" / "2026" / "bad-entry.yaml"
    bad.write_text(
        "id: bad-entry\nkind: brief\nsection: World\ndate: 2026-02-03\n"
        "headline: A fictional entry from Erewhon\nregions: [erewhon]\nthemes: [diplomacy]\n",
        "utf-8",
    )
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert (
        "content/articles/2026/bad-entry.yaml:6:11: regions[0]: 'erewhon' is not a region in "
        "content/taxonomy.yaml [briefing.unknown-region]" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert snapshot(site) == before
    assert leftovers(project) == []
    bad.unlink()

    # 2. A strict-mode warning aborts the build after MkDocs has written every page.
    page = project / "content" / "pages" / "about.md"
    page.write_text(page.read_text("utf-8") + "\n[gone](missing-page.md)\n", "utf-8")
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert "missing-page.md" in result.stderr and "Aborted" in result.stdout + result.stderr
    assert snapshot(site) == before
    assert leftovers(project) == []

    # 3. Fixed, the next build replaces the site as a whole, keeping the folder readable.
    page.write_text(page.read_text("utf-8").replace("[gone](missing-page.md)", "Gone."), "utf-8")
    assert mkdocs_build(project, site).returncode == 0
    after = snapshot(site)
    assert "Gone." in after["about/index.html"].decode("utf-8")
    assert stat.S_IMODE(site.stat().st_mode) == mode
    assert leftovers(project) == []


def test_the_first_build_failing_creates_no_site(project: Path) -> None:
    (project / "content" / "taxonomy.yaml").write_text("regions: [\n", "utf-8")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert "content/taxonomy.yaml:2:1: YAML syntax:" in result.stderr
    assert not site.exists()
    assert leftovers(project) == []
