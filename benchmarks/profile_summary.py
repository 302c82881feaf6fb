"""Summarise a pyinstrument session: self time grouped by who spends it.

pyinstrument -r session -o build.pyisession -m mkdocs build -q
python benchmarks/profile_summary.py build.pyisession
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from pyinstrument.session import Session

GROUPS = (
    (
        "briefing generator (load, validate, render, cache)",
        (
            "/generator/content/",
            "/generator/render/",
            "/generator/incremental/cache",
            "/generator/build",
            "/generator/check",
            "/generator/cli",
            "/generator/schema_export",
            "/generator/mkdocs_adapter/",
        ),
    ),
    (
        "Material search plugin: HTML parsing, index",
        ("material/plugins/search", "html/parser", "_markupbase"),
    ),
    ("Material's page templates", ("material/templates", "theme_overrides")),
    ("Jinja2 runtime (Material's templates and ours)", ("jinja2/",)),
    ("feeds: feedgen, lxml", ("feedgen", "lxml")),
    ("Python-Markdown (page skeletons, hand-written pages)", ("markdown/",)),
    ("YAML and pydantic", ("yaml/", "pydantic")),
    ("files: write, copy, remove", ("shutil", "mkdocs/utils", "staging.py")),
    ("cache pickles", ("pickle",)),
    ("MkDocs core", ("mkdocs/",)),
)


_STDLIB_OWN = ("html/parser", "_markupbase", "shutil", "pickle")


def _borrowed(frame: Any) -> bool:
    path = frame.file_path or "<"
    stdlib = "/lib/python3" in path and "site-packages" not in path
    return (
        frame.is_synthetic
        or path.startswith("<")
        or (stdlib and not any(n in path for n in _STDLIB_OWN))
    )


def group(path: str) -> str:
    for name, needles in GROUPS:
        if any(n in path for n in needles):
            return name
    return "other"


def main(path: str) -> None:
    session = Session.load(path)
    totals: Counter[str] = Counter()
    stack = [session.root_frame()]
    while stack:
        frame = stack.pop()
        if frame is None:
            continue
        own = frame.time - sum(c.time for c in frame.children)
        # "[self]" leaves, built-ins and the standard library (str.join, re.sub, json, ...)
        # count for the code calling them.
        owner = frame
        while owner.parent and _borrowed(owner):
            owner = owner.parent
        totals[group(owner.file_path or owner.function or "")] += max(own, 0.0)
        stack.extend(frame.children)
    whole = sum(totals.values())
    print(f"{'where the time goes':<58} {'s':>7} {'share':>6}")
    for name, t in totals.most_common():
        print(f"{name:<58} {t:7.2f} {100 * t / whole:5.1f}%")
    print(f"{'total (under the profiler)':<58} {whole:7.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
