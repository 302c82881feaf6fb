"""Maps as Plotly figure dicts, each with the same places as a table: the front page's map
of recent briefings, a region's locator and an article's.

A map is a :class:`~generator.render.charts.Chart` (so it is escaped, lazily drawn and
printed like one) whose figure draws only from the site's own boundary file:

- every trace that draws a shape names ``geojson: "geo.json"``; ``assets/charts.js``
  points it at the site's copy (``assets/briefing/geo/geo.json``) and sets plotly.js's
  ``topojsonURL`` to that folder, whose ``world_110m.json`` is an empty topology: plotly.js
  fetches that file for any GeoJSON map (plotly.js #6767) and would otherwise ask
  cdn.plot.ly for it. Every base layer of plotly.js is off; the land is a choropleth of
  every country of our own file, so no request leaves the site;
- a trace's ``meta`` says what it shows (``base``, ``context``, ``focus``, ``member``,
  ``value``) and charts.js colours it for the light or dark palette;
- a place a reader can open carries its page's path from the site root in ``customdata``
  (``regions/pk-ba/``); charts.js opens it on click, or on Enter once focused.

>>> from generator.content.model import Region
>>> box = _padded((66.0, 29.0, 67.0, 30.0))
>>> box[0] < 66.0 and box[2] > 67.0
True
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..content.assessments import LEVELS, Assessment, day_month_year
from ..content.model import Entry, Region, Taxonomy
from ..maps.geometry import Box, load_geometry, union
from .charts import Chart, Figure, Table
from .presets import PRESETS, fresh

#: What charts.js replaces with the URL of the site's boundary file.
GEO_URL = "geo.json"
#: The front page maps the regions of the briefings of this many days up to the newest one.
RECENT_DAYS = 90
#: The smallest span a locator shows, in degrees: a city alone is shown in its surroundings.
MIN_SPAN = 6.0
HEIGHT = {"home": 420, "region": 340, "article": 260}


def region_path(region: Region) -> str:
    """A region page's path from the site root, as a map opens it."""
    return f"regions/{region.id}/"


def placed(taxonomy: Taxonomy, region: Region) -> list[Region]:
    """What draws ``region`` on a map: itself, or (``map: false``) its nearest members
    that are on the map (South Asia: Pakistan, India, Afghanistan)."""
    if region.on_map:
        return [region]
    return [m for c in region.children for m in placed(taxonomy, taxonomy.regions[c])]


def _box(region: Region) -> Box:
    if region.point is not None:
        lon, lat = region.point
        return lon, lat, lon, lat
    assert region.iso is not None  # validation: on the map, so a shape or a point
    return load_geometry().bbox(region.iso)


def _padded(box: Box) -> Box:
    west, south, east, north = box
    pad_x = max((east - west) * 0.15, (MIN_SPAN - (east - west)) / 2, 0.5)
    pad_y = max((north - south) * 0.15, (MIN_SPAN - (north - south)) / 2, 0.5)
    return west - pad_x, max(south - pad_y, -80), east + pad_x, min(north + pad_y, 84)


def _geo(box: Box | None) -> dict[str, Any]:
    """plotly.js's geo settings: every base layer off (the land is our own choropleth)."""
    geo: dict[str, Any] = dict(PRESETS["map"]["geo"])  # (shared by every map: presets.py)
    if box is None or box[2] - box[0] > 180:  # the world, or a country across it (Russia)
        geo["projection"] = {"type": "natural earth"}
        geo["lataxis"] = {"range": [-58, 84]}
    else:
        west, south, east, north = _padded(box)
        geo["projection"] = {"type": "mercator"}
        geo["lonaxis"] = {"range": [west, east]}
        geo["lataxis"] = {"range": [south, north]}
    return geo


def _layout(kind: str, box: Box | None) -> dict[str, Any]:
    shared = {k: v for k, v in PRESETS["map"].items() if k != "geo"}  # (presets.py)
    return {**fresh(shared), "geo": _geo(box), "height": HEIGHT[kind]}


def _base() -> dict[str, Any]:
    """The land: every country of the boundary file, in the land's colour. charts.js lists
    them from the file itself (``locations`` left out here: 251 ids would weigh ~3.5 KB
    on every page with a map)."""
    trace = _shapes("base", [], hover=False)
    del trace["locations"], trace["z"]
    return trace


