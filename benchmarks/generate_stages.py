"""Wall time of each stage of ``generate()`` in one process, cold then warm (no profiler).

    python benchmarks/generate_stages.py /tmp/gen1k

Wraps the stage functions that ``generator.build`` calls and prints their seconds; the
cold run starts from an empty cache folder, the warm run (same process) from the cache
the cold run saved, reopened from disk. A benchmark, not a test.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from generator import build
from generator.incremental.cache import Cache

SPENT: dict[str, float] = defaultdict(float)


def timed(name: str, fn: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT[name] += time.perf_counter() - t

    return wrapper


for _name in ("load_entries_cached", "content_files", "render_feeds", "render_opendata",
              "Renderer", "schema_json", "article_schema"):  # fmt: skip
    setattr(build, _name, timed(_name, getattr(build, _name)))
build.reference.render_reference = timed("reference", build.reference.render_reference)


def run(root: Path, label: str) -> None:
    SPENT.clear()
    t0 = time.perf_counter()
    cache = timed("cache.open", Cache.open)(root / ".cache" / "briefing")
    t = time.perf_counter()
    out = build.generate(root / "content", root, cache=cache)
    gen = time.perf_counter() - t
    timed("cache.save", cache.save)()
    total = time.perf_counter() - t0
    accounted = sum(v for k, v in SPENT.items() if not k.startswith("cache."))
    n = len(out.site.entries)
    print(f"{label}: {total:.3f}s = {n / total:.0f}/s")
    for k, v in sorted(SPENT.items(), key=lambda kv: -kv[1]):
        print(f"  {k:18} {v:7.3f}")
    print(f"  {'(rest of generate)':18} {gen - accounted:7.3f}  (page rendering is here)")


if __name__ == "__main__":
    root = Path(sys.argv[1])
    shutil.rmtree(root / ".cache", ignore_errors=True)
    run(root, "cold")
    run(root, "warm (same process)")
