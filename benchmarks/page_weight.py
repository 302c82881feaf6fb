"""Page-weight budget: the bytes a phone reader downloads for the first view of an article,
gzipped as any real host sends them, at several sizes of site.

    python benchmarks/page_weight.py [--sizes 100,1000,10000] [--output benchmarks/page_weight.json]

For each size, the synthetic corpus of ``benchmarks/run.py`` (cached under
``benchmarks/out/``) is built with ``mkdocs build``, served by ``python -m http.server``,
and its lead article (the front page's lead story: the newest full article) is opened in
Debian's Chromium at Lighthouse's phone size (412 x 823), without scrolling, until the
network has been quiet for a second. Every file the page fetched is counted at its size
after ``gzip -6`` (a host's usual level), and raw. The budget (:data:`BUDGET_KIB`) is for
what the page needs to be read (its HTML, stylesheets, scripts, icon) and holds at every
size, or the run says so: that must not grow with the site (plotly.js, fetched only when a
chart comes near, is not part of the first view). Material's ``sitemap.xml``, which its
instant navigation fetches once the page is shown to learn which links are the site's,
lists every page and so grows with the site: it is recorded beside the budget, not in it.

Sizes are exact and do not depend on the machine's load; the load is recorded anyway.
A benchmark, not a test (``tests/`` checks the lazy loading itself).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from lighthouse import CHROMIUM, _free_port, http_server  # noqa: E402
from run import ENV, corpus  # noqa: E402

#: The first view of an article, gzip, whatever the size of the site.
BUDGET_KIB = 100
PHONE = {"width": 412, "height": 823}


def build(project: Path, site_url: str) -> Path:
    """The site as published at ``site_url``: its sitemap lists every page, and Material's
    instant navigation (which fetches that sitemap on the first view) is on."""
    site = project / "site-weight"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)],
        cwd=project,
        env={**ENV, "SITE_URL": site_url},
        check=True,
    )
    return site


def lead_article(site: Path) -> str:
    """The path of the front page's lead story."""
    home = (site / "index.html").read_text("utf-8")
    lead = re.search(r'class="bp-lead".*?href="([^"]+)"', home, re.S)
    if not lead:
        raise SystemExit(f"no lead story on {site / 'index.html'}")
    return lead.group(1).removeprefix("./")


def first_view(base: str, path: str) -> list[str]:
    """The URLs a phone fetches for ``path`` before the reader scrolls."""
    from playwright.sync_api import sync_playwright

    urls: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport=PHONE, device_scale_factor=1.75, is_mobile=True)
        page.on("requestfinished", lambda req: urls.append(req.url))
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(1000)  # anything started late (Material's sitemap)
        browser.close()
    return urls


def weigh(site: Path, base: str, urls: list[str]) -> list[dict[str, Any]]:
    files = []
    for url in urls:
        if not url.startswith(base):
            continue  # data: URLs (Material's icons in its stylesheet)
        rel = unquote(urlsplit(url).path).lstrip("/")
        file = site / rel
        if file.is_dir() or not rel:
            file = file / "index.html"
        data = file.read_bytes()
        files.append({"file": rel or "index.html", "raw": len(data),
                      "gzip": len(gzip.compress(data, 6, mtime=0))})  # fmt: skip
    return files


def measure(n: int, seed: int) -> dict[str, Any]:
    port = _free_port()
    site = build(corpus(n, seed), f"http://127.0.0.1:{port}/")
    path = lead_article(site)
    with http_server(site, port) as base:
        files = weigh(site, base, first_view(base, path))
    page = [f for f in files if f["file"] != "sitemap.xml"]
    sitemap = sum(f["gzip"] for f in files if f["file"] == "sitemap.xml")
    return {
        "entries": n,
        "article": path,
        "gzip_kib": round(sum(f["gzip"] for f in page) / 1024, 1),
        "raw_kib": round(sum(f["raw"] for f in page) / 1024, 1),
        "sitemap_gzip_kib": round(sitemap / 1024, 1),
        "requests": len(files),
        "plotly_fetched": any("plotly" in f["file"] for f in files),
        "files": sorted(files, key=lambda f: -f["gzip"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, default=HERE / "page_weight.json")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]  # sizes do not depend on it; recorded all the same
    results = [measure(int(n), args.seed) for n in args.sizes.split(",")]
    record = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "budget_kib": BUDGET_KIB,
        "load_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "sizes": results,
    }
    previous = json.loads(args.output.read_text()) if args.output.is_file() else []
    args.output.write_text(json.dumps([*previous, record], indent=2) + "\n")
    over = False
    for r in results:
        heaviest = ", ".join(f"{f['file']} {f['gzip'] / 1024:.1f}" for f in r["files"][:4])
        ok = r["gzip_kib"] <= BUDGET_KIB and not r["plotly_fetched"]
        over |= not ok
        verdict = "within" if ok else "OVER"
        print(f"{r['entries']:>6,} entries: {r['gzip_kib']:.1f} KiB gzip ({r['raw_kib']:.0f} raw), "
              f"{verdict} {BUDGET_KIB} KiB; then Material's sitemap {r['sitemap_gzip_kib']:.1f} "
              f"KiB; {r['requests']} requests; heaviest: {heaviest}")  # fmt: skip
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
