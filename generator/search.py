"""Site search with Pagefind: a chunked index, so a query downloads a few hundred KB
whatever the size of the site (Material's own search downloads one index of every page:
75 MiB at 10,000 articles).

What is indexed is each page's *content* as Python-Markdown made it, without the
template around it (navigation, header, footer) and without the blocks kept out of
search (charts, data tables, chips, lists of links: ``data-search-exclude``). The plugin
hands each page to :meth:`SearchIndex.add` as it is converted; every page is converted
before any is put in Material's template, so Pagefind (a separate process, written in
Rust) indexes them on the second core while MkDocs renders and writes the pages.

>>> index = SearchIndex(Path(".cache/briefing/search"), language="en")  # doctest: +SKIP
>>> index.add("articles/x/index.html", "<h1>Title</h1><p>Text</p>")     # doctest: +SKIP
>>> index.start(Path("site"))          # Pagefind runs in the background  # doctest: +SKIP
>>> index.wait()                       # raises SearchIndexError if it failed  # doctest: +SKIP
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

#: The folder of the search bundle in the site, and what Pagefind skips inside a page.
BUNDLE = "pagefind"
EXCLUDE = ("[data-search-exclude]", ".headerlink", ".bp-build-error")
#: Pagefind's own search interfaces: the header's search box (briefing.js) uses none.
UNUSED = (
    "pagefind-ui.*",
    "pagefind-component-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-highlight.js",
)


_HEADING = re.compile(r"<h([1-6])\b[^>]*>")


def searched_part(content: str) -> str:
    """The content without the sections whose heading says ``data-search-exclude``: as in
    Material's search, such a heading keeps its whole section (to the next heading of the
    same or a higher level) out of the index.

    >>> searched_part('<h2>A</h2>a<h2 data-search-exclude>B</h2>b<h3>C</h3>c<h2>D</h2>d')
    '<h2>A</h2>a<h2>D</h2>d'
    """
    parts: list[str] = []
    pos = skipping = 0
    for m in _HEADING.finditer(content):
        level = int(m.group(1))
        if skipping and level > skipping:
            continue
        if not skipping:
            parts.append(content[pos : m.start()])
        skipping = level if "data-search-exclude" in m.group(0) else 0
        pos = m.start()
    if not skipping:
        parts.append(content[pos:])
    return "".join(parts)


class SearchIndexError(RuntimeError):
    """Pagefind failed: the message carries what it printed."""


class SearchIndex:
    """The pages to index, as small HTML files under ``folder`` at their site paths."""

    def __init__(self, folder: Path, *, language: str = "en") -> None:
        self.folder = folder
        self.language = language
        self.seen: set[str] = set()
        self.process: subprocess.Popen[bytes] | None = None
        self.log: Path = folder.parent / f"{folder.name}.log"
        self.waiter: threading.Thread | None = None
        self.bundle = Path(BUNDLE)

    def begin(self) -> None:
        """A new build: forget which pages were seen (a dirty build keeps the files)."""
        self.finish()
        self.seen.clear()
        self.folder.mkdir(parents=True, exist_ok=True)

    def add(self, dest: str, content: str, title: str | None = None) -> None:
        """Index one page: ``dest`` is its file in the site (``articles/x/index.html``)."""
        head = f"<title>{html.escape(title)}</title>" if title else ""
        doc = (
            f'<!doctype html><html lang="{html.escape(self.language)}"><head>'
            f'<meta charset="utf-8">{head}</head><body>{searched_part(content)}</body></html>'
        )
        path = self.folder / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc, encoding="utf-8")
        self.seen.add(dest)

    def keep(self, dest: str) -> None:
        """A page a dirty build did not convert again: its file from before stays."""
        if (self.folder / dest).is_file():
            self.seen.add(dest)

    def prune(self) -> None:
        """Remove the files of pages that are gone or now kept out of search."""
        for path in list(self.folder.rglob("*.html")):
            if path.relative_to(self.folder).as_posix() not in self.seen:
                path.unlink()

    def start(self, site_dir: Path) -> None:
        """Run Pagefind over the pages in the background; its bundle goes to site/pagefind."""
        self.prune()
        out = self.bundle = site_dir / BUNDLE
        shutil.rmtree(out, ignore_errors=True)
        cmd = [
            sys.executable, "-m", "pagefind",
            "--site", str(self.folder),
            "--output-path", str(out.resolve()),
            "--exclude-selectors", ",".join(EXCLUDE),
            "--force-language", self.language,
            "--quiet",
        ]  # fmt: skip
        with self.log.open("wb") as log:
            env = {**os.environ, "RUST_BACKTRACE": "0"}
            self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)

    def wait(self) -> None:
        """Wait for the running index; raise SearchIndexError if Pagefind failed."""
        proc, self.process = self.process, None
        if proc is None:
            return
        if proc.wait() != 0:
            text = self.log.read_text("utf-8", errors="replace").strip()
            raise SearchIndexError(f"Pagefind failed (exit {proc.returncode}):\n{text}")
        for pattern in UNUSED:
            for path in self.bundle.glob(pattern):
                path.unlink()

    def wait_in_background(self, on_error: Callable[[str], None]) -> None:
        """``mkdocs serve``: report a failure when it comes, without holding up the preview."""

        def watch() -> None:
            try:
                self.wait()
            except SearchIndexError as exc:
                on_error(str(exc))

        self.waiter = threading.Thread(target=watch, name="pagefind", daemon=True)
        self.waiter.start()

    def finish(self) -> None:
        """Let a background index finish before the next build touches the pages (its
        failure was reported by :meth:`wait_in_background`)."""
        if self.waiter is not None:
            self.waiter.join()
            self.waiter = None
        self.wait()
