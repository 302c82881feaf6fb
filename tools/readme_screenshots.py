"""The README's screenshots, taken from the built site in Debian's Chromium.

    python tools/readme_screenshots.py [--site DIR]

Writes into ``.github/readme/``: the front page's first screen on a phone (390 x 844) and
on a laptop (1280 x 800), and the casualty ledger of the seed article on the phone, where
it reads as cards. Without ``--site`` the project is built first into a temporary folder.
The site is served by ``python -m http.server``, as a reader's browser would fetch it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from lighthouse import CHROMIUM, build_site, http_server  # noqa: E402

OUT = ROOT / ".github" / "readme"
ARTICLE = "articles/pakistan-145-militants-killed-balochistan/"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def shoot(site: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with http_server(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, device in (("front-phone", PHONE), ("front-laptop", LAPTOP)):
            page = browser.new_page(**device, color_scheme="light")
            page.goto(base, wait_until="networkidle")
            page.screenshot(path=OUT / f"{name}.png")
            written.append(OUT / f"{name}.png")
            page.close()
        page = browser.new_page(**PHONE, color_scheme="light")
        page.goto(base + ARTICLE, wait_until="networkidle")
        ledger = page.locator(".bp-table-wrap:has(table.bp-stacked)")
        ledger.scroll_into_view_if_needed()
        ledger.screenshot(path=OUT / "ledger-phone.png")
        written.append(OUT / "ledger-phone.png")
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the project)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="briefing-shots-") as tmp:
        site = args.site or build_site(Path(tmp) / "site")
        for path in shoot(site.resolve()):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
