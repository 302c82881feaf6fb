"""What the search page (/search/) downloads at scale, in Chromium: a filtered query and
facet-only listings (newest first, merged across the index's shards).

    python benchmarks/search_page.py [--articles 10000] [--seed 7] [--output FILE]

Builds the synthetic corpus of ``run.py`` once (``benchmarks/out/corpus-N``; its site is
reused when built after the corpus was written), serves the site on loopback and opens
each view as a new reader would (a fresh browser context: nothing cached), counting every
byte fetched of the search's data (``pagefind/``, and ``search/facets/``, ``search/entries/``:
the site's own data for facets alone) until the page shows the view of its address. Writes
``benchmarks/search_page.json`` with the machine's load before and after. ``run.py`` calls
:func:`search_page_downloads` for each size too. A benchmark, not a test.

Targets (issue 16): a filtered query at most 1 MiB, a facet-only listing at most 500 KiB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
TARGETS_KIB = {"filtered_query": 1024, "facet_only": 500}
#: What search downloads: Pagefind's bundle, and the site's own data for facets alone.
SEARCH_DATA = ("/pagefind/", "/search/facets/", "/search/entries/")
SHOWN = (
    "() => { const p = document.querySelector('[data-bp-search-page]');"
    " return p && p.getAttribute('data-bp-shown') === location.search; }"
)


def _counted(url: str) -> bool:
    return any(part in url for part in SEARCH_DATA)


def views(project: Path, words: list[str]) -> dict[str, dict[str, str]]:
    """The addresses measured: the largest top-level region (the most entries under one
    term), a theme, the last full year of the archive; with the benchmark's query words
    (``run.query_words``: rare, a headline's first, the commonest) for filtered queries,
    the commonest also sorted newest first and within a year."""
    tax = yaml.safe_load((project / "content" / "taxonomy.yaml").read_text("utf-8"))
    parent = {r["id"]: r.get("parent") for r in tax["regions"]}

    def top(rid: str) -> str:
        while parent.get(rid) and parent[parent[rid]]:
            rid = parent[rid]
        return rid

    years = project / "site" / "data" / "articles"  # data/articles/<year>.json.gz
    items = [
        a
        for f in sorted(years.glob("*.json.gz"))
        for a in json.loads(gzip.decompress(f.read_bytes()))["articles"]
    ]
    counts = Counter(top(r) for a in items for r in set(a.get("regions", [])))
    region = counts.most_common(1)[0][0] if counts else tax["regions"][1]["id"]
    theme = tax["themes"][0]["id"]
    dates = sorted(a["date"] for a in items) or ["2020-01-01"]
    year = int(dates[-1][:4]) - 1
    facets = {
        "region": f"region={region}",
        "theme": f"theme={theme}",
        "region_year": f"region={region}&from={year}-01-01&to={year}-12-31",
    }
    filtered = {f"q={w}&region={region}": f"q={w}&region={region}" for w in words}
    common = f"q={words[-1]}&region={region}"  # the commonest word: the most a query loads
    filtered[f"{common}&sort=date"] = f"{common}&sort=date"  # merged across shards
    filtered[f"{common}&year"] = f"{common}&from={year}-01-01&to={year}-12-31"
    return {"facet_only": facets, "filtered_query": filtered}


def search_page_downloads(project: Path, words: list[str]) -> dict[str, Any]:
    """Bytes under pagefind/ for each view of :func:`views`, in Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright is not installed (pip install -e '.[test]')"}
    if not Path("/usr/bin/chromium").is_file():
        return {"error": "no /usr/bin/chromium"}
    from run import _free_port, _get

    site = project / "site"
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    out: dict[str, Any] = {}
    try:
        while not _get(f"http://127.0.0.1:{port}/"):
            time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
            for kind, addresses in views(project, words).items():
                out[kind] = {}
                for name, query in addresses.items():
                    page = browser.new_page()  # a new context: nothing cached
                    fetched: list[int] = []
                    page.on(
                        "response",
                        lambda r, f=fetched: f.append(len(r.body())) if _counted(r.url) else None,
                    )
                    page.goto(f"http://127.0.0.1:{port}/search/?{query}")
                    page.wait_for_function(SHOWN, timeout=120_000)
                    page.wait_for_load_state("networkidle")
                    status = page.locator("[data-bp-search-status]").inner_text()
                    out[kind][name] = {
                        "kib": sum(fetched) / 1024,
                        "requests": len(fetched),
                        "status": status,
                        "listed": page.locator(".bp-result").count(),
                    }
                    page.context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    for kind in ("facet_only", "filtered_query"):
        out[f"{kind}_max_kib"] = max(v["kib"] for v in out[kind].values())
    own = [p for d in ("facets", "entries") for p in (site / "search" / d).rglob("*.json")]
    out["own_data_published_kib"] = sum(p.stat().st_size for p in own) / 1024
    out["own_data_files"] = len(own)
    bundle = [p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()]
    out["pagefind_bundle_mib"] = sum(bundle) / 1024 / 1024
    out["shards"] = 1 + len(
        json.loads((site / "pagefind" / "shards.json").read_text("utf-8")).get("more", [])
    )
    return out


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(HERE))
    from run import ENV, corpus, query_words

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, default=HERE / "search_page.json")
    args = parser.parse_args(argv)
    (HERE / "out").mkdir(exist_ok=True)
    project = corpus(args.articles, args.seed)
    load_start = os.getloadavg()
    built = project / "site" / "search" / "index.html"
    build_s = None
    if not built.is_file() or built.stat().st_mtime < (project / ".stamp").stat().st_mtime:
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(project / "site")],
            cwd=project, env=ENV, check=True,
        )  # fmt: skip
        build_s = time.perf_counter() - t
    result = search_page_downloads(project, query_words(project))
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "articles": args.articles,
        "build_s": build_s,
        "load_average_start": load_start,
        "load_average_end": os.getloadavg(),
        "cores": os.cpu_count(),
        "targets_kib": TARGETS_KIB,
        "search_page": result,
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
