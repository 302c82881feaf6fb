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
import json
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
    """The pages to index, as small HTML files under ``folder`` at their site paths.

    Pagefind holds every page it indexes in memory (~300 KB a page: 3.3 GB for 10,000), so
    a site of more than ``shard_pages`` pages is indexed in shards, one Pagefind run after
    another: ``pagefind/`` and ``pagefind/more/<n>/``, listed in ``pagefind/shards.json``,
    which the search box merges (Pagefind's ``mergeIndex``). A query then loads a few KB of
    each shard's index besides the results it shows.
    """

    def __init__(
        self,
        folder: Path,
        *,
        language: str = "en",
        shard_pages: int = 3000,
        on_failure: Callable[[str], None] | None = None,
    ) -> None:
        self.folder = folder
        self.language = language
        self.shard_pages = max(1, shard_pages)
        self.seen: set[str] = set()
        self.log: Path = folder.parent / f"{folder.name}.log"
        self.thread: threading.Thread | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.cancelled = threading.Event()
        self.failure: str | None = None
        #: ``mkdocs serve``: nothing waits for the index; a failure is reported through
        #: this when it happens, and a new build stops an index it makes obsolete.
        self.on_failure = on_failure

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
        """Index the pages in the background, shard after shard, into site/pagefind (after
        :meth:`begin`, which ended the previous index)."""
        self.prune()
        bundle = (site_dir / BUNDLE).resolve()
        shutil.rmtree(bundle, ignore_errors=True)
        pages = sorted(self.seen)
        count = max(1, -(-len(pages) // self.shard_pages))
        runs: list[tuple[Path, Path]] = [(self.folder, bundle)]
        if count > 1:
            links = self.folder.parent / f"{self.folder.name}-shards"
            shutil.rmtree(links, ignore_errors=True)
            size = -(-len(pages) // count)
            runs = []
            for n in range(count):
                tree = links / str(n)
                for dest in pages[n * size : (n + 1) * size]:
                    (tree / dest).parent.mkdir(parents=True, exist_ok=True)
                    try:
                        os.link(self.folder / dest, tree / dest)
                    except OSError:  # a file system without hard links
                        shutil.copyfile(self.folder / dest, tree / dest)
                runs.append((tree, bundle if n == 0 else bundle / "more" / str(n)))
        self.log.write_bytes(b"")
        self.failure = None
        self.thread = threading.Thread(target=self._run, args=(runs, bundle), name="pagefind")
        self.thread.start()

    def _run(self, runs: list[tuple[Path, Path]], bundle: Path) -> None:
        env = {**os.environ, "RUST_BACKTRACE": "0"}
        for pages, out in runs:
            cmd = [
                sys.executable, "-m", "pagefind",
                "--site", str(pages),
                "--output-path", str(out),
                "--exclude-selectors", ",".join(EXCLUDE),
                "--force-language", self.language,
                "--quiet",
            ]  # fmt: skip
            if self.cancelled.is_set():
                return
            with self.log.open("ab") as log:
                self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
                if self.cancelled.is_set():
                    self.proc.terminate()
                code = self.proc.wait()
            if self.cancelled.is_set():
                return
            if code != 0:
                text = self.log.read_text("utf-8", errors="replace").strip()
                self.failure = f"Pagefind failed (exit {code}) on {pages}:\n{text}"
                if self.on_failure is not None:
                    self.on_failure(self.failure)
                return
        for pattern in UNUSED:
            for path in bundle.glob(pattern):
                path.unlink()
        more = [f"{out.relative_to(bundle).as_posix()}/" for _, out in runs[1:]]
        (bundle / "shards.json").write_text(json.dumps({"more": more}), encoding="utf-8")

    def wait(self) -> None:
        """Wait for the index of this build; raise SearchIndexError if Pagefind failed."""
        thread, self.thread = self.thread, None
        if thread is not None:
            thread.join()
        failure, self.failure = self.failure, None
        if failure:
            raise SearchIndexError(failure)

    def stop(self) -> None:
        """Stop a running index: the build that wanted it is superseded."""
        self.cancelled.set()
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
        thread, self.thread = self.thread, None
        if thread is not None:
            thread.join()
        self.proc, self.failure = None, None
        self.cancelled.clear()

    def finish(self) -> None:
        """Before the next build touches the pages: wait for the index (``mkdocs build``;
        raises SearchIndexError) or, in ``mkdocs serve``, stop it: it is out of date."""
        if self.on_failure is None:
            self.wait()
        else:
            self.stop()
