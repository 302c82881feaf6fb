"""``mkdocs serve``: what under ``content/`` starts a rebuild.

MkDocs' ``server.watch(folder)`` rebuilds on any change in the folder, so an editor's
lock file (Emacs writes ``.#x.yaml`` when an entry is first modified and removes it on
save) or swap file starts a full rebuild that changes nothing. Here a change starts a
rebuild unless every path it touches is hidden (``entries.skipped``), the rule the build
uses to decide what is an entry. A save through a hidden temporary file (``.x.yaml.tmp``
renamed to ``x.yaml``) touches ``x.yaml``, so it still rebuilds.

MkDocs 1.x's live-reload server has no public way to request a rebuild from a handler of
one's own, so this sets the flag its own handler sets; if that is not there (another
MkDocs), the folder is watched the plain way.

>>> touches_only_hidden(Path("content"), ["content/articles/.#x.yaml"])
True
>>> touches_only_hidden(Path("content"), ["content/articles/.x.tmp", "content/articles/x.yaml"])
False
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..content.entries import skipped

log = logging.getLogger("mkdocs.plugins.briefing")


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

    def on_any_event(event: FileSystemEvent) -> None:
        paths = [str(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if event.is_directory or touches_only_hidden(folder, paths):
            return
        log.debug(str(event))
        with cond:
            server._want_rebuild = True
            cond.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = on_any_event  # type: ignore[method-assign]
    observer.schedule(handler, str(folder), recursive=True)
    log.info(f"Watching '{folder}' for changes to entries (hidden files left out)")
