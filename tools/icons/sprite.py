"""Write generator/assets/icons.svg: the theme icons every page shows, once, as symbols the
pages point at (`<svg><use href=".../icons.svg#material-magnify"/></svg>`) instead of each
page carrying their paths (2 KB a page; issue 17). Taken from the installed Material for
MkDocs (Material Design Icons, Pictogrammers Free License); run again after upgrading it:

    .venv/bin/python tools/icons/sprite.py

tests/render/test_icons.py checks that the file is what this writes and that every icon the
templates and mkdocs.yml name is in it.
"""

from __future__ import annotations

import re
from pathlib import Path

import material

ROOT = Path(__file__).resolve().parents[2]
SPRITE = ROOT / "generator" / "assets" / "icons.svg"
ICONS = Path(material.__file__).parent / "templates" / ".icons"
#: The icons shown on every page: the logo, the palette toggles, the search box's, the
#: menu's (the navigation drawer) and "Back to top" (partials/header.html, top.html).
NAMES = (
    "material/library",
    "material/weather-night",
    "material/weather-sunny",
    "material/magnify",
    "material/menu",
    "material/arrow-up",
)


def symbol(name: str) -> str:
    svg = (ICONS / f"{name}.svg").read_text("utf-8")
    match = re.fullmatch(r'<svg xmlns="[^"]+" viewBox="([^"]+)">(.*)</svg>\s*', svg, re.S)
    assert match, f"{name}: not a one-element Material icon"
    box, body = match.groups()
    return f'<symbol id="{name.replace("/", "-")}" viewBox="{box}">{body}</symbol>'


def sprite() -> str:
    head = "<!-- Material Design Icons (Pictogrammers Free License), via Material for MkDocs;"
    head += " written by tools/icons/sprite.py -->"
    body = "".join(symbol(n) for n in NAMES)
    return f'<svg xmlns="http://www.w3.org/2000/svg">{head}{body}</svg>\n'


if __name__ == "__main__":
    SPRITE.write_text(sprite(), "utf-8")
    print(f"{SPRITE.relative_to(ROOT)}: {len(NAMES)} icons")
