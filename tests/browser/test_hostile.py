"""Hostile text in a real browser: the fictional entry of ``tests/hostile.py`` (the
invented land of Velmora), whose text fields carry script tags, event handlers and
``</script>`` break-outs, builds, and no payload runs on any page that shows it, when the
reader hovers the chart, or in search results. (Entries with non-http(s) links are
refused by validation: ``tests/render/test_safety.py`` checks exactly which, and how.)

Every payload sets ``window.__briefingPwned`` to a label naming the field and the trick,
so a failure says which one ran."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import mkdocs_build
from fictional import fictional_project
from hostile import BUILDS, ENTRY_ID, PAYLOAD_FLAG, hostile_entry
from servers import StaticSite, base_url, bound_socket, serve_static, stop_static

from .conftest import new_reader
from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{ENTRY_ID}/"


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


#: true once the page's images have loaded or failed: a payload in an <img onerror> has
#: had its chance to run.
SETTLED = "() => [...document.images].every(img => img.complete)"


@pytest.fixture(params=[family for family, builds in BUILDS.items() if builds])
def velmora_site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StaticSite]:
    """The real project plus the hostile entry (one family of tricks), built and served.
    Validation refuses the other families (``tests/render/test_safety.py`` says exactly how)."""
    project = fictional_project(tmp_path, [hostile_entry(request.param)])
    sock = bound_socket()
    base = base_url(sock)
    root = project / "built"
    result = mkdocs_build(project, root, env={"SITE_URL": base})
    assert result.returncode == 0, result.stderr  # this family must build
    server, log = serve_static(root, sock)
    yield StaticSite(root=root, base=base, requests=log)
    stop_static(server)


def _assert_nothing_ran(reader: Reader, where: str) -> None:
    assert reader.js(f"typeof window.{PAYLOAD_FLAG}") == "undefined", (
        f"a payload ran on {where}: {reader.js(f'window.{PAYLOAD_FLAG}')}"
    )
    live = reader.js(LIVE_PAYLOADS, PAYLOAD_FLAG)
    assert not live, f"live payloads in the DOM of {where}:\n" + "\n".join(live)


def test_hostile_entry_is_inert_on_every_page_and_in_search(
    browser: Any, velmora_site: StaticSite
) -> None:
    reader = new_reader(browser, velmora_site.base)
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
        reader.scroll_to_charts()
        reader.page.wait_for_function(SETTLED)
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
            reader.page.wait_for_function(SETTLED)
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
        reader.page.wait_for_function(SETTLED)
        _assert_nothing_ran(reader, "search results")
        assert not dialogs, dialogs
        reader.assert_clean()
    finally:
        reader.page.context.close()
