"""``mkdocs serve`` as an editor uses it: edits under content/ show up without a restart,
and a broken entry leaves the last good pages served with its error shown on them.

Each edit waits for the rebuild it causes (``servers.Serve.edit``), then reads the pages
once: a page that is gone fails at once, not after a timeout."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED_ID, copy_project, mkdocs_serve

NEW_ENTRY = """\
id: fictional-harbour-closure
kind: brief
section: World
date: 2031-03-04
headline: Fictional Harbour of Velmora Closes to Traffic
regions: [quetta]
themes: [infrastructure-resources]
"""


def test_new_entry_appears_and_broken_entry_keeps_last_good_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    new = project / "content/articles/2031/fictional-harbour-closure.yaml"
    new.parent.mkdir(parents=True)
    with mkdocs_serve(project) as serve:
        assert "Herof" in serve.page(f"articles/{SEED_ID}/")

        serve.edit(new, NEW_ENTRY)
        assert "Fictional Harbour of Velmora" in serve.page("regions/quetta/")
        page = serve.page("articles/fictional-harbour-closure/")
        assert "Velmora" in page and "bp-build-error" not in page

        serve.edit(new, NEW_ENTRY.replace("date: 2031-03-04", "date: 2031-02-30"))
        page = serve.page(f"articles/{SEED_ID}/")
        assert "bp-build-error" in page
        assert "content/articles/2031/fictional-harbour-closure.yaml:4:7: date:" in page
        assert "Herof" in page  # the last good pages are still served
        assert "Velmora" in serve.page("regions/quetta/")
        assert "Velmora" in serve.page("articles/fictional-harbour-closure/")

        serve.edit(new, NEW_ENTRY.replace("Closes to Traffic", "Reopens"))
        page = serve.page("regions/quetta/")
        assert "Velmora Reopens" in page and "bp-build-error" not in page


def test_serve_started_on_broken_content_shows_the_errors_until_fixed(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    new = project / "content/articles/2031/fictional-harbour-closure.yaml"
    new.parent.mkdir(parents=True)
    new.write_text(NEW_ENTRY.replace("date: 2031-03-04", "date: 2031-02-30"), encoding="utf-8")
    with mkdocs_serve(project) as serve:
        page = serve.page()
        assert "bp-build-error" in page
        assert "content/articles/2031/fictional-harbour-closure.yaml:4:7: date:" in page
        assert "Not built yet" in page
        serve.edit(new, NEW_ENTRY)  # the editor fixes the date
        page = serve.page("regions/quetta/")
        assert "Fictional Harbour of Velmora" in page and "bp-build-error" not in page
        assert "Herof" in serve.page(f"articles/{SEED_ID}/")