def _shapes(
    meta: str,
    ids: Sequence[str],
    *,
    hover: bool = True,
    text: Sequence[str] = (),
    paths: Sequence[str] = (),
    values: Sequence[float] = (),
    top: float = 1,
) -> dict[str, Any]:
    trace: dict[str, Any] = {
        "type": "choropleth",
        "meta": meta,
        "geojson": GEO_URL,
        "featureidkey": "properties.id",
        "locations": list(ids),
        "z": list(values) if values else [1] * len(ids),
        "zmin": 0,
        "zmax": max(top, 1),
        "showscale": False,
        "hoverinfo": "text" if hover else "skip",
    }
    if text:
        trace["text"] = list(text)
    if paths:
        trace["customdata"] = list(paths)
    return trace


def _points(
    meta: str,
    regions: Sequence[Region],
    text: Sequence[str],
    sizes: Sequence[float] = (),
    values: Sequence[float] = (),
    top: float = 1,
) -> dict[str, Any]:
    marker: dict[str, Any] = {"size": list(sizes) if sizes else 11}
    if values:  # coloured on the same scale as the areas (charts.js sets the colours)
        marker.update(color=list(values), cmin=0, cmax=max(top, 1))
    return {
        "type": "scattergeo",
        "meta": meta,
        "mode": "markers",
        "lon": [r.point[0] for r in regions if r.point],
        "lat": [r.point[1] for r in regions if r.point],
        "text": list(text),
        "hoverinfo": "text",
        "customdata": [region_path(r) for r in regions],
        "marker": marker,
    }


def _split(regions: Iterable[Region]) -> tuple[list[Region], list[Region]]:
    regions = list(regions)
    return [r for r in regions if r.point is None], [r for r in regions if r.point is not None]


def _kind(region: Region) -> str:
    if region.point is not None:
        lon, lat = region.point
        return f"point ({lat:.2f}, {lon:.2f})"
    return f"area (ISO 3166 {region.iso})"


def recent(entries: Sequence[Entry]) -> list[Entry]:
    """The briefings of the :data:`RECENT_DAYS` up to the newest one (entries newest first):
    the latest picture even after a quiet month."""
    if not entries:
        return []
    since = entries[0].article.date - dt.timedelta(days=RECENT_DAYS - 1)
    return [e for e in entries if e.article.date >= since]


def home_map(
    taxonomy: Taxonomy, entries: Sequence[Entry], latest: Sequence[Assessment] = ()
) -> Chart | None:
    """Where the briefings of the last 90 days are (``entries`` newest first): coloured by
    each region's current assessment level once there are assessments (a region not
    assessed in the context colour), else by current reported killed; points sized by
    number of briefings."""
    recent_entries = recent(entries)
    briefings: Counter[str] = Counter()
    killed: Counter[str] = Counter()
    for e in recent_entries:
        figure = sum(c.killed for c in e.article.casualties if not c.superseded)
        named = (m.id for r in e.regions for m in placed(taxonomy, taxonomy.regions[r]))
        for rid in dict.fromkeys(named):
            briefings[rid] += 1
            killed[rid] += figure
    if not briefings:
        return None
    shown = [r for r in taxonomy.regions.values() if r.id in briefings]  # parents first
    level = {a.region: a for a in latest}

    def say(r: Region) -> str:
        n = briefings[r.id]
        text = f"{r.name} · {n} briefing{'s' * (n != 1)} · {killed[r.id]:,} reported killed"
        return f"{text} · {level[r.id].data.level}" if r.id in level else text

    data: list[Figure] = [_base()]
    if level:  # by level: the assessed in the scale's colours, the others plainly
        data += _by_level([r for r in shown if r.id not in level], {}, say, level)
        data += _by_level([r for r in shown if r.id in level], briefings, say, level)
    else:
        data += _by_killed(shown, briefings, killed, say)
    first, last = recent_entries[-1].article.date, recent_entries[0].article.date
    span = f"{first:%B} {first.day}, {first.year} to {last:%B} {last.day}, {last.year}"
    order = sorted(shown, key=lambda r: (-briefings[r.id], r.name))
    rows = tuple(
        (r.name, str(briefings[r.id]), f"{killed[r.id]:,}")
        + ((level[r.id].data.level if r.id in level else "not assessed",) if level else ())
        for r in order
    )
    table = Table(
        f"Regions of the briefings from {span}: number of briefings and current reported "
        "killed (summed over briefings, which may report the same events)"
        + (", and each region's current assessment level" if level else ""),
        ("Region", "Briefings", "Reported killed", *(("Level",) if level else ())),
        rows,
    )
    # Named, not described: the table after the map lists every place with its figures
    # (a label listing 200 regions would double the front page's text for a screen reader).
    label = (
        f"Map of the {len(rows)} region{'s' * (len(rows) != 1)} of the briefings from "
        f"{span}, listed with their figures in the table below"
    )
    return Chart("map", label, {"data": data, "layout": _layout("home", None)}, table, True)


