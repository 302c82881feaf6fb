"""The layout's one hard rule: only ``generator/mkdocs_adapter/`` imports MkDocs.

Everything else must load without it, which is what lets ``briefing export-markdown``
hand the site to plain MkDocs or Zensical, and ``briefing validate`` run without an
engine (ARCHITECTURE.md, "Invariants")."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, child_env

#: In a fresh interpreter: import every module of generator/ (but the adapter's, unless
#: asked), then print how many, and the modules of MkDocs or Material that came with them.
PROBE = """
import importlib, pkgutil, sys
import generator
adapter = sys.argv[1] == "with-adapter"
names = sorted(
    m.name for m in pkgutil.walk_packages(generator.__path__, "generator.")
    if m.name != "generator.__main__"  # it runs the command
    and (adapter or not m.name.startswith("generator.mkdocs_adapter"))
)
for name in names:
    importlib.import_module(name)
print(len(names))
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("mkdocs", "material"))))
"""


def _imported(which: str) -> tuple[int, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, which],
        cwd=ROOT,
        env=child_env(PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    count, engine = result.stdout.split("\n")[:2]
    return int(count), engine.split()


def test_nothing_outside_the_adapter_imports_mkdocs() -> None:
    count, engine = _imported("without-adapter")
    assert count >= 30  # every room was imported, not an empty walk
    assert engine == []


def test_the_adapter_is_where_mkdocs_is_imported() -> None:
    """The probe can see MkDocs: with the adapter's modules, it is there."""
    _, engine = _imported("with-adapter")
    assert "mkdocs.plugins" in engine
