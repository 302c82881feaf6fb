"""Cold builds: the generator alone and ``mkdocs build``, with an empty cache, and what
the site they publish weighs.

    python benchmarks/cold.py [--sizes 1000,10000] [--repeat 3] [--build-repeat 1]

For each size: the generator alone cold (``generate()`` in a fresh process, empty cache;
``--repeat`` runs, median articles/s), then ``--build-repeat`` cold ``mkdocs build`` runs
(empty cache, wall time and peak memory from ``wait4``), then the built site's bytes and
files, in all and by top-level folder (what GitHub Pages counts against its 1 GB). The
corpus is ``run.py``'s (same seed, same cache under ``benchmarks/out/``). Writes the rows
under ``"cold"`` in ``benchmarks/results.json`` (the rest of the file is kept), with the
machine's load at the start and end: on a shared machine, say so beside every speed.
Sizes do not depend on load. A benchmark, not a test: nothing here fails on a slow machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

from run import HERE, OUT, TARGETS, clear_cache, corpus, generator_alone, machine, measured, sizes


def cold_size(n: int, repeat: int, build_repeat: int, seed: int) -> dict[str, Any]:
    """One size's cold row: generator alone (median of ``repeat``), mkdocs build (median of
    ``build_repeat``) with peak memory, and the published site's size."""
    project = corpus(n, seed)
    print(f"[{n}] generator alone cold x{repeat} ...", file=sys.stderr)
    gens = [generator_alone(project) for _ in range(repeat)]
    rates = sorted(g["cold_per_s"] for g in gens)
    builds = []
    for i in range(build_repeat):
        print(f"[{n}] mkdocs build cold {i + 1}/{build_repeat} ...", file=sys.stderr)
        clear_cache(project)
        load = os.getloadavg()[0]
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", "site"]
        builds.append({**measured(cmd, project), "load_1min": load})
    site = sizes(project / "site")
    return {
        "articles": n,
        "gen_cold_per_s": statistics.median(rates),
        "gen_cold_runs_per_s": [round(r) for r in rates],
        "build_s": statistics.median(b["seconds"] for b in builds),
        "build_peak_mib": statistics.median(b["peak_mib"] for b in builds),
        "build_runs": [{k: round(v, 2) for k, v in b.items()} for b in builds],
        "site": site,
        "site_kb_per_entry": site["site_mb"] * 1000 / n,
    }


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| articles | gen cold /s | build cold s | peak MiB | site MB | files | KB/entry "
        "| largest folders (MB) |",
        "|---" * 8 + "|",
    ]
    for r in rows:
        s = r["site"]
        top = ", ".join(
            f"{name} {f['mib'] * MiB_MB:.0f}" for name, f in list(s["folders"].items())[:5]
        )
        lines.append(
            f"| {r['articles']:,} | {r['gen_cold_per_s']:.0f} | {r['build_s']:.1f} "
            f"| {r['build_peak_mib']:.0f} | {s['site_mb']:.1f} | {s['site_files']:,} "
            f"| {r['site_kb_per_entry']:.1f} | {top} |"
        )
    return "\n".join(lines)


MiB_MB = 1024 * 1024 / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated sizes")
    parser.add_argument("--repeat", type=int, default=3, help="generator runs per size")
    parser.add_argument("--build-repeat", type=int, default=1, help="mkdocs builds per size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    info = machine()
    rows = [
        cold_size(int(n), args.repeat, args.build_repeat, args.seed) for n in args.sizes.split(",")
    ]
    info["load_average_end"] = os.getloadavg()
    report = json.loads(args.output.read_text("utf-8")) if args.output.is_file() else {}
    report["targets"] = TARGETS
    # Rows of other sizes stay (each with its own date and machine): 10,000 runs alone.
    kept = [r for r in report.get("cold", {}).get("sizes", []) if r["articles"] not in
            {r["articles"] for r in rows}]  # fmt: skip
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for row in rows:
        row.update(date=when, machine=info)
    report["cold"] = {"sizes": sorted(kept + rows, key=lambda r: r["articles"])}
    args.output.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(table(report["cold"]["sizes"]))
    print(f"\nwrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