def _sizes(points: Sequence[Region], briefings: Mapping[str, int]) -> list[float]:
    most = max(briefings[r.id] for r in points)
    return [8 + 14 * math.sqrt(briefings[r.id] / most) for r in points]


def _by_killed(
    shown: Sequence[Region],
    briefings: Mapping[str, int],
    killed: Mapping[str, int],
    say: Callable[[Region], str],
) -> list[Figure]:
    areas, points = _split(shown)
    top = max(killed[r.id] for r in shown)
    data: list[Figure] = []
    if areas:
        ids, paths = [r.iso or "" for r in areas], [region_path(r) for r in areas]
        values = [killed[r.id] for r in areas]
        text = [say(r) for r in areas]
        data.append(_shapes("value", ids, text=text, paths=paths, values=values, top=top))
    if points:
        values = [killed[r.id] for r in points]
        text = [say(r) for r in points]
        data.append(_points("value", points, text, _sizes(points, briefings), values, top=top))
    return data


def _by_level(
    regions: Sequence[Region],
    briefings: Mapping[str, int],
    say: Callable[[Region], str],
    level: Mapping[str, Assessment],
) -> list[Figure]:
    """Assessed regions on the scale's colours (``briefings`` sizes their points), or with
    no ``briefings`` given, regions not assessed, plainly."""
    if not regions:
        return []
    if not briefings:
        return _drawn("context", regions, say)
    areas, points = _split(regions)
    top = len(LEVELS) - 1
    data: list[Figure] = []
    if areas:
        ids, paths = [r.iso or "" for r in areas], [region_path(r) for r in areas]
        ranks = [level[r.id].rank for r in areas]
        text = [say(r) for r in areas]
        data.append(_shapes("level", ids, text=text, paths=paths, values=ranks, top=top))
        data[-1]["zmax"] = top
    if points:
        ranks = [level[r.id].rank for r in points]
        text = [say(r) for r in points]
        data.append(_points("level", points, text, _sizes(points, briefings), ranks, top=top))
    return data


def _drawn(meta: str, regions: Sequence[Region], say: Callable[[Region], str]) -> list[Figure]:
    """The traces drawing ``regions`` as one part of a map: their areas, then their points;
    each place's hover text is ``say(region)`` and it opens the region's page."""
    areas, points = _split(regions)
    traces = []
    if areas:
        ids, text = [r.iso or "" for r in areas], [say(r) for r in areas]
        traces.append(_shapes(meta, ids, text=text, paths=[region_path(r) for r in areas]))
    if points:
        traces.append(_points(meta, points, [say(r) for r in points]))
    return traces


def _counted(counts: Mapping[str, int]) -> Callable[[Region], str]:
    def say(r: Region) -> str:
        n = counts.get(r.id, 0)
        return f"{r.name} · {n} briefing{'s' * (n != 1)}"

    return say


