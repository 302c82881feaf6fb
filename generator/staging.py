"""Atomic site builds: build into a fresh sibling folder, swap it in only on success.

MkDocs empties ``site/`` before writing the new pages, so any failure after that point
(a plugin error, a template error, a strict-mode warning) would leave a half-written
site where the published one was. Instead the plugin points MkDocs at a staging folder
next to ``site/`` and, once the build has finished without error, swaps the two with two
renames on the same filesystem; on failure the staging folder is removed and ``site/`` is
exactly as it was.

>>> import tempfile
>>> parent = Path(tempfile.mkdtemp())
>>> stage = Staging(parent / "site")
>>> _ = (stage.path / "index.html").write_text("new")
>>> stage.commit()
>>> (parent / "site" / "index.html").read_text(), stage.path.exists()
('new', False)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class Staging:
    """A staging folder beside ``final``; ``commit()`` puts it in place, ``discard()`` drops it.

    With ``copy=True`` the staging folder starts as a copy of ``final`` (for
    ``mkdocs build --dirty``, which only rewrites what changed).
    """

    def __init__(self, final: Path, *, copy: bool = False):
        self.final = final.absolute()
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.new-", dir=self.final.parent))
        if copy and self.final.is_dir():
            shutil.copytree(self.final, self.path, symlinks=True, dirs_exist_ok=True)
        # mkdtemp creates 0700; a published folder must stay readable by the web server.
        mode = self.final.stat().st_mode & 0o7777 if self.final.is_dir() else 0o777 & ~_umask()
        os.chmod(self.path, mode)

    def commit(self) -> None:
        """Swap the staging folder into place; the old site is removed afterwards."""
        if not self.final.exists():
            os.rename(self.path, self.final)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.old-", dir=self.final.parent))
        os.rename(self.final, old / "site")
        try:
            os.rename(self.path, self.final)
        except OSError:
            os.rename(old / "site", self.final)  # put the published site back
            old.rmdir()
            raise
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
