"""Fictional assessments for the synthetic corpus (``corpus.py --assessments N``).

Each assessed region (an invented country or province) gets a series of assessments at
distinct dates: the level walks up and down the scale, the trend agrees with it, a few
carry an alert, each cites up to three earlier articles on the region, and makes one to
three judgements with every ICD 203 word. Most judgements whose day has passed by the end
of the corpus have an outcome, drawn so that what is stated as *likely* happens about as
often as 0.675 says (a calibrated, invented analyst); the rest stay open, some overdue.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from generator.content.assessments import LEVELS
from generator.content.assessments import MIDPOINTS as SCORED
from generator.content.schema import LIKELIHOOD

#: How often a judgement of each likelihood word comes true here: as often as it says.
MIDPOINTS = tuple(float(m) for m in SCORED)
#: Articles as the corpus wrote them: (date, id, region ids).
Written = Sequence[tuple[dt.date, str, Sequence[str]]]


def _subtree(taxonomy: dict[str, Any]) -> dict[str, set[str]]:
    """Each region and the regions within it."""
    parent = {r["id"]: r.get("parent") for r in taxonomy["regions"]}
    below: dict[str, set[str]] = defaultdict(set)
    for rid in parent:
        node: str | None = rid
        while node:
            below[node].add(rid)
            node = parent[node]
    return below


def _candidates(taxonomy: dict[str, Any]) -> list[str]:
    """Countries and provinces (depth 2 and 3 under the root)."""
    parent = {r["id"]: r.get("parent") for r in taxonomy["regions"]}

    def depth(rid: str) -> int:
        d, p = 0, parent[rid]
        while p:
            d, p = d + 1, parent[p]
        return d

    return [rid for rid in parent if depth(rid) in (2, 3)]


def _trend(rng: random.Random, was: int, now: int) -> str:
    if now > was:
        return "deteriorated" if rng.random() < 0.85 else "unchanged"
    if now < was:
        return "improved" if rng.random() < 0.85 else "unchanged"
    return rng.choices(("unchanged", "deteriorated", "improved"), (6, 2, 2))[0]


def assessments(
    n: int,
    rng: random.Random,
    taxonomy: dict[str, Any],
    written: Written,
    start: dt.date,
    days: int,
    text: Callable[[int, list[str]], str],
    person: Callable[[], str],
) -> Iterator[dict[str, Any]]:
    """``n`` assessments (as written to YAML), each region's in date order.

    ``text(chars, places)`` and ``person()`` are the corpus's made-up words and names.
    """
    if n <= 0:
        return
    names = {r["id"]: r["name"] for r in taxonomy["regions"]}
    below = _subtree(taxonomy)
    candidates = _candidates(taxonomy)
    regions = rng.sample(candidates, min(len(candidates), max(1, n // 5)))
    counts = [n // len(regions) + (1 if i < n % len(regions) else 0) for i in range(len(regions))]
    articles: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for date, eid, on in sorted(written):
        for rid in regions:
            if below[rid].intersection(on):
                articles[rid].append((date, eid))
    end = start + dt.timedelta(days=days)
    for rid, count in zip(regions, counts, strict=True):
        dates = sorted(start + dt.timedelta(days=d) for d in rng.sample(range(days), count))
        level = rng.randint(1, 3)
        for k, as_of in enumerate(dates):
            was = level
            if k:
                level = min(4, max(0, level + rng.choices((-1, 0, 1), (3, 4, 3))[0]))
            yield _one(rng, rid, names[rid], as_of, was, level, k, articles[rid], end, text, person)


def _one(
    rng: random.Random,
    rid: str,
    name: str,
    as_of: dt.date,
    was: int,
    level: int,
    k: int,
    articles: list[tuple[dt.date, str]],
    end: dt.date,
    text: Callable[[int, list[str]], str],
    person: Callable[[], str],
) -> dict[str, Any]:
    trend = _trend(rng, was, level) if k else rng.choice(("unchanged", "deteriorated"))
    earlier = [eid for date, eid in articles if date <= as_of]
    item: dict[str, Any] = {
        "region": rid,
        "as_of": as_of,
        "level": LEVELS[level],
        "trend": trend,
    }
    if trend == "deteriorated" and rng.random() < 0.15:
        item["alert"] = "risk-alert"
        item["alert_text"] = text(120, [name])
    elif trend == "improved" and rng.random() < 0.1:
        item["alert"] = "resolution-opportunity"
        item["alert_text"] = text(120, [name])
    judgements = []
    for letter in "abc"[: rng.randint(1, 3)]:
        word = rng.randrange(len(LIKELIHOOD))
        by = as_of + dt.timedelta(days=rng.randint(30, 120))
        judgement: dict[str, Any] = {
            "id": f"{rid}-{as_of.isoformat()}-{letter}",
            "statement": text(110, [name]),
            "likelihood": LIKELIHOOD[word],
            "by": by,
        }
        if by < end and rng.random() < 0.9:
            judgement["outcome"] = {
                "resolved_on": by + dt.timedelta(days=rng.randint(0, 10)),
                "happened": rng.random() < MIDPOINTS[word],
            }
        judgements.append(judgement)
    item.update(
        {
            "headline": f"{name}: " + text(60, [name]).rstrip("."),
            "summary": text(420, [name]),
            "body": [text(500, [name]) for _ in range(rng.randint(1, 2))],
            "author": person(),
            "evidence": earlier[-3:],
            "judgements": judgements,
        }
    )
    return item
