"""A synthetic, clearly fictional briefing corpus of any size, for benchmarks and tests.

    python benchmarks/corpus.py --articles 1000 --out benchmarks/out/corpus-1000 [--seed 7]

writes a complete project into ``--out``: ``mkdocs.yml`` (the real project's, so the theme,
plugins and Markdown extensions are the same), ``theme_overrides/``, ``content/pages/``
and ``content/home.md`` (the hand-written pages), ``content/taxonomy.yaml`` (~200 invented
regions four levels below the root, 15 themes) and N entries shaped like the seed entry:
3 key points, 8 body paragraphs with one quote, 3 risks, 4 casualty figures of which one
is superseded by a revision, 2-4 regions, 2 themes, 5 related stories (some on the site),
dates spread over seven years; and ``--assessments`` assessments (by default one per ten
entries) of invented countries and provinces, with judgements and outcomes
(``corpus_assessments.py``).

Everything is invented: place names and people are made of random syllables (and never
equal a country or subdivision name known to pycountry), the text is made-up words
held together by a few English ones, related links point to ``example.org``. Nothing here
describes a real event, and every page of the site says so (its home page, and a banner
on every page: ``extra.fictional`` in its ``mkdocs.yml``). The same ``--seed`` gives a
byte-identical corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_assessments  # noqa: E402  (beside this file; benchmarks/ is not a package)

#: The banner on every page of the corpus's site (theme_overrides/main.html shows it).
BANNER = (
    "Fictional demo: every place, person, event and assessment on this site is invented "
    "(benchmarks/corpus.py). Nothing here describes the real world."
)


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter, without ``&id001`` anchors for values that happen to be shared."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_ONSETS = [
    "b",
    "br",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "k",
    "kr",
    "l",
    "m",
    "n",
    "p",
    "pr",
    "r",
    "s",
    "st",
    "t",
    "tr",
    "v",
    "z",
    "th",
    "sh",
    "h",
    "j",
    "sk",
]
_VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o", "ae", "ei", "ou"]
_CODAS = ["", "", "", "n", "r", "l", "s", "k", "sh", "th", "m", "nd", "rk", "lt"]
_GLUE = [
    "the",
    "of",
    "and",
    "in",
    "to",
    "near",
    "after",
    "with",
    "on",
    "by",
    "from",
    "for",
    "as",
    "said",
    "that",
    "was",
    "were",
    "had",
    "over",
    "across",
    "while",
    "against",
    "under",
    "into",
    "its",
    "their",
]
THEMES = (
    ("border-incidents", "Border incidents", "Clashes and closures along invented borders."),
    ("insurgency", "Insurgency", "Armed campaigns by invented non-state groups."),
    ("separatism", "Separatism", "Invented movements seeking autonomy."),
    ("counterterrorism", "Counterterrorism", "Invented security operations and their results."),
    ("diplomacy", "Diplomacy", "Statements and talks between invented governments."),
    ("elections", "Elections", "Votes, campaigns and disputes in invented polities."),
    ("protest", "Protest", "Demonstrations and strikes in invented cities."),
    ("energy", "Energy", "Invented pipelines, grids and fuel supplies."),
    ("shipping", "Shipping", "Invented ports, straits and cargo routes."),
    ("humanitarian", "Humanitarian", "Civilian harm, displacement and relief, all invented."),
    ("cyber", "Cyber", "Invented intrusions and outages."),
    ("economy", "Economy", "Invented markets, currencies and sanctions."),
    ("water", "Water", "Invented dams, rivers and droughts."),
    ("health", "Health", "Invented outbreaks and clinics."),
    ("crime", "Organised crime", "Invented smuggling and trafficking networks."),
)
RISK_CATEGORIES = ("security", "infrastructure", "diplomatic", "humanitarian", "economic")
LIKELIHOOD = ("unlikely", "roughly even chance", "likely", "very likely")
SEVERITY = ("low", "moderate", "high", "severe")
GROUPS = ("militants", "security-forces", "civilians")
START = dt.date(2019, 1, 1)
DAYS = 7 * 365


class Words:
    """Deterministic made-up words, names and sentences from one random generator."""

    def __init__(self, rng: random.Random, real_names: set[str]):
        self.rng = rng
        self.real = real_names
        self.used: set[str] = set()
        self.vocab = [self._word(rng.randint(1, 3)) for _ in range(4000)]
        # Zipf-like weights: a few frequent words and a long tail, as in real text.
        self.cum_weights = list(itertools.accumulate(1 / (i + 1) ** 0.9 for i in range(4000)))

    def _word(self, syllables: int) -> str:
        r = self.rng
        return "".join(
            r.choice(_ONSETS) + r.choice(_VOWELS) + r.choice(_CODAS) for _ in range(syllables)
        )

    def name(self, syllables: int = 3) -> str:
        """A new capitalised name, never a real country or subdivision name, never reused."""
        while True:
            word = self._word(syllables).capitalize()
            if word.lower() not in self.real and word not in self.used:
                self.used.add(word)
                return word

    def person(self) -> str:
        return f"{self._word(2).capitalize()} {self._word(2).capitalize()}"

    def words(self, n: int) -> list[str]:
        out = []
        picks = self.rng.choices(self.vocab, cum_weights=self.cum_weights, k=n)
        for i, w in enumerate(picks):
            out.append(self.rng.choice(_GLUE) if i % 3 == 1 else w)
        return out

    def sentence(self, n: int, places: list[str]) -> str:
        ws = self.words(n)
        if places:
            ws[self.rng.randrange(1, n)] = self.rng.choice(places)
        if self.rng.random() < 0.3:
            ws.insert(self.rng.randrange(1, n), str(self.rng.randint(2, 400)))
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."

    def text(self, chars: int, places: list[str]) -> str:
        out: list[str] = []
        size = 0
        while size < chars:
            s = self.sentence(self.rng.randint(9, 22), places)
            out.append(s)
            size += len(s) + 1
        return " ".join(out)


def real_place_names() -> set[str]:
    """Country and subdivision names known to pycountry, lowercased."""
    import pycountry

    names = {c.name.lower() for c in pycountry.countries}
    names |= {s.name.lower() for s in pycountry.subdivisions}
    return names


#: The invented area where the corpus's invented places are drawn: a box of open South
#: Pacific where no land is (west, south, east, north), so no point is a real place's.
INVENTED_AREA = (-135.0, -50.0, -115.0, -40.0)
INVENTED_SOURCE = "invented for the benchmark corpus (open South Pacific, where no land is)"


def invented_point(n: int) -> dict[str, Any]:
    """The ``n``-th invented place: spread over :data:`INVENTED_AREA` (a low-discrepancy
    sequence, so places do not pile up), with its source saying it is invented.

    >>> invented_point(0)["source"].startswith("invented")
    True
    """
    west, south, east, north = INVENTED_AREA
    x, y = (n * 0.6180339887) % 1, (n * 0.7548776662) % 1
    lat, lon = round(south + y * (north - south), 4), round(west + x * (east - west), 4)
    return {"lat": lat, "lon": lon, "source": INVENTED_SOURCE}


def make_taxonomy(w: Words) -> dict[str, Any]:
    """World > 4 macro-regions > 16 countries > 60 provinces > 120 districts (201 regions).

    World and the macro-regions are kept off the maps (drawn as their members); every other
    region is an invented point in :data:`INVENTED_AREA`."""
    regions: list[dict[str, Any]] = [{"id": "world", "name": "World", "map": False}]

    def add(parent: str, name: str, **place: Any) -> str:
        rid = name.lower()  # names are unique, so ids are too
        place = place or invented_point(len(regions))
        regions.append({"id": rid, "name": name, "parent": parent, **place})
        return rid

    provinces = 0
    for _ in range(4):
        macro = add("world", w.name(3), map=False)
        for _ in range(4):
            country = add(macro, w.name(3))
            for _ in range(4 if provinces % 4 else 3):
                provinces += 1
                province = add(country, w.name(3))
                for _ in range(2):
                    add(province, w.name(2))
    themes = [
        {"id": tid, "name": name, "description": desc, "keywords": [name.lower()]}
        for tid, name, desc in THEMES
    ]
    return {"regions": regions, "themes": themes}


def _leaves(taxonomy: dict[str, Any]) -> dict[str, list[str]]:
    """Each country's provinces and districts, so an entry's regions sit in one country."""
    parent = {r["id"]: r.get("parent") for r in taxonomy["regions"]}
    depth = {}
    for rid in parent:
        d, p = 0, parent[rid]
        while p:
            d, p = d + 1, parent[p]
        depth[rid] = d
    by_country: dict[str, list[str]] = {}
    for rid, d in depth.items():
        if d >= 3:
            country = parent[rid] if d == 3 else parent[parent[rid]]
            by_country.setdefault(str(country), []).append(rid)
    return by_country


def make_entry(
    w: Words,
    i: int,
    eid: str,
    date: dt.date,
    names: dict[str, str],
    by_country: dict[str, list[str]],
    ids: list[str],
) -> dict[str, Any]:
    """One seed-shaped entry; ``names`` maps region ids to names."""
    r = w.rng
    country = r.choice(sorted(by_country))
    regions = r.sample(by_country[country], r.randint(2, 4))
    places = [names[x] for x in regions]
    people = [w.person() for _ in range(3)]
    day = lambda n: date - dt.timedelta(days=n)  # noqa: E731
    first = r.randint(20, 160)
    body: list[Any] = [w.text(430, places) for _ in range(8)]
    body.insert(
        5,
        {
            "quote": w.sentence(14, places)[:-1] + ",",
            "speaker": people[0],
            "role": "spokesperson",
            "organisation": f"{places[0]} {w.name(2)} Office",
        },
    )
    casualties = [
        {
            "group": "militants",
            "killed": first + r.randint(5, 60),
            "reported_by": f"{people[1]}, governor of {places[0]}",
            "reported_on": date,
            "period": f"about {r.randint(12, 72)} hours",
            "status": "official",
            "note": w.sentence(12, places),
        },
        {
            "group": "militants",
            "killed": first,
            "reported_by": f"{places[0]} {w.name(2)} command",
            "reported_on": day(1),
            "status": "claimed",
            "superseded": True,
            "note": "Earlier figure, revised by the governor's tally.",
        },
        {
            "group": "security-forces",
            "killed": r.randint(1, 40),
            "reported_by": f"{people[1]}, governor of {places[0]}",
            "reported_on": date,
            "status": "official",
        },
        {
            "group": "civilians",
            "killed": r.randint(0, 60),
            "reported_by": f"{places[-1]} {w.name(2)} clinic",
            "reported_on": date,
            "status": "confirmed",
        },
    ]
    risks = []
    for cat in r.sample(RISK_CATEGORIES, 3):
        risk: dict[str, Any] = {"text": w.text(190, places), "category": cat}
        if i % 2:
            risk["likelihood"] = r.choice(LIKELIHOOD)
            risk["impact"] = r.choice(SEVERITY)
        risks.append(risk)
    related = []
    for k in range(5):
        rel: dict[str, Any] = {
            "title": w.sentence(8, [])[:-1].title(),
            "date": day(r.randint(0, 30)),
        }
        if k < 3 and len(ids) > 1:
            other = r.choice(ids)
            rel["id"] = other if other != eid else ids[(ids.index(eid) + 1) % len(ids)]
        else:
            rel["url"] = f"https://example.org/fictional/{eid}/{k}"
        related.append(rel)
    return {
        "id": eid,
        "section": "Synthetic",
        "date": date,
        "headline": f"{places[0]} " + w.sentence(9, [])[:-1].title(),
        "dek": w.sentence(20, places)[:-1],
        "byline": w.person(),
        "summary": w.text(560, places),
        "key_points": [
            {"text": w.sentence(18, places)[:-1], "impact": w.sentence(8, [])[:-1].lower() + "."}
            for _ in range(3)
        ],
        "body": body,
        "context": [w.text(380, places)],
        "risks": risks,
        "casualties": casualties,
        "regions": regions,
        "themes": r.sample([t[0] for t in THEMES], 2),
        "actors": [
            {"name": f"{w.name(2)} {w.name(3)} Front", "role": w.sentence(10, places)[:-1]},
            {"name": f"{places[0]} command", "role": w.sentence(10, places)[:-1]},
            {"name": f"{people[1]}, governor of {places[0]}", "role": w.sentence(8, [])[:-1]},
            {"name": people[0], "role": w.sentence(8, [])[:-1]},
        ],
        "sources": [
            {
                "name": f"{people[1]}, governor of {places[0]}",
                "kind": "press conference",
                "date": date,
                "note": w.sentence(16, places),
            },
            {"name": f"{places[0]} command", "kind": "statement", "note": w.sentence(16, places)},
            {"name": people[0], "kind": "statement", "note": w.sentence(10, places)},
        ],
        "related": related,
    }


def entries(
    n: int, w: Words, taxonomy: dict[str, Any]
) -> Iterator[tuple[str, dt.date, dict[str, Any]]]:
    r = w.rng
    dates = sorted(START + dt.timedelta(days=r.randrange(DAYS)) for _ in range(n))
    ids = [f"{w.name(2).lower()}-{w.name(2).lower()}-{i:05d}" for i in range(n)]
    names = {x["id"]: x["name"] for x in taxonomy["regions"]}
    by_country = _leaves(taxonomy)
    for i, (eid, date) in enumerate(zip(ids, dates, strict=True)):
        yield eid, date, make_entry(w, i, eid, date, names, by_country, ids)


def write_corpus(n: int, out: Path, seed: int = 7, assessments: int | None = None) -> Path:
    """Write the project into ``out`` (which must not exist or be empty) and return it;
    ``assessments``: how many (default: one per ten entries)."""
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} exists and is not empty; choose another --out")
    rng = random.Random(seed)
    w = Words(rng, real_place_names())
    taxonomy = make_taxonomy(w)
    content = out / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    shutil.copytree(ROOT / "theme_overrides", out / "theme_overrides")
    (content / "home.md").write_text(
        "# Synthetic briefing corpus: a fictional demo\n\nA benchmark corpus: every place, "
        "person, group, event and assessment here is invented from random syllables; nothing "
        "describes the real world. Browse by [region](regions/index.md), "
        "[theme](themes/index.md) or [month](archive/index.md), or see the "
        "[watchlist](watch/index.md).\n",
        encoding="utf-8",
    )
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "site_name: Regional Risk Briefing", "site_name: Synthetic Briefing Corpus (fictional)", 1
    )
    banner = f"  fictional: {json.dumps(BANNER)}\n"
    if "\nextra:\n" in config:  # (the project's own extra settings stay)
        config = config.replace("\nextra:\n", "\nextra:\n" + banner, 1)
    else:
        config += "\nextra:\n" + banner
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    _dump(taxonomy, content / "taxonomy.yaml", "Synthetic taxonomy: every region is invented.")
    written = []
    for eid, date, entry in entries(n, w, taxonomy):
        folder = content / "articles" / str(date.year)
        folder.mkdir(exist_ok=True)
        _dump(entry, folder / f"{eid}.yaml", "Synthetic entry: invented places, people, events.")
        written.append((date, eid, entry["regions"]))
    count = n // 10 if assessments is None else assessments
    made = corpus_assessments.assessments(
        count, w.rng, taxonomy, written, START, DAYS, w.text, w.person
    )
    for item in made:
        folder = content / "assessments" / str(item["as_of"].year)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{item['region']}-{item['as_of'].isoformat()}.yaml"
        _dump(
            item, folder / name, "Synthetic assessment: an invented judgement on an invented place."
        )
    return out


def _dump(data: dict[str, Any], path: Path, comment: str) -> None:
    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=88)
    path.write_text(f"# {comment}\n{text}", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True, help="number of entries")
    parser.add_argument("--out", type=Path, required=True, help="new project folder")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--assessments", type=int, help="number of assessments (default: one per ten articles)"
    )
    args = parser.parse_args(argv)
    out = write_corpus(args.articles, args.out, args.seed, args.assessments)
    made = len(list((out / "content").glob("assessments/*/*.yaml")))
    print(f"wrote {args.articles} entries and {made} assessments to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
