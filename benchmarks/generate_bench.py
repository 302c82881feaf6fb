"""The generator alone, cold and warm, each run in a fresh process; medians of ``--repeat``.

    python benchmarks/generate_bench.py /tmp/gen1k [--repeat 3] [--profile OUT_PREFIX]

Cold: an empty cache folder; warm: the cache the cold run just saved. Prints articles/s
and a digest of the whole output (pages, blocks, files), so a speed-up that changed a
byte shows as a different digest. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUN = """
import hashlib, json, sys, time
from pathlib import Path
from generator.build import generate
from generator.cache import Cache
root = Path(sys.argv[1])
profile = sys.argv[2] if len(sys.argv) > 2 else ""
if profile:
    from pyinstrument import Profiler
    profiler = Profiler(interval=0.0005)
    profiler.start()
t = time.perf_counter()
cache = Cache.open(root / ".cache" / "briefing")
out = generate(root / "content", root, cache=cache)
cache.save()
elapsed = time.perf_counter() - t
if profile:
    profiler.stop()
    Path(profile).write_text(profiler.output_text(unicode=True, color=False, show_all=False))
h = hashlib.blake2b(digest_size=12)
for k in sorted(out.pages):
    h.update(k.encode() + b"\\0" + out.pages[k].encode() + repr(out.blocks.get(k)).encode())
for k in sorted(out.files):
    v = out.files[k]
    h.update(k.encode() + b"\\0" + (v if isinstance(v, bytes) else v.encode()))
print(json.dumps({"seconds": elapsed, "entries": len(out.site.entries), "digest": h.hexdigest()}))
"""


def once(project: Path, profile: str = "") -> dict[str, object]:
    cmd = [sys.executable, "-c", _RUN, str(project), *([profile] if profile else [])]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("project", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", default="", help="write <prefix>-cold.txt and -warm.txt")
    args = ap.parse_args()
    cache = args.project / ".cache"
    cold, warm, digests = [], [], set()
    for _ in range(args.repeat):
        shutil.rmtree(cache, ignore_errors=True)
        c = once(args.project)
        w = once(args.project)
        cold.append(c["seconds"])
        warm.append(w["seconds"])
        digests |= {c["digest"], w["digest"]}
        n = c["entries"]
    if args.profile:
        shutil.rmtree(cache, ignore_errors=True)
        once(args.project, f"{args.profile}-cold.txt")
        once(args.project, f"{args.profile}-warm.txt")
    mc, mw = statistics.median(cold), statistics.median(warm)
    print(f"{n} entries: cold {mc:.2f}s = {n / mc:.0f}/s  warm {mw:.3f}s = {n / mw:.0f}/s")
    print(f"  cold runs {[round(x, 2) for x in cold]}  warm runs {[round(x, 3) for x in warm]}")
    print(f"  digest {' '.join(sorted(digests))}")


if __name__ == "__main__":
    main()
