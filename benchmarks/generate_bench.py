"""The generator alone, cold and warm, each run in a fresh process; medians of ``--repeat``.

    python benchmarks/generate_bench.py /tmp/gen1k [--repeat 3] [--profile OUT_PREFIX]
        [--against /tmp/old]    # /tmp/old/generator: e.g. git archive REV generator

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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_RUN = """
import hashlib, json, resource, sys, time
from pathlib import Path
from generator.build import generate
from generator.incremental.cache import Cache
root = Path(sys.argv[1])
profile = sys.argv[2] if len(sys.argv) > 2 else ""
if profile:
    from pyinstrument import Profiler
    profiler = Profiler(interval=0.0005)
    profiler.start()
t = time.perf_counter()
cpu = time.process_time()
cache = Cache.open(root / ".cache" / "briefing")
out = generate(root / "content", root, cache=cache)
cache.save()
elapsed = time.perf_counter() - t
from generator.incremental.parallel import reap_all
reap_all()  # (children are reaped once ended, not waited for: their CPU time counts here)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = time.process_time() - cpu + kids.ru_utime + kids.ru_stime
if profile:
    profiler.stop()
    Path(profile).write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    profiler.last_session.save(profile.removesuffix(".txt") + ".pyisession")
h = hashlib.blake2b(digest_size=12)
for k in sorted(out.pages):
    h.update(k.encode() + b"\\0" + out.pages[k].encode() + repr(out.blocks.get(k)).encode())
for k in sorted(out.files):
    v = out.files[k]
    h.update(k.encode() + b"\\0" + (v if isinstance(v, bytes) else v.encode()))
n = len(out.site.entries)
print(json.dumps({"seconds": elapsed, "cpu": cpu, "entries": n, "digest": h.hexdigest()}))
"""


def once(project: Path, profile: str = "", code: Path = ROOT) -> dict[str, Any]:
    cmd = [sys.executable, "-c", _RUN, str(project), *([profile] if profile else [])]
    out = subprocess.run(cmd, cwd=code, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("project", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", default="", help="write <prefix>-cold.txt and -warm.txt")
    ap.add_argument(
        "--against",
        type=Path,
        help="a folder holding another version of the generator package (e.g. from git "
        "archive): its runs alternate with this one's, for a fair comparison on a busy machine",
    )
    args = ap.parse_args()
    cache = args.project / ".cache"
    codes = {"this": ROOT, **({"other": args.against} if args.against else {})}
    runs: dict[str, dict[str, list[float]]] = {
        c: {"cold": [], "warm": [], "cold_cpu": [], "warm_cpu": []} for c in codes
    }
    digests: dict[str, set[str]] = {c: set() for c in codes}
    n = 0
    for _ in range(args.repeat):
        for name, code in codes.items():
            shutil.rmtree(cache, ignore_errors=True)
            c = once(args.project, code=code)
            w = once(args.project, code=code)
            runs[name]["cold"].append(c["seconds"])
            runs[name]["warm"].append(w["seconds"])
            runs[name]["cold_cpu"].append(c["cpu"])
            runs[name]["warm_cpu"].append(w["cpu"])
            digests[name] |= {c["digest"], w["digest"]}
            n = c["entries"]
    shutil.rmtree(cache, ignore_errors=True)
    if args.profile:
        once(args.project, f"{args.profile}-cold.txt")
        once(args.project, f"{args.profile}-warm.txt")
    for name in codes:
        cold, warm = runs[name]["cold"], runs[name]["warm"]
        mc, mw = statistics.median(cold), statistics.median(warm)
        print(
            f"{name}: {n} entries: cold {mc:.2f}s = {n / mc:.0f}/s  warm {mw:.3f}s = {n / mw:.0f}/s"
        )
        print(f"  cold runs {[round(x, 2) for x in cold]}  warm runs {[round(x, 3) for x in warm]}")
        cc, wc = (
            statistics.median(runs[name]["cold_cpu"]),
            statistics.median(runs[name]["warm_cpu"]),
        )
        print(f"  CPU time (this process and its children): cold {cc:.2f}s  warm {wc:.3f}s")
        print(f"  digest {' '.join(sorted(digests[name]))}")


if __name__ == "__main__":
    main()
