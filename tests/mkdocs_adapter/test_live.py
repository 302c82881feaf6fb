"""``mkdocs serve --dirty`` renders only what an edit of the content changed, into the last
build (``mkdocs_adapter/live.py``), and never serves a stale page: after such edits every
page and file served is the one a freshly started ``mkdocs serve`` serves for the same
content. A broken entry, ``mkdocs.yml`` and a new entry still take the full build."""

from __future__ import annotations

import re
import time
from pathlib import Path

from conftest import SEED_ID, copy_project, mkdocs_serve
from servers import Serve

from generator.build import generate

ARTICLE = f"articles/{SEED_ID}/"
ENTRY = Path("content/articles/2026") / f"{SEED_ID}.yaml"
HEADLINE = "Pakistan Reports 145 Militants Killed After Coordinated Attacks in Balochistan"
#: Pages and files of the sample site that show the seed's headline (besides its own).
SHOWN_ON = (
    "", "regions/pk-ba/", "themes/insurgency/", "feeds/all.xml", "data/articles/2026.json.gz"
)  # fmt: skip
NEW_ENTRY = """\
id: fictional-live-test-entry
kind: brief
section: World
date: 2026-02-01
headline: Fictional Live Test Harbour of Velmora Closes
regions: [quetta]
themes: [infrastructure-resources]
"""
#: What the log says when a rebuild took the quick way.
QUICK = "the content changed, nothing else"
#: MkDocs' live-reload script, with the time of the build in it.
_LIVERELOAD = re.compile(r"<script>\s*var livereload.*?</script>", re.S)


def _edit(serve: Serve, entry: Path, text: str) -> bool:
    """Edit ``entry`` and wait for the rebuild: whether it took the quick way."""
    before = len(serve.log)
    serve.edit(entry, text)
    return any(QUICK in line for line in serve.log[before:])


def _site(serve: Serve, project: Path) -> dict[str, str]:
    """Every page (the sitemap's and the generated) and generated file the server serves,
    as served (but for the server's address and the time of its build)."""
    sitemap = serve.page("sitemap.xml")
    pages = {url.removeprefix(serve.base) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    output = generate(project / "content", project, preview=True)
    pages |= {re.sub(r"(^|/)index\.md$|\.md$", r"\1", p).rstrip("/") + "/" for p in output.pages}
    pages = {"" if p == "/" else p for p in pages}
    assert len(pages) > 30 and len(output.files) > 30  # (the sample site's, not none)
    paths = sorted({*pages, *output.files})
    # (the live-reload script has the time of the build; the address, the server's port)
    served = {path: _LIVERELOAD.sub("", serve.text(path)) for path in paths}
    return {path: text.replace(serve.base, "/") for path, text in served.items()}


def test_an_edit_renders_what_changed_and_nothing_served_is_stale(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    entry = project / ENTRY
    good = entry.read_text("utf-8")
    with mkdocs_serve(project, "--dirty") as serve:
        assert HEADLINE in serve.page(ARTICLE)
        for n in (1, 2):  # twice: the second renders into what the first left
            edited = f"Serve test edit {n} of this headline (not a real report)"
            assert _edit(serve, entry, good.replace(HEADLINE, edited))
            for path in (ARTICLE, *SHOWN_ON):
                body = serve.text(path)
                assert edited in body and HEADLINE not in body, path

        # A broken entry: the full build, the error on every page, the last good pages.
        assert not _edit(serve, entry, good.replace("date: 2026-02-01", "date: 2026-02-30"))
        for path in (ARTICLE, "regions/pk-ba/"):
            body = serve.page(path)
            assert "bp-build-error" in body and "edit 2 of this headline" in body, path
        # Fixed: the full build again (the banner goes from every page), then quick ones.
        assert not _edit(serve, entry, good.replace(HEADLINE, "Fixed headline (a test's)"))
        assert "bp-build-error" not in serve.page("regions/pk-ba/")
        assert _edit(serve, entry, good.replace(HEADLINE, "Edited once more (a test's)"))
        quick = _site(serve, project)
    with mkdocs_serve(project, "--dirty") as fresh:
        assert quick == _site(fresh, project)


def test_what_is_not_an_edit_of_an_entry_takes_the_full_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    entry, config = project / ENTRY, project / "mkdocs.yml"
    new = entry.with_name("fictional-live-test-entry.yaml")
    name = re.search(r"^site_name: (.+)$", config.read_text("utf-8"), re.M)
    assert name is not None
    with mkdocs_serve(project, "--dirty") as serve:
        renamed = config.read_text("utf-8").replace(name.group(0), "site_name: Renamed Desk")
        assert not _edit(serve, config, renamed)
        assert "Renamed Desk" in serve.page(ARTICLE)
        assert not _edit(serve, new, NEW_ENTRY)
        assert "Renamed Desk" in serve.page("articles/fictional-live-test-entry/")
        assert "Fictional Live Test" in serve.page("regions/quetta/")
        # The content alone changed since: quick, with the new name kept.
        assert _edit(serve, entry, entry.read_text("utf-8").replace(HEADLINE, "Quick (a test's)"))
        assert "Renamed Desk" in serve.page(ARTICLE)
        # The build reads every entry: reading is no change (the content folder is
        # watched by inotify, which reports reads too), so nothing is rebuilt now.
        rebuilds = serve.rebuilds()
        time.sleep(3)
        assert serve.rebuilds() == rebuilds, serve.tail()
