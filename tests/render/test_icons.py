"""The theme's icons every page shows are drawn from one file, the site's sprite
(generator/assets/icons.svg, written by tools/icons/sprite.py from the installed Material),
that pages point at: each icon a page names is in it, and it is Material's own drawing."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urljoin

import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, SEED_ID, page_soup

sys.path.insert(0, str(ROOT / "tools" / "icons"))
import sprite  # tools/icons/sprite.py

SYMBOL_IDS = re.compile(r'<symbol id="([^"]+)"')


def _sprite_ids() -> set[str]:
    return set(SYMBOL_IDS.findall((ROOT / "generator" / "assets" / "icons.svg").read_text()))


def test_the_sprite_is_what_the_installed_material_draws() -> None:
    # After an upgrade of Material, run tools/icons/sprite.py again.
    assert (ROOT / "generator" / "assets" / "icons.svg").read_text("utf-8") == sprite.sprite()


def test_every_icon_the_templates_and_mkdocs_yml_name_is_in_the_sprite() -> None:
    named = {"material/library"}  # the logo (partials/logo.html) unless theme.icon.logo
    for template in (ROOT / "theme_overrides").rglob("*.html"):
        named |= set(re.findall(r'set icon = "([^"]+)"', template.read_text("utf-8")))
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    named |= {p["toggle"]["icon"] for p in config["theme"]["palette"] if "toggle" in p}
    named |= set((config["theme"].get("icon") or {}).values())
    missing = {n.replace("/", "-") for n in named} - _sprite_ids()
    assert not missing, f"not in generator/assets/icons.svg (tools/icons/sprite.py): {missing}"


def test_a_page_points_at_the_sprite_for_its_icons(built_site: Path) -> None:
    soup = page_soup(built_site, f"articles/{SEED_ID}")
    uses = [u["xlink:href"] for u in soup.select("svg use")]  # briefing-icon.html says why
    # the logo twice (header, drawer), the menu, the search magnifier and "Back to top"; the
    # palette's toggles are written by theme.js and the search box (its copy of the
    # magnifier) by search.js, each pointing at the same sprite (issue 17j;
    # tests/browser/test_navigation.py draws them)
    assert len(uses) == 5, uses
    page = f"articles/{SEED_ID}/"
    for href in uses:
        path, _, symbol = urljoin(page, href).partition("#")
        target = built_site / path
        assert target.is_file(), href
        ids = SYMBOL_IDS.findall(target.read_text("utf-8"))
        assert symbol in ids, href
    sprite_svg = BeautifulSoup((built_site / "assets/briefing/icons.svg").read_text(), "xml")
    assert len(sprite_svg.find_all("symbol")) == len(_sprite_ids())
