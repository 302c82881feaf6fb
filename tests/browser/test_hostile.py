"""Hostile text in a real browser: a fictional entry (the invented land of Velmora) whose
text fields carry script tags, event handlers, ``javascript:`` links and ``</script>``
break-outs. The build may refuse it with a clear error; if it builds, no payload runs on
any page that shows the entry, when the reader hovers the chart, or in search results.

Every payload sets ``window.__briefingPwned`` to a label naming the field and the trick,
so a failure says which one ran."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_project, mkdocs_build
from fictional import fictional_content

from .conftest import free_port, new_reader, serve_static
from .reader import PAYLOAD_FLAG, Reader

pytestmark = pytest.mark.browser
ENTRY_ID = "fictional-velmora-hostile-text"
ARTICLE = f"articles/{ENTRY_ID}/"


def tricks(label: str) -> dict[str, dict[str, str]]:
    """Hostile snippets by family, each tagged with ``label`` (the field it goes in).

    Validation may refuse a family (say, links that are not http(s)), which refuses the
    whole entry, so each family is built on its own and the others still reach a browser.
    """
    flag = f"window.{PAYLOAD_FLAG}"

    def run(trick: str) -> str:
        return f"{flag}='{label}:{trick}'"

    return {
        "markup": {
            "script": f"<script>{run('script')}</script>",
            "img": f'<img src=x onerror="{run("img")}">',
            "svg": f'<svg onload="{run("svg")}"></svg>',
            "details": f'<details open ontoggle="{run("details")}"><summary>x</summary>',
            "breakout": f"</script><script>{run('breakout')}</script>",
            "attr": f'"\'><img src=x onerror="{run("attr")}">',
            "html-link": f'<a href="javascript:{run("html-link")}">Velmora anchor</a>',
            "attr-list": f'Velmora text {{: onclick="{run("attr-list")}" }}',
            "iframe": f'<iframe src="javascript:parent.{run("iframe")}"></iframe>',
        },
        "links": {
            "md-link": f"[Velmora link](javascript:{run('md-link')})",
            "autolink": f"<javascript:{run('autolink')}>",
            "data-link": f"[Velmora data](data:text/html,<script>{run('data-link')}</script>)",
        },
        "disguised-links": {
            "case": f"[Velmora case](JaVaScRiPt:{run('case')})",
            "space": f"[Velmora space]( javascript:{run('space')})",
            "angle": f"[Velmora angle](<javascript:{run('angle')}>)",
            "entity": f"[Velmora entity](jav&#x61;script:{run('entity')})",
            "reference": f"[Velmora ref][v] [v]: javascript:{run('reference')}",
        },
    }


def payloads(label: str, family: str) -> str:
    """One field's worth of hostile text from one family of tricks."""
    return f"Velmora {label}: " + " ".join(tricks(label)[family].values())


def hostile_entry(family: str) -> dict[str, Any]:
    def p(label: str) -> str:
        return payloads(label, family)

    return {
        "id": ENTRY_ID,
        "section": "Fiction",
        "date": "2030-01-02",
        "headline": "Velmora headline " + p("headline"),
        "dek": p("dek"),
        "byline": p("byline"),
        "summary": p("summary"),
        "key_points": [{"text": p("key_point"), "impact": p("impact")}],
        "body": [p("body"), {"quote": p("quote"), "speaker": p("speaker"), "role": "invented"}],
        "context": [p("context")],
        "risks": [{"text": p("risk"), "category": "security"}],
        "casualties": [
            {
                "group": "civilians",
                "killed": 3,
                "reported_by": p("reported_by"),
                "reported_on": "2030-01-02",
                "status": "claimed",
                "period": p("period"),
                "note": p("casualty_note"),
            }
        ],
        "actors": [{"name": p("actor"), "role": p("actor_role")}],
        "sources": [{"name": p("source"), "url": "https://example.org/velmora?a=1&b=2"}],
        "related": [{"title": p("related"), "date": "2030-01-01", "url": "https://example.org/v"}],
        "regions": ["erewhon"],
        "themes": ["insurgency"],
    }


