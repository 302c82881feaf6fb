"""``mkdocs serve``: what under ``content/`` starts a rebuild.

MkDocs' ``server.watch(folder)`` rebuilds on any change in the folder, so an editor's
lock file (Emacs writes ``.#x.yaml`` when an entry is first modified and removes it on
save) or swap file starts a full rebuild that changes nothing. Here a change starts a
rebuild unless every path it touches is hidden (``entries.skipped``), the rule the build
uses to decide what is an entry. A save through a hidden temporary file (``.x.yaml.tmp``
renamed to ``x.yaml``) touches ``x.yaml``, so it still rebuilds.

MkDocs 1.x's live-reload server has no public way to request a rebuild from a handler of
one's own, so this sets the flag its own handler sets; if that is not there (another
MkDocs), the folder is watched the plain way. MkDocs polls what it watches twice a
second; the content folder is watched by the system's notifications instead (inotify),
where there are (else it is polled too): polling 10,000 entries took 80 ms of CPU each
time, and up to a second before a save was seen.

>>> touches_only_hidden(Path("content"), ["content/articles/.#x.yaml"])
True
>>> touches_only_hidden(Path("content"), ["content/articles/.x.tmp", "content/articles/x.yaml"])
False
>>> page = banner("<body><p>x</p></body>", ["a.yaml:1:1: id: <b> [code]"])
>>> page.startswith('<body><pre class="bp-build-error"'), page.endswith("</pre><p>x</p></body>")
(True, True)
>>> "id: &lt;b&gt;" in page
True
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..build import LISTED, Output
from ..content.entries import skipped
from ..errors import ContentError

log = logging.getLogger("mkdocs.plugins.briefing")
_BODY = re.compile(r"<body[^>]*>")
#: What inotify reports of a file read (the build reads every entry): not a change.
_READ = ("opened", "closed_no_write")


def touches_only_hidden(folder: Path, paths: Iterable[str]) -> bool:
    """True when each of ``paths`` has a hidden part below ``folder``."""
    top = Path(folder).absolute()
    for path in paths:
        try:
            parts = Path(path).absolute().relative_to(top).parts
        except ValueError:
            return False
        if not any(skipped(part) for part in parts):
            return False
    return True


def watch_content(server: Any, folder: Path) -> None:
    """Rebuild the preview on changes under ``folder``, but not for hidden files only."""
    cond = getattr(server, "_rebuild_cond", None)
    observer = getattr(server, "observer", None)
    if cond is None or observer is None or not hasattr(server, "_want_rebuild"):
        server.watch(str(folder))
        return
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    def on_any_event(event: FileSystemEvent) -> None:
        paths = [str(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if event.is_directory or event.event_type in _READ or touches_only_hidden(folder, paths):
            return
        log.debug(str(event))
        with cond:
            server._want_rebuild = True
            cond.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = on_any_event  # type: ignore[method-assign]
    try:
        notified = Observer()  # (a daemon thread: it ends with the process)
        notified.daemon = True
        notified.schedule(handler, str(folder), recursive=True)
        notified.start()
    except OSError as exc:  # (no inotify, or too few watches left)
        log.debug(f"polling '{folder}': {exc}")
        observer.schedule(handler, str(folder), recursive=True)
    log.info(f"Watching '{folder}' for changes to entries (hidden files left out)")


def banner(page: str, errors: Sequence[ContentError | str]) -> str:
    """``page`` (a whole HTML page) with ``errors`` listed at the top of its body."""
    text = "\n".join(str(e) for e in errors)
    shown = (
        f'<pre class="bp-build-error" role="alert">Content errors: this preview shows '
        f"the last good version until they are fixed.\n{html.escape(text)}</pre>"
    )
    return _BODY.sub(lambda m: m.group(0) + shown, page, count=1)


def placeholder() -> Output:
    """``mkdocs serve`` started on broken content: the navigation's generated pages, each
    saying so; :func:`banner` lists the errors on every page."""
    text = "# Not built yet\n\nThe site is built once the content errors above are fixed.\n"
    return Output(site=None, pages=dict.fromkeys(LISTED, text))  # type: ignore[arg-type]