def region_map(taxonomy: Taxonomy, region: Region, counts: Mapping[str, int]) -> Chart | None:
    """A region's locator: the region highlighted within its parent's area, its children
    marked; each place says its number of briefings (``counts``) and opens its page."""
    focus = placed(taxonomy, region)
    if not focus:
        return None
    context = next(
        (
            taxonomy.regions[a]
            for a in reversed(region.ancestors)
            if taxonomy.regions[a].iso and taxonomy.regions[a].on_map
        ),
        None,
    )
    children = [
        m
        for c in (region.children if region.on_map else ())
        for m in placed(taxonomy, taxonomy.regions[c])
    ]
    # Counts of the region and its parts only: they come from the region's own briefings
    # (a region's page lists those within it), which key its page in the cache; the
    # parent's count would not.
    say = _counted(counts)
    data: list[Figure] = [_base()]
    if context is not None:
        data += _drawn("context", [context], lambda r: r.name)
    # Areas under points: the parts' areas, then the region's, then the parts' points.
    data += _drawn("member", [r for r in children if r.point is None], say)
    data += _drawn("focus", focus, say)
    data += _drawn("member", [r for r in children if r.point is not None], say)
    box = union(_box(r) for r in [*([context] if context else []), *focus, *children])
    rows = tuple(
        [(r.name, "this region", _kind(r), str(counts.get(r.id, 0))) for r in focus]
        + ([(context.name, "within", _kind(context), "")] if context else [])
        + [(r.name, "part of it", _kind(r), str(counts.get(r.id, 0))) for r in children]
    )
    table = Table(
        f"Where {region.name} is, and the briefings on it and each of its parts",
        ("Region", "On the map", "Drawn as", "Briefings"),
        rows,
    )
    label = f"Map locating {region.name}" + (f" within {context.name}" if context else "")
    return Chart("map", label, {"data": data, "layout": _layout("region", box)}, table, True)


def article_map(taxonomy: Taxonomy, region_ids: Sequence[str]) -> Chart | None:
    """A small locator of an article's regions. Names only: an article page is reused
    while its entry is unchanged, so it shows nothing other entries change."""
    regions = list(
        dict.fromkeys(m for rid in region_ids for m in placed(taxonomy, taxonomy.regions[rid]))
    )
    if not regions:
        return None
    data: list[Figure] = [_base(), *_drawn("focus", regions, lambda r: r.name)]
    box = union(_box(r) for r in regions)
    rows = tuple((r.name, _kind(r)) for r in regions)
    table = Table("The article's regions on the map", ("Region", "Drawn as"), rows)
    label = "Map of the article's regions: " + ", ".join(r.name for r in regions)
    return Chart("map", label, {"data": data, "layout": _layout("article", box)}, table, True)


#: A trend as the watchlist map's hover says it, with the arrow the watchlist shows.
TREND_WORDS = {
    "deteriorated": "▲ deteriorated",
    "unchanged": "▶ unchanged",
    "improved": "▼ improved",
}


def level_map(taxonomy: Taxonomy, latest: Sequence[Assessment]) -> Chart | None:
    """The watchlist's map: each assessed region coloured by its current level (the five
    words, one colour each), its hover and table saying the level, the trend and the day.
    Regions kept off the maps are drawn as their members, each with the group's level
    unless assessed itself."""
    level: dict[str, Assessment] = {}
    for a in sorted(latest, key=lambda a: len(taxonomy.regions[a.region].ancestors)):
        for m in placed(taxonomy, taxonomy.regions[a.region]):
            level[m.id] = a  # a member's own assessment (deeper, later) wins
    if not level:
        return None
    shown = [r for r in taxonomy.regions.values() if r.id in level]

    def say(r: Region) -> str:
        a = level[r.id]
        return (
            f"{r.name} · {a.data.level} · {TREND_WORDS[a.data.trend]} · {day_month_year(a.as_of)}"
        )

    areas, points = _split(shown)
    data: list[Figure] = [_base()]
    if areas:
        trace = _shapes(
            "level",
            [r.iso or "" for r in areas],
            text=[say(r) for r in areas],
            paths=[region_path(r) for r in areas],
            values=[level[r.id].rank for r in areas],
        )
        trace["zmax"] = len(LEVELS) - 1
        data.append(trace)
    if points:
        trace = _points("level", points, [say(r) for r in points])
        trace["marker"].update(
            color=[level[r.id].rank for r in points], cmin=0, cmax=len(LEVELS) - 1
        )
        data.append(trace)
    rows = tuple(
        (r.name, level[r.id].data.level, level[r.id].data.trend, day_month_year(level[r.id].as_of))
        for r in sorted(shown, key=lambda r: (-level[r.id].rank, r.name))
    )
    table = Table(
        "Each region's current level and its trend since its previous assessment",
        ("Region", "Level", "Trend", "As of"),
        rows,
    )
    label = f"Map of the {len(rows)} assessed places by level, listed in the table below"
    return Chart("map", label, {"data": data, "layout": _layout("home", None)}, table, True)
