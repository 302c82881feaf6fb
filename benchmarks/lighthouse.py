"""Lighthouse scores of the built site, as a reader on a phone would load it.

    python benchmarks/lighthouse.py [--site DIR] [--runs 5] [--output benchmarks/lighthouse.json]

Lighthouse 12 (its default mobile profile: simulated slow 4G, a 4x slower CPU, a 412 px
wide screen) on three pages: the seed article, a region page and the home page, served
uncompressed by ``python -m http.server`` (the worst case: any real host gzips). Each run
loads the three pages in turn, in a fresh headless Chromium each time (Debian's,
``CHROME_PATH=/usr/bin/chromium``); the medians of ``--runs`` runs are reported with the
machine's load average (``os.getloadavg``) before and after each run, since Lighthouse's
performance score moves with the load of the machine it runs on.

Lighthouse itself comes from the npm registry (13.x needs Node 22, so 12.2.3)::

    npm install --prefix .cache/tools --no-save --no-audit --no-fund lighthouse@12.2.3

Without ``--site`` the project is built first (``mkdocs build --strict``) into a temporary
folder. A benchmark, not a test: nothing here fails on a slow machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIGHTHOUSE = ROOT / ".cache" / "tools" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: What the performance score is made of (Lighthouse 12), kept to explain a score.
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
PAGES = {
    "article": "articles/pakistan-145-militants-killed-balochistan/",
    "region": "regions/pk-ba/",
    "home": "",
}


def build_site(dest: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(dest)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return dest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def http_server(site: Path, port: int | None = None):  # type: ignore[no-untyped-def]
    """``python -m http.server`` on the site: plain files, no compression."""
    port = port or _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def lighthouse(url: str, report: Path) -> dict[str, Any]:
    """One Lighthouse run on ``url``: category scores, metrics and what failed."""
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--chrome-flags=--headless=new --no-sandbox",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    subprocess.run(cmd, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=600)
    data = json.loads(report.read_text("utf-8"))
    audits = data["audits"]
    failed = sorted(
        {
            ref["id"]
            for cat in CATEGORIES
            if cat != "performance"
            for ref in data["categories"][cat]["auditRefs"]
            if ref["weight"] and (audits[ref["id"]].get("score") not in (None, 1))
        }
    )
    return {
        "scores": {cat: data["categories"][cat]["score"] for cat in CATEGORIES},
        "metrics": {m: audits[m]["numericValue"] for m in METRICS},
        "failed": failed,
        "bytes": audits["total-byte-weight"]["numericValue"],
        "runtime_error": (data.get("runtimeError") or {}).get("code"),
    }


def load() -> float:
    return round(os.getloadavg()[0], 2)


def measure(site: Path, runs: int, reports: Path) -> dict[str, Any]:
    per_page: dict[str, list[dict[str, Any]]] = {name: [] for name in PAGES}
    loads: list[tuple[float, float]] = []
    with http_server(site) as base:
        for i in range(runs):
            before = load()
            for name, path in PAGES.items():  # interleaved: a load spike hits every page
                result = lighthouse(base + path, reports / f"{name}-{i}.json")
                per_page[name].append(result)
                print(f"run {i + 1}/{runs} {name}: {result['scores']}", file=sys.stderr)
            loads.append((before, load()))
    summary = {}
    for name, results in per_page.items():
        summary[name] = {
            "path": PAGES[name],
            "median": {
                cat: statistics.median(r["scores"][cat] for r in results) for cat in CATEGORIES
            },
            "metrics_median_ms": {
                m: round(statistics.median(r["metrics"][m] for r in results), 3) for m in METRICS
            },
            "bytes_median": statistics.median(r["bytes"] for r in results),
            "failed": sorted({a for r in results for a in r["failed"]}),
            "runs": [r["scores"] for r in results],
        }
    return {"pages": summary, "load_before_after": loads}


def versions() -> dict[str, str]:
    lh = json.loads((LIGHTHOUSE.parent.parent / "lighthouse" / "package.json").read_text())
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return {"lighthouse": lh["version"], "chromium": chromium.strip()}


def table(result: dict[str, Any]) -> str:
    lines = [
        "| page | " + " | ".join(CATEGORIES) + " | TBT ms | LCP ms | CLS |",
        "|---|" + "---:|" * (len(CATEGORIES) + 3),
    ]
    for name, page in result["pages"].items():
        m = page["metrics_median_ms"]
        scores = " | ".join(f"{page['median'][c]:.2f}" for c in CATEGORIES)
        lines.append(
            f"| {name} | {scores} | {m['total-blocking-time']:.0f} | "
            f"{m['largest-contentful-paint']:.0f} | {m['cumulative-layout-shift']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the project)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--label", default="", help="a note stored with the figures")
    parser.add_argument("--output", type=Path, default=HERE / "lighthouse.json")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"Lighthouse is not installed at {LIGHTHOUSE}; see this file's docstring")
        return 2
    with tempfile.TemporaryDirectory(prefix="briefing-lighthouse-") as tmp:
        site = args.site or build_site(Path(tmp) / "site")
        reports = Path(tmp) / "reports"
        reports.mkdir()
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        result = measure(site.resolve(), args.runs, reports)
    record = {
        "date": started,
        "label": args.label,
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "served": "python -m http.server (uncompressed)",
        **versions(),
        **result,
    }
    previous = json.loads(args.output.read_text()) if args.output.is_file() else []
    args.output.write_text(json.dumps([*previous, record], indent=2) + "\n")
    print(table(record))
    print(f"load average (1 min) before/after each run: {record['load_before_after']}")
    return 0


if __name__ == "__main__":
    shutil.which("node") or print("node is not on PATH: Lighthouse needs it", file=sys.stderr)
    sys.exit(main())
