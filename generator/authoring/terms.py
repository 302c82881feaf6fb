"""Regions, themes and related entries an imported text points to, with the evidence.

Regions: a story is filed where its headline says it happened (``Pakistan ... in
Balochistan`` -> ``pk-ba``, the more specific of the two), plus the places inside those
that the text names (Quetta, Gwadar ...). Other places the text mentions (India, Iran)
are listed in a comment, not filed: a passing mention is not what the story is about.
Themes: every theme whose name or keywords the text uses, most used first.
Names and aliases are matched as whole words and with their capital letters (``India``
is not found in ``Indian``); theme keywords in any case, singular or plural.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..content.entries import find_entries
from ..content.load import load_file
from ..content.model import Region, Taxonomy
from ..errors import ContentErrors


@dataclass(frozen=True)
class Inferred:
    """Ids to file the entry under, and comment lines saying why."""

    ids: list[str]
    evidence: list[str]


def _count(text: str, word: str, ignore_case: bool = False) -> int:
    plural = r"(?:s|es)?" if ignore_case else ""
    pattern = rf"(?<![\w-]){re.escape(word)}{plural}(?![\w-])"
    return len(re.findall(pattern, text, re.IGNORECASE if ignore_case else 0))


def _named(region: Region, text: str) -> list[str]:
    return [n for n in (region.name, *region.aliases) if _count(text, n)]


def infer_regions(taxonomy: Taxonomy, headline: str, text: str) -> Inferred:
    """Regions named in the headline (minus their ancestors) and the places within them
    named anywhere in ``text``; or, when the headline names none, every region named."""
    regions = [r for r in taxonomy.regions.values() if r.parent is not None]
    mentioned = {r.id: _named(r, text) for r in regions if _named(r, text)}
    first = {rid: min(text.find(n) for n in names) for rid, names in mentioned.items()}
    in_headline = [r.id for r in regions if _named(r, headline)] or sorted(
        mentioned, key=first.__getitem__
    )

    def ancestors(rid: str) -> tuple[str, ...]:
        return taxonomy.regions[rid].ancestors

    filed = [rid for rid in in_headline if not any(rid in ancestors(o) for o in in_headline)]
    within = [
        rid
        for rid in sorted(mentioned, key=first.__getitem__)
        if rid not in filed and any(f in ancestors(rid) for f in filed)
    ]
    ids = filed + within
    name = taxonomy.regions
    evidence = []
    if filed:
        evidence.append("named in the headline: " + ", ".join(name[r].name for r in filed))
    if within:
        evidence.append("places within them: " + ", ".join(name[r].name for r in within))
    rest = [r for r in sorted(mentioned, key=first.__getitem__) if r not in ids]
    rest = [r for r in rest if not any(r in ancestors(i) for i in ids)]
    if rest:
        evidence.append(
            "also mentioned, not filed (add if the story is about them): "
            + ", ".join(f"{name[r].name} ({r})" for r in rest)
        )
    return Inferred(ids, evidence)


def infer_themes(taxonomy: Taxonomy, text: str) -> Inferred:
    """Every theme whose name or a keyword occurs in ``text``, the most frequent first."""
    found: list[tuple[int, str, str]] = []
    for i, theme in enumerate(taxonomy.themes.values()):
        words = {w.casefold(): w for w in reversed((theme.name, *theme.keywords))}.values()
        hits = Counter({w: _count(text, w, ignore_case=True) for w in words})
        hits = +hits  # drop the zeros
        if hits:
            shown = ", ".join(f"{w} ×{n}" for w, n in hits.most_common())
            found.append((-hits.total(), f"{i:04d}", f"{theme.id} ({shown})"))
    found.sort()
    ids = [entry.split(" ", 1)[0] for _, _, entry in found]
    evidence = ["from the words: " + "; ".join(e for _, _, e in found)] if found else []
    return Inferred(ids, evidence)


def normalise_title(title: str) -> str:
    """Headlines compared without case, quote style or spacing differences."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = text.translate(str.maketrans("’‘“”", "''\"\""))
    return " ".join(text.split()).rstrip(".")


def existing_entries(content: Path) -> dict[str, tuple[str, str]]:
    """Headline (normalised) -> (id, file) of every entry that loads; broken ones are
    skipped here (``briefing validate`` reports them)."""
    out: dict[str, tuple[str, str]] = {}
    for path, _ in find_entries(content / "articles", Path("."), content).files:
        try:
            data = load_file(path, str(path)).data
        except ContentErrors:
            continue
        headline, entry_id = data.get("headline"), data.get("id")
        if isinstance(headline, str) and isinstance(entry_id, str):
            out.setdefault(normalise_title(headline), (entry_id, str(path)))
    return out
