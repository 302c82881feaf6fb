"""The casualty ledger on a 390 px phone: each figure is a card, every value after the
name of its column, "Reported by" on a few lines (not a word per line), nothing wider than
the screen; to assistive technology it stays a table, with its caption, rows, column and
row headers and cells (read from Chromium's own accessibility tree). On a laptop it is a
plain table. And the article's "at a glance" box: after the byline on the phone, in the
column left of the text on a laptop."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from conftest import SEED_ID
from servers import StaticSite

from .conftest import new_reader
from .reader import Reader

pytestmark = pytest.mark.browser
ARTICLE = f"articles/{SEED_ID}/"
PHONE = {"width": 390, "height": 844}
LEDGER = "#chart-casualties + .bp-table-wrap table.bp-data"

#: How a reader sees each row of the ledger: its display, each value's label (the
#: generated text before it), whether it is shown, and on how many lines its text runs.
ROWS = """table => [...table.tBodies[0].rows].map(tr => ({
  display: getComputedStyle(tr).display,
  header: tr.cells[0].textContent,
  cells: [...tr.cells].slice(1).map(td => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    return {column: table.tHead.rows[0].cells[td.cellIndex].textContent,
            dataLabel: td.dataset.label, label: getComputedStyle(td, '::before').content,
            text: td.textContent, shown: td.getBoundingClientRect().height > 0, lines};
  }),
}))"""


def _reader(browser: Any, site: StaticSite, viewport: dict[str, int]) -> Reader:
    return new_reader(browser, site.base, viewport=viewport, is_mobile=viewport is PHONE)


def _ax_roles(reader: Reader) -> tuple[Counter[str], dict[str, list[str]]]:
    """Roles and names in Chromium's accessibility tree inside the ledger's table."""
    cdp = reader.page.context.new_cdp_session(reader.page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {n["nodeId"]: n for n in nodes}
    name = "Casualty figures as reported"
    tables = [n for n in nodes if n.get("role", {}).get("value") == "table"
              and n.get("name", {}).get("value", "").startswith(name)]  # fmt: skip
    assert len(tables) == 1, "the ledger is not a table to assistive technology"
    roles: Counter[str] = Counter()
    names: dict[str, list[str]] = {}
    todo = list(tables[0].get("childIds", []))
    while todo:
        node = by_id[todo.pop(0)]
        role = node.get("role", {}).get("value", "")
        roles[role] += 1
        names.setdefault(role, []).append(node.get("name", {}).get("value", ""))
        todo.extend(node.get("childIds", []))
    return roles, names


def test_the_ledger_reads_as_cards_on_a_phone_and_as_a_table_to_a_screen_reader(
    browser: Any, served_site: StaticSite
) -> None:
    reader = _reader(browser, served_site, PHONE)
    try:
        reader.open(ARTICLE)
        table = reader.page.locator(LEDGER)
        table.scroll_into_view_if_needed()
        rows = table.evaluate(ROWS)
        assert [r["header"] for r in rows] == [
            "Militants",
            "Militants",
            "Security forces",
            "Civilians",
        ]
        assert all(r["display"] == "block" for r in rows)  # a card each
        first = {c["column"]: c for c in rows[0]["cells"]}
        # Each value shown after its column's name (generated content, with an empty
        # alternative text: the column header is what a screen reader announces).
        shown = [c for c in rows[0]["cells"] if c["shown"]]
        assert [c["label"] for c in shown] == [f'"{c["column"]}" / ""' for c in shown]
        assert list(first) == [
            "Killed", "Injured", "Reported by", "Reported on", "Period", "Status", "Note",
        ]  # fmt: skip
        assert first["Killed"]["text"] == "145" and first["Killed"]["shown"]
        assert not first["Injured"]["shown"]  # no figure given: no blank line (still a cell)
        # A value's label is its column's name; an empty cell has none (issue 17j: bytes).
        assert all(c["dataLabel"] == (c["column"] if c["text"] else None) for c in rows[0]["cells"])
        reported_by = first["Reported by"]
        assert reported_by["text"].startswith("Sarfaraz Bugti, chief minister of Balochistan")
        assert reported_by["lines"] <= 4, reported_by  # not squeezed to a word per line
        wrap = reader.page.locator("#chart-casualties + .bp-table-wrap")
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")  # nothing to scroll sideways

        roles, names = _ax_roles(reader)
        assert roles["row"] == 5 and roles["columnheader"] == 8 and roles["rowheader"] == 4
        assert roles["cell"] == 4 * 7
        assert names["columnheader"][:3] == ["Group", "Killed", "Injured"]
        # A cell is its value: the visible label is not read a second time.
        assert "145" in names["cell"] and not any(n.startswith("Killed") for n in names["cell"])
        reader.assert_clean()
    finally:
        reader.page.context.close()


def test_the_ledger_is_a_plain_table_on_a_laptop(browser: Any, served_site: StaticSite) -> None:
    reader = _reader(browser, served_site, {"width": 1280, "height": 900})
    try:
        reader.open(ARTICLE)
        rows = reader.page.locator(LEDGER).evaluate(ROWS)
        assert {r["display"] for r in rows} == {"table-row"}
        assert {c["label"] for r in rows for c in r["cells"]} == {"none"}  # no labels
        reader.assert_clean()
    finally:
        reader.page.context.close()


#: Where the glance box is: its box, and the text's first paragraph's.
GLANCE = """() => {
  const g = document.querySelector('.bp-glance').getBoundingClientRect();
  const p = document.querySelector('.bp-summary').getBoundingClientRect();
  return {left: g.left, right: g.right, top: g.top, textLeft: p.left, textTop: p.top};
}"""


def test_the_glance_box_sits_left_of_the_text_on_a_laptop_and_in_it_on_a_phone(
    browser: Any, served_site: StaticSite
) -> None:
    laptop = _reader(browser, served_site, {"width": 1366, "height": 768})
    phone = _reader(browser, served_site, PHONE)
    try:
        laptop.open(ARTICLE)
        box = laptop.js(GLANCE)
        assert box["left"] >= 0 and box["right"] < box["textLeft"]  # the column left of the text
        assert abs(box["top"] - box["textTop"]) < 40, box  # beside the start of the text
        glance = laptop.page.locator(".bp-glance")
        assert glance.locator("dt").all_inner_texts() == [
            "Published", "Regions", "Themes", "Reported",
        ]  # fmt: skip
        assert glance.locator("dd li").all_inner_texts() == [
            "145 militants killed", "17 security forces killed", "31 civilians killed",
        ]  # fmt: skip
        # It stays in view while the reader reads on.
        laptop.page.locator("#report").scroll_into_view_if_needed()
        assert 0 <= glance.bounding_box()["y"] < 100  # type: ignore[index]

        phone.open(ARTICLE)
        box = phone.js(GLANCE)
        assert box["textLeft"] - 1 <= box["left"] and box["top"] < box["textTop"]  # above
        laptop.assert_clean()
        phone.assert_clean()
    finally:
        laptop.page.context.close()
        phone.page.context.close()
