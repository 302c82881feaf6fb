"""Build benchmark: the briefing plugin against plain MkDocs on its own exported pages.

    python benchmarks/run.py [--sizes 100,1000,10000] [--repeat 3] [--preview-size 1000]

For each size, in one run: a synthetic corpus (``benchmarks/corpus.py``, cached under
``benchmarks/out/``), the generator alone (load, validate, link, render, in a fresh
process: cold with an empty cache, then warm from it), then ``mkdocs build`` of the project
and of its plain export (``briefing export-markdown``), interleaved and repeated, each in
its own process so its wall time and peak memory (``wait4``'s ``ru_maxrss``) are its own.
Medians are reported. Then page sizes and the search index, and the edit-to-preview
latency of ``mkdocs serve`` at ``--preview-size`` articles, and what the search page
downloads (``search_page.py``, which also runs alone). Then, at ``--dirty-sizes``,
what one change costs from the last build (``benchmarks/dirty.py``: ``mkdocs build
--dirty`` after no change, a new entry, an edit, a deletion, a new entry and an edit,
compared with a clean build of the same content; and ``mkdocs serve --dirty`` from a
warm cache). Prints tables and writes ``benchmarks/results.json``. A benchmark, not a
test: nothing here fails on a slow machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from importlib import metadata
from pathlib import Path
from typing import Any

import dirty as incremental  # benchmarks/dirty.py (run.py runs as a script from there)
import yaml
from search_page import search_page_downloads

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
MiB = 1024 * 1024
#: The files that write a corpus: a change to either writes it again.
CORPUS_CODE = ("corpus.py", "corpus_assessments.py")

#: The targets of issue 7, on the 2-core machine it names.
TARGETS = {
    "overhead_ratio": 1.25,
    "gen_cold_per_s": 500,
    "gen_warm_per_s": 5000,
    "build_s": {1000: 20, 10000: 150},
    "peak_mib": 2048,
    "article_page_kib": 60,
    "search_mib_10000": 20,
    "search_query_kib": 1024,
    "preview_s": 3,
    # issue 17: GitHub Pages refuses a site over 1 GB; at 10,000 entries, half of it (MB:
    # 10**6 bytes, the stricter reading), 50 KB a briefing all in
    "site_mb_10000": 500,
    "site_kb_per_entry": 50,
}

_GENERATE = """
import json, sys, time
from pathlib import Path
from generator.build import generate
from generator.incremental.cache import Cache
root = Path(sys.argv[1])
t = time.perf_counter()
cache = Cache.open(root / ".cache" / "briefing")
out = generate(root / "content", root, cache=cache)
cache.save()
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "entries": len(out.site.entries), "pages": len(out.pages)}))
"""


def corpus(n: int, seed: int) -> Path:
    """The corpus of ``n`` entries, written once per (n, seed, version of corpus.py and of
    corpus_assessments.py, which writes its assessments)."""
    project = OUT / f"corpus-{n}"
    versions = " ".join(str((HERE / f).stat().st_mtime_ns) for f in CORPUS_CODE)
    stamp = f"{n} {seed} {versions} {_copied_digest()}"
    if (project / ".stamp").is_file() and (project / ".stamp").read_text() == stamp:
        return project
    shutil.rmtree(project, ignore_errors=True)
    run([sys.executable, str(HERE / "corpus.py"), "--articles", str(n), "--out", str(project),
         "--seed", str(seed)])  # fmt: skip
    (project / ".stamp").write_text(stamp)
    return project


def _copied_digest() -> str:
    """A hash of what corpus.py copies from the project (hand-written pages, theme
    overrides, mkdocs.yml): a corpus made before they changed would build a stale site."""
    h = hashlib.blake2b(digest_size=8)
    sources = [ROOT / "mkdocs.yml"]
    for folder in (ROOT / "content" / "pages", ROOT / "theme_overrides"):
        sources += sorted(p for p in folder.rglob("*") if p.is_file())
    for path in sources:
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def run(cmd: list[str], cwd: Path | None = None) -> str:
    """Run a command to the end and return its output; stop the benchmark if it fails."""
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def measured(cmd: list[str], cwd: Path) -> dict[str, float]:
    """Wall time and peak resident memory of one child process (``wait4``)."""
    t = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{err}")
    return {"seconds": elapsed, "peak_mib": usage.ru_maxrss / 1024}


def clear_cache(project: Path) -> None:
    shutil.rmtree(project / ".cache", ignore_errors=True)


def generator_alone(project: Path) -> dict[str, float]:
    """Articles per second of ``generate()``: cold (empty cache), then warm, fresh processes."""
    clear_cache(project)
    cold = json.loads(run([sys.executable, "-c", _GENERATE, str(project)], ROOT))
    warm = json.loads(run([sys.executable, "-c", _GENERATE, str(project)], ROOT))
    n = cold["entries"]
    return {
        "cold_s": cold["seconds"],
        "warm_s": warm["seconds"],
        "cold_per_s": n / cold["seconds"],
        "warm_per_s": n / warm["seconds"],
        "pages": cold["pages"],
    }


def builds(project: Path, export: Path, repeat: int) -> dict[str, Any]:
    """Interleaved ``mkdocs build`` runs: ours cold (empty cache) and plain, then ours warm."""
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir"]
    ours: list[dict[str, float]] = []
    plain: list[dict[str, float]] = []
    for i in range(repeat):
        order = ("ours", "plain") if i % 2 == 0 else ("plain", "ours")
        for which in order:
            if which == "ours":
                clear_cache(project)
                ours.append(measured([*mkdocs, str(project / "site")], project))
            else:
                plain.append(measured([*mkdocs, str(export / "site")], export))
    warm = measured([*mkdocs, str(project / "site")], project)
    return {
        "ours_s": statistics.median(r["seconds"] for r in ours),
        "ours_peak_mib": statistics.median(r["peak_mib"] for r in ours),
        "ours_warm_s": warm["seconds"],
        "plain_s": statistics.median(r["seconds"] for r in plain),
        "plain_peak_mib": statistics.median(r["peak_mib"] for r in plain),
        "ours_runs_s": [round(r["seconds"], 2) for r in ours],
        "plain_runs_s": [round(r["seconds"], 2) for r in plain],
    }


#: An element's opening tag, attribute by attribute (a quoted value may hold ``>``), and
#: one attribute: pages are written compact (mkdocs_adapter/compact.py), attributes in any
#: order and in whichever quotes need fewer escapes.
TAG = re.compile(r"""<div((?:\s+[^\s=>]+(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*>""")
ATTR = re.compile(r"""\s([^\s=>]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def map_figures(html: str) -> list[str]:
    """Each map's figure as the page carries it (render/templates/_chart.html.jinja)."""
    out = []
    for tag in TAG.finditer(html):
        attrs = {m[1]: m[2] or m[3] or m[4] or "" for m in ATTR.finditer(tag.group(1))}
        if "data-map" in attrs and "data-figure" in attrs:
            out.append(attrs["data-figure"])
    return out


def folders(site: Path) -> dict[str, dict[str, float]]:
    """What the site publishes, by top-level folder (files at the root under ``.``):
    MiB and files, largest first: what GitHub Pages counts against its 1 GB."""
    out: dict[str, list[int]] = {}
    for p in site.rglob("*"):
        if p.is_file():
            parts = p.relative_to(site).parts
            top = out.setdefault(parts[0] if len(parts) > 1 else ".", [0, 0])
            top[0] += p.stat().st_size
            top[1] += 1
    ranked = sorted(out.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return {name: {"mib": b / MiB, "files": n} for name, (b, n) in ranked}


def sizes(site: Path) -> dict[str, Any]:
    """What a reader downloads: article pages, the largest page, the site, the search index
    (Material's: one file; Pagefind's: a bundle of chunks, of which a query loads a few);
    and what is published: bytes and files in all and by folder."""
    articles = [p.stat().st_size for p in (site / "articles").glob("*/index.html")]
    pages = [p.stat().st_size for p in site.rglob("*.html")]
    by_folder = folders(site)
    total = sum(f["mib"] for f in by_folder.values()) * MiB
    index = site / "search" / "search_index.json"
    bundle = [p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()]
    geo = site / "assets" / "briefing" / "geo" / "geo.json"
    figures = [
        len(figure.encode())
        for page in [site / "index.html", *(site / "regions").glob("*/index.html")]
        for figure in map_figures(page.read_text("utf-8"))
    ]
    return {
        # The maps: the one boundary file (fetched once, cached), and the largest map's
        # figure inlined in a page (the front page's, or a region's).
        "geo_json_kib": geo.stat().st_size / 1024 if geo.is_file() else 0.0,
        "geo_json_gzip_kib": len(gzip.compress(geo.read_bytes(), 6, mtime=0)) / 1024
        if geo.is_file()
        else 0.0,
        "map_figure_kib_max": max(figures, default=0) / 1024,
        "home_page_kib": (site / "index.html").stat().st_size / 1024,
        "article_page_kib": statistics.median(articles) / 1024,
        "largest_page_kib": max(pages) / 1024,
        "html_pages": len(pages),
        "site_mib": total / MiB,
        "site_mb": total / 1e6,
        "site_files": sum(int(f["files"]) for f in by_folder.values()),
        # As `du` counts it: blocks on disk, the folders' own included (one per page).
        "site_disk_mb": sum(p.lstat().st_blocks * 512 for p in [site, *site.rglob("*")]) / 1e6,
        "folders": by_folder,
        "search_index_mib": index.stat().st_size / MiB if index.is_file() else 0.0,
        "pagefind_bundle_mib": sum(bundle) / MiB,
    }


def query_words(project: Path) -> list[str]:
    """Three queries from one entry: its rarest word, the first word of its headline, and
    the commonest word of its text (a word on nearly every page: the most a query loads)."""
    entry = sorted((project / "content" / "articles").rglob("*.yaml"))[len(project.name) % 7]
    doc = yaml.safe_load(entry.read_text("utf-8"))
    text = " ".join(p if isinstance(p, str) else p.get("text", "") for p in doc["body"])
    words = re.findall(r"[A-Za-z]{4,}", text)
    counts = {w: words.count(w) for w in set(words)}
    rare = min(sorted(counts), key=lambda w: (counts[w], -len(w)))
    common = max(sorted(counts), key=lambda w: counts[w])
    return [rare, doc["headline"].split()[0], common]


def search_downloads(site: Path, words: list[str]) -> dict[str, Any]:
    """Bytes the search box downloads for each query, in Chromium, from the built site
    served on loopback: everything under pagefind/ from typing the word to the results."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright is not installed (pip install -e '.[test]')"}
    if not Path("/usr/bin/chromium").is_file():
        return {"error": "no /usr/bin/chromium"}
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    out: dict[str, Any] = {"queries": {}}
    try:
        while not _get(f"http://127.0.0.1:{port}/"):
            time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
            for word in words:
                page = browser.new_page()
                fetched: list[int] = []
                page.on(
                    "response",
                    lambda r, f=fetched: f.append(len(r.body())) if "/pagefind/" in r.url else None,
                )
                page.goto(f"http://127.0.0.1:{port}/about/")
                page.locator("input.md-search__input").fill(word)
                meta = page.locator(".md-search-result__meta", has_text="matching")
                meta.wait_for(timeout=60_000)
                page.wait_for_load_state("networkidle")
                out["queries"][word] = {
                    "kib": sum(fetched) / 1024,
                    "requests": len(fetched),
                    "results": meta.inner_text(),
                }
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    out["max_kib"] = max(q["kib"] for q in out["queries"].values())
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # localhost only
            return resp.read().decode("utf-8", "replace")
    except OSError:
        return ""


def preview_latency(
    project: Path, edits: int = 3, timeout: float = 600, cold: bool = True
) -> dict[str, Any]:
    """Seconds from saving an edited entry to ``mkdocs serve`` serving the change
    (``cold``: the server starts with an empty cache)."""
    entry = sorted((project / "content" / "articles").rglob("*.yaml"))[-1]
    original = entry.read_text("utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/articles/{entry.stem}/"
    if cold:
        clear_cache(project)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    latencies: list[float] = []
    try:
        t = time.perf_counter()
        while "<html" not in _get(url):
            if time.perf_counter() - t > timeout or proc.poll() is not None:
                return {"error": "mkdocs serve did not come up", "latencies_s": []}
            time.sleep(0.5)
        startup = time.perf_counter() - t
        for i in range(edits):
            marker = f"Edited{i}Marker{int(time.time())}"
            time.sleep(1.5)  # let the watcher settle after the previous build
            entry.write_text(original.replace("\nheadline: ", f"\nheadline: {marker} ", 1), "utf-8")
            t = time.perf_counter()
            while marker not in _get(url):
                if time.perf_counter() - t > timeout:
                    break
                time.sleep(0.1)
            latencies.append(time.perf_counter() - t)
    finally:
        entry.write_text(original, "utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {
        "startup_s": startup,
        "latencies_s": [round(x, 2) for x in latencies],
        "median_s": statistics.median(latencies),
    }


def _sizes(text: str) -> list[int]:
    return [int(n) for n in text.split(",") if n.strip()]


def dirty_rows(n: int, repeat: int, seed: int) -> dict[str, Any]:
    """``benchmarks/dirty.py``'s rows at ``n`` entries, then the preview from a warm cache,
    with the load average before and after (other work on the machine slows both)."""
    project = corpus(n, seed)
    print(f"[{n}] dirty builds x{repeat} ...", file=sys.stderr)
    load = [os.getloadavg()]
    rows = incremental.dirty_builds(project, repeat, ENV)
    print(f"[{n}] serve edit-to-page ...", file=sys.stderr)
    rows["serve"] = preview_latency(project, cold=False)
    load.append(os.getloadavg())
    return {**rows, "load_average": load}


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    names = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pydantic", "pyyaml")
    versions = {name: metadata.version(name) for name in names}
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem / 1024**3, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_start": os.getloadavg(),
        "versions": versions,
    }


def bench_size(n: int, repeat: int, seed: int) -> dict[str, Any]:
    project = corpus(n, seed)
    export = OUT / f"export-{n}"
    print(f"[{n}] generator alone ...", file=sys.stderr)
    gen = generator_alone(project)
    print(f"[{n}] export ...", file=sys.stderr)
    t = time.perf_counter()
    run([sys.executable, "-m", "generator", "export-markdown", str(export), "--force"], project)
    export_s = time.perf_counter() - t
    print(f"[{n}] builds x{repeat} ...", file=sys.stderr)
    b = builds(project, export, repeat)
    result: dict[str, Any] = {"articles": n, "generator": gen, "export_s": export_s, **b}
    result["assessments"] = len(list((project / "content").glob("assessments/*/*.yaml")))
    result["ratio"] = b["ours_s"] / b["plain_s"]
    result["ms_per_article"] = 1000 * b["ours_s"] / n
    result["ours"] = sizes(project / "site")
    result["plain"] = sizes(export / "site")
    print(f"[{n}] search downloads ...", file=sys.stderr)
    result["search"] = search_downloads(project / "site", query_words(project))
    print(f"[{n}] search page downloads ...", file=sys.stderr)
    result["search_page"] = search_page_downloads(project, query_words(project))
    return result


def table(results: list[dict[str, Any]], preview: dict[str, Any] | None) -> str:
    head = (
        "| articles (assessments) | gen cold /s | gen warm /s | build s (plain) | ratio "
        "| ms/article | peak MiB (plain) | article KiB | largest page KiB | search: bundle MiB, "
        "largest query KiB (plain: index MiB) |"
    )
    rows = [head, "|---" * 10 + "|"]
    for r in results:
        g, o, p = r["generator"], r["ours"], r["plain"]
        rows.append(
            f"| {r['articles']:,} ({r.get('assessments', 0):,}) | {g['cold_per_s']:.0f} "
            f"| {g['warm_per_s']:.0f} "
            f"| {r['ours_s']:.1f} ({r['plain_s']:.1f}) | {r['ratio']:.2f} "
            f"| {r['ms_per_article']:.1f} | {r['ours_peak_mib']:.0f} ({r['plain_peak_mib']:.0f}) "
            f"| {o['article_page_kib']:.1f} | {o['largest_page_kib']:.0f} "
            f"| {o['pagefind_bundle_mib']:.1f}, {r['search'].get('max_kib', float('nan')):.0f} "
            f"({p['search_index_mib']:.1f}) |"
        )
    if preview:
        rows.append("")
        rows.append(
            f"Edit-to-preview in `mkdocs serve` at {preview.get('articles', '?')} articles: "
            f"median {preview.get('median_s', float('nan')):.2f} s "
            f"(each: {preview.get('latencies_s')}), "
            f"server start {preview.get('startup_s', 0):.1f} s"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated sizes")
    parser.add_argument("--repeat", type=int, default=3, help="builds per kind and size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--preview-size", type=int, default=1000, help="0 to skip the serve measurement"
    )
    parser.add_argument(
        "--dirty-sizes", default="1000,10000", help="sizes of the dirty rows ('' for none)"
    )
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    info = machine()
    results = [bench_size(n, args.repeat, args.seed) for n in _sizes(args.sizes)]
    dirty = {int(n): dirty_rows(int(n), args.repeat, args.seed) for n in _sizes(args.dirty_sizes)}
    preview = None
    if args.preview_size:
        print(f"[{args.preview_size}] edit-to-preview ...", file=sys.stderr)
        preview = {"articles": args.preview_size}
        preview.update(preview_latency(corpus(args.preview_size, args.seed)))
    info["load_average_end"] = os.getloadavg()
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": info,
        "repeat": args.repeat,
        "targets": TARGETS,
        "sizes": results,
        "preview": preview,
        "dirty": dirty,
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(table(results, preview))
    if dirty:
        print("\n" + incremental.table(dirty))
    print(f"\nwrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