#: Live payloads in the DOM: event-handler attributes or script URLs naming the flag, or a
#: script element carrying it. (Text that merely shows the payload is fine.)
LIVE_PAYLOADS = """flag => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/\\s/g, '').toLowerCase();
      if (a.name.startsWith('on') && a.value.includes(flag)) found.push(el.outerHTML.slice(0, 200));
      if (['href', 'src', 'action', 'formaction', 'data'].includes(a.name)
          && /^(javascript|data|vbscript):/.test(v)) found.push(el.outerHTML.slice(0, 200));
    }
    if (el.tagName === 'SCRIPT' && el.textContent.includes(flag)) {
      found.push('script: ' + el.textContent.slice(0, 200));
    }
  }
  return found;
}"""


@pytest.fixture(params=["markup", "links", "disguised-links"])
def hostile_build(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    project = copy_project(tmp_path)
    shutil.rmtree(project / "content")
    fictional_content(project, [hostile_entry(request.param)])
    root = project / "built"
    root.mkdir()
    port = free_port()
    server, _ = serve_static(root, port)
    base = f"http://127.0.0.1:{port}/"
    result = mkdocs_build(project, root, env={"SITE_URL": base})
    yield {"result": result, "base": base, "project": project}
    server.shutdown()
    server.server_close()


def _assert_nothing_ran(reader: Reader, where: str) -> None:
    assert reader.js(f"typeof window.{PAYLOAD_FLAG}") == "undefined", (
        f"a payload ran on {where}: {reader.js(f'window.{PAYLOAD_FLAG}')}"
    )
    live = reader.js(LIVE_PAYLOADS, PAYLOAD_FLAG)
    assert not live, f"live payloads in the DOM of {where}:\n" + "\n".join(live)


def test_hostile_entry_is_refused_clearly_or_built_inert(browser: Any, hostile_build) -> None:
    result = hostile_build["result"]
    if result.returncode != 0:
        # Refused: the editor is told which file, line and field, without a traceback.
        assert "Traceback" not in result.stderr, result.stderr
        assert re.search(rf"{ENTRY_ID}\.yaml:\d+:\d+: \w", result.stderr), result.stderr
        return

    reader = new_reader(browser, hostile_build["base"])
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:  # alert(), confirm() ...: a payload ran
        dialogs.append(dialog.message)
        dialog.dismiss()

    reader.page.on("dialog", on_dialog)
    # An <img src=x> that became markup would also show as a failed request (HTTP 404 for
    # "x"), which assert_clean reports: nothing is tolerated.
    try:
        reader.open(ARTICLE)
        assert "Velmora headline" in reader.h1()
        reader.wait_for_charts()
        for bar in reader.page.locator(".bp-chart g.trace.bars path").all():
            bar.hover(force=True)  # hover labels show reported_by
        reader.page.locator(".md-content").click(position={"x": 5, "y": 5})
        _assert_nothing_ran(reader, ARTICLE)

        # On to the pages that list it, as a reader goes (instant navigation).
        listings = [
            ("regions/erewhon/", "Erewhon"),
            ("themes/insurgency/", "Insurgency"),
            ("", "Regional risk briefing"),
            ("archive/", "Archive"),
            ("archive/2030/01/", "January 2030"),
        ]
        for path, heading in listings:
            reader.follow(path, heading)
            reader.page.wait_for_load_state("networkidle")
            if path != "archive/":
                assert reader.page.locator(f".md-content a[href$='/{ARTICLE}']").count(), path
            _assert_nothing_ran(reader, path or "home")
            if path == "regions/erewhon/":
                reader.page.go_back()  # to the article, for its theme chip
                reader.wait_for_page(ARTICLE, "Velmora headline")

        box = reader.page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("Velmora", delay=20)
        # attached, not visible: results may sit in a collapsed list, and markup in them
        # would run (an <img onerror>) whether or not it is on screen
        reader.page.locator(".md-search-result__item").first.wait_for(state="attached")
        reader.page.wait_for_timeout(300)  # let the results' markup settle and load
        _assert_nothing_ran(reader, "search results")
        assert not dialogs, dialogs
        reader.assert_clean()
    finally:
        reader.page.context.close()
