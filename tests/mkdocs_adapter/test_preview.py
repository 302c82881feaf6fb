"""How ``mkdocs serve`` shows content errors (``preview.py``): every page starts with all
of them, escaped, and a page is otherwise unchanged; editor files do not rebuild."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from generator.errors import ContentError
from generator.mkdocs_adapter.preview import banner, touches_only_hidden

ERRORS = [
    ContentError("content/articles/2031/a.yaml", 4, 7, "date", "must be a real date", "c.one"),
    ContentError("content/articles/2031/b.yaml", 2, 1, "headline", "<script>x</script>", "c.two"),
]
PAGE = '<html><head><title>T</title></head><body class="x" dir="ltr"><p>Text</p></body></html>'


def test_the_banner_lists_every_error_first_on_the_page_as_text() -> None:
    shown = BeautifulSoup(banner(PAGE, ERRORS), "html.parser")
    body = shown.body
    assert body is not None
    first = body.find(True)
    assert first is not None and first.name == "pre" and first.get("role") == "alert"
    lines = first.get_text().splitlines()
    assert lines[0].startswith("Content errors: this preview shows the last good version")
    assert lines[1:] == [str(e) for e in ERRORS]  # <script> is text, not a tag
    assert not shown.find("script")
    assert banner(PAGE, ERRORS).replace(str(first), "") == PAGE


def test_only_editor_files_are_not_worth_a_rebuild() -> None:
    content = Path("content")
    assert touches_only_hidden(content, ["content/articles/.#x.yaml", "content/.git/index"])
    assert not touches_only_hidden(content, ["content/articles/.#x.yaml", "content/taxonomy.yaml"])
    assert not touches_only_hidden(content, ["elsewhere/.x.yaml"])
