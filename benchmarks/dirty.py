"""What one change costs: ``mkdocs build --dirty`` from the last build, and the preview.

Called by ``benchmarks/run.py`` for each size (``--dirty-sizes``). On the corpus, with
the build day fixed (``SOURCE_DATE_EPOCH``), in fresh processes, wall time and peak
memory (``wait4``: the build and its Pagefind runs) of:

- ``clean``: ``mkdocs build`` from nothing (no cache, no site): the reference;
- ``warm``: ``mkdocs build --dirty`` with nothing changed;
- ``new``: one new entry, dated the build day (the top of every listing it is in);
- ``delete``: that entry deleted again;
- ``edit``: one entry's headline edited (and edited back: two samples a round);
- ``new_and_edit``: one new entry and one edited headline in one build (issue 17's case),
  then both undone (``undo``);

each ``repeat`` times, medians reported with the pages and search shards each built
again. Then the site of the last ``new_and_edit`` build is compared, file by file, with
a clean build of the same content (``identical``). The corpus is restored at the end.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from snapshots import site_snapshot  # tests/snapshots.py: how the tests compare two sites

#: Not -q: the build's notes say what it built again.
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict"]
NEW_ID = "benchmark-new-entry-00000"


def build(project: Path, env: dict[str, str], *extra: str) -> dict[str, Any]:
    """One ``mkdocs build`` in ``project``: seconds, peak MiB, and what it built again."""
    t = time.perf_counter()
    cmd = [*MKDOCS, *extra]
    proc = subprocess.Popen(
        cmd, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(cmd)} failed in {project}:\n{err}")
    out: dict[str, Any] = {
        "seconds": time.perf_counter() - t,
        # CPU time of the build and its Pagefind runs: on a busy machine, the wall time
        # is mostly waiting for a core, this is not.
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,
    }
    if m := re.search(r"--dirty: (\d+) of (\d+) pages built again", err):
        out["pages_again"], out["pages"] = int(m.group(1)), int(m.group(2))
    if m := re.search(r"--dirty: search: (\d+) of (\d+) shards indexed again", err):
        out["shards_again"], out["shards"] = int(m.group(1)), int(m.group(2))
    if "every page is built" in err:
        out["from_nothing"] = True
    return out


def snapshot(site: Path) -> dict[str, str]:
    """Every file of ``site`` and a hash of its bytes; Pagefind's filter index as the data
    it holds (its bytes follow a hash map seeded per run: ARCHITECTURE.md, invariants)."""
    return {
        name: hashlib.blake2b(data, digest_size=16).hexdigest()
        for name, data in sorted(site_snapshot(site).items())
    }


class Changes:
    """The entries a round changes, and how to undo everything."""

    def __init__(self, project: Path, day: str):
        files = sorted((project / "content" / "articles").rglob("*.yaml"))
        self.edited = files[len(files) // 2]  # mid-archive
        self.original = self.edited.read_text("utf-8")
        template = yaml.safe_load(files[-1].read_text("utf-8"))
        template.update(id=NEW_ID, date=dt_from_epoch(day))
        self.new_text = yaml.safe_dump(template, sort_keys=False, allow_unicode=True)
        self.new = files[-1].parent / f"{NEW_ID}.yaml"
        self.n = 0

    def add(self) -> None:
        self.new.write_text(self.new_text, "utf-8")

    def delete(self) -> None:
        self.new.unlink()

    def edit(self) -> None:
        self.n += 1
        text = self.original.replace("\nheadline: ", f"\nheadline: Edited {self.n} ", 1)
        assert text != self.original
        self.edited.write_text(text, "utf-8")

    def unedit(self) -> None:
        self.edited.write_text(self.original, "utf-8")

    def restore(self) -> None:
        self.unedit()
        self.new.unlink(missing_ok=True)


def dt_from_epoch(epoch: str) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "peak_mib": statistics.median(r["peak_mib"] for r in runs),
        "runs_s": [round(r["seconds"], 2) for r in runs],
    }
    for key in ("pages_again", "pages", "shards_again", "shards"):
        if key in runs[0]:
            out[key] = statistics.median(r[key] for r in runs)
    out["from_nothing"] = any(r.get("from_nothing") for r in runs)
    return out


def dirty_builds(project: Path, repeat: int, env: dict[str, str]) -> dict[str, Any]:
    """The rows above for the corpus in ``project``; the build day is fixed in ``env``."""
    env = {**env, "SOURCE_DATE_EPOCH": env.get("SOURCE_DATE_EPOCH") or str(int(time.time()))}
    site, clean_site = project / "site", project / "site-clean"
    changes = Changes(project, env["SOURCE_DATE_EPOCH"])
    runs: dict[str, list[dict[str, Any]]] = {}

    def measure(kind: str, change: Callable[[], None] | None = None) -> None:
        if change is not None:
            change()
        print(f"  --dirty {kind} ...", file=sys.stderr)
        runs.setdefault(kind, []).append(build(project, env, "--dirty", "--site-dir", str(site)))

    try:
        shutil.rmtree(project / ".cache", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        print("  clean ...", file=sys.stderr)
        runs["clean"] = [build(project, env, "--site-dir", str(site))]
        for _ in range(repeat):
            measure("warm")
        for _ in range(repeat):
            measure("new", changes.add)
            measure("delete", changes.delete)
            measure("edit", changes.edit)
            measure("edit", changes.unedit)
        for i in range(repeat):
            measure("new_and_edit", lambda: (changes.add(), changes.edit()))
            if i < repeat - 1:
                measure("undo", changes.restore)
        identical = _same_as_clean(project, env, site, clean_site)
    finally:
        changes.restore()
        shutil.rmtree(clean_site, ignore_errors=True)
    # (the corpus is as it was; the next dirty build renders what the undo changed)
    return {"identical": identical, **{kind: _median(r) for kind, r in runs.items()}}


def _same_as_clean(project: Path, env: dict[str, str], site: Path, clean: Path) -> dict[str, Any]:
    """The dirty site against a clean build of the same content (the cache set aside)."""
    print("  clean build to compare ...", file=sys.stderr)
    dirty = snapshot(site)
    cache, aside = project / ".cache", project / ".cache-aside"
    shutil.rmtree(aside, ignore_errors=True)
    cache.rename(aside)
    try:
        build(project, env, "--site-dir", str(clean))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        aside.rename(cache)
    fresh = snapshot(clean)
    differing = sorted(k for k in dirty.keys() | fresh.keys() if dirty.get(k) != fresh.get(k))
    return {"files": len(fresh), "differing": len(differing), "examples": differing[:10]}


KINDS = ("clean", "warm", "new", "edit", "delete", "new_and_edit")


def table(dirty: dict[int, dict[str, Any]]) -> str:
    """The dirty rows as a Markdown table: median seconds and peak MiB of each kind."""
    rows = [
        "| articles | " + " | ".join(KINDS) + " | serve edit-to-page | = clean |",
        "|---" * (len(KINDS) + 3) + "|",
    ]
    for n, d in sorted(dirty.items()):
        cells = [f"{d[k]['seconds']:.1f} s, {d[k]['peak_mib']:.0f} MiB" for k in KINDS]
        serve = d.get("serve", {}).get("median_s", float("nan"))
        same = d["identical"]
        rows.append(
            f"| {n:,} | " + " | ".join(cells) + f" | {serve:.2f} s "
            f"| {same['differing']} of {same['files']:,} files differ |"
        )
    return "\n".join(rows)
