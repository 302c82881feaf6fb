"""Open data: every entry as validated JSON, and every reported casualty figure as CSV.

- ``data/articles/<year>.json.gz``: the entries of that year, gzip-compressed JSON,
  ``{"schema_version", "schema", "article_url", "year", "articles": [...]}``; each article
  is the validated entry exactly as the content model defines it (so the published JSON
  Schema validates it), newest first, then by id. A field the entry does not give is left
  out, not written ``null`` (the schema requires none of them). ``data/articles/index.json``
  lists the years, newest first, with how many entries each and its file's address.
  Why so: one file of every entry was 102 MB at 10,000 entries, an eighth of the site,
  and written again whole for any change; compressed it is a quarter of that (text), and by
  year a change rewrites one year's file, while a past year's stays as it was (issue 17).
- ``data/casualties.csv``: one row per reported figure, superseded ones included, so a
  revision (92, then 145) is two rows.
- ``data/regions/<id>.csv``: the entries listed on that region's page (its own and its
  descendants') that report figures, one row each with how many: their figures are the
  rows of ``casualties.csv`` with those ids. A reference, not a copy: a figure is written
  once, so the data grows with the entries, not with entries times the taxonomy's depth.
- ``data/risks.csv``: one row per risk an entry names, with what the entry gives of its
  category, likelihood, impact and the analyst's confidence (empty where not given).

The CSV is RFC 4180 (UTF-8, comma, CRLF). A text cell that a spreadsheet would run as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, tab or CR) gets a leading ``'``, as
OWASP advises for CSV meant to be opened in spreadsheets.

>>> csv_cell("=HYPERLINK(1)"), csv_cell("Pakistan military")
("'=HYPERLINK(1)", 'Pakistan military')
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import struct
import zlib
from collections.abc import Callable, Sequence

from isal import isal_zlib
from pydantic import TypeAdapter

from ..content.link import Site
from ..content.model import Entry
from ..content.schema import SCHEMA_VERSION, ArticleIn
from .reuse import NO_REUSE, Reuse
from .urls import Links, page_url, region_csv_path

#: The years' files and where each is: ``articles_path(year)``.
ARTICLES_INDEX = "data/articles/index.json"
CASUALTIES_CSV = "data/casualties.csv"
RISKS_CSV = "data/risks.csv"
#: Published by the schema stage (``briefing schema``); referenced here, not written.
SCHEMA_PATH = "schema/article.schema.json"
CSV_COLUMNS = (
    "article_id",
    "article_date",
    "article_url",
    "regions",
    "group",
    "killed",
    "injured",
    "reported_by",
    "reported_on",
    "period",
    "status",
    "superseded",
    "note",
)
#: A region's file: which rows of ``casualties.csv`` are its (by ``article_id``).
REGION_COLUMNS = ("article_id", "article_date", "article_url", "regions", "figures")
RISK_COLUMNS = (
    "article_id",
    "article_date",
    "article_url",
    "regions",
    "category",
    "likelihood",
    "impact",
    "confidence",
    "text",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ARTICLES = TypeAdapter(list[ArticleIn])


def csv_cell(value: str | None) -> str:
    """A text cell that no spreadsheet will evaluate as a formula."""
    if value is None:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _article_cells(entry: Entry, links: Links, at: str) -> list[str]:
    """What every row of a CSV says of its entry: id, date, page (for a file at ``at``),
    region ids."""
    a = entry.article
    return [a.id, a.date.isoformat(), links.page(entry.src, at), ";".join(a.regions)]


def entry_rows(entry: Entry, links: Links, at: str) -> list[list[str]]:
    """One row per figure the entry reports, in its ledger order, for a file at ``at``."""
    article = _article_cells(entry, links, at)
    return [
        [
            *article,
            c.group,
            str(c.killed),
            "" if c.injured is None else str(c.injured),
            csv_cell(c.reported_by),
            c.reported_on.isoformat(),
            csv_cell(c.period),
            c.status,
            "true" if c.superseded else "false",
            csv_cell(c.note),
        ]
        for c in entry.article.casualties
    ]


def risk_rows(entry: Entry, links: Links, at: str) -> list[list[str]]:
    """One row per risk the entry names, in its order, for a file at ``at``."""
    article = _article_cells(entry, links, at)
    return [
        [
            *article,
            r.category or "",
            r.likelihood or "",
            r.impact or "",
            r.confidence or "",
            csv_cell(r.text),
        ]
        for r in entry.article.risks
    ]


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


_HEADER = _csv_text([CSV_COLUMNS])
_REGION_HEADER = _csv_text([REGION_COLUMNS])
_RISK_HEADER = _csv_text([RISK_COLUMNS])


def entry_csv(entry: Entry, links: Links, at: str) -> str:
    """The CSV lines of one entry's figures (rows are written independently, so a file's
    text is its header and its entries' lines, joined)."""
    return _csv_text(entry_rows(entry, links, at))


def render_csv(entries: Sequence[Entry], links: Links, at: str, reuse: Reuse = NO_REUSE) -> str:
    """``casualties.csv``: its header and each entry's lines (``reuse.each`` keeps them)."""
    parts = [str(links.site_url), at]
    return _HEADER + "".join(
        [reuse.each("csv", e, parts, functools.partial(entry_csv, e, links, at)) for e in entries]
    )


def render_region_csv(
    entries: Sequence[Entry], links: Links, at: str, reuse: Reuse = NO_REUSE
) -> str:
    """The entries with figures, each once, in the site's order: a reference to their
    rows in ``casualties.csv``.

    >>> render_region_csv([], Links(None), "data/regions/x.csv").splitlines()
    ['article_id,article_date,article_url,regions,figures']
    """
    parts = [str(links.site_url), at]

    def line(e: Entry) -> str:  # (nothing for an entry without figures)
        figures = len(e.article.casualties)
        return _csv_text([[*_article_cells(e, links, at), str(figures)]]) if figures else ""

    return _REGION_HEADER + "".join(
        [reuse.each("region-csv", e, parts, functools.partial(line, e)) for e in entries]
    )


def render_risks_csv(entries: Sequence[Entry], links: Links, reuse: Reuse = NO_REUSE) -> str:
    parts = [str(links.site_url), RISKS_CSV]

    def lines(e: Entry) -> str:
        return _csv_text(risk_rows(e, links, RISKS_CSV))

    return _RISK_HEADER + "".join(
        [reuse.each("risks-csv", e, parts, functools.partial(lines, e)) for e in entries]
    )


def articles_path(year: int) -> str:
    """Where a year's entries are published.

    >>> articles_path(2026)
    'data/articles/2026.json.gz'
    """
    return f"data/articles/{year}.json.gz"


def _head(links: Links, at: str) -> dict[str, str]:
    return {
        "schema_version": SCHEMA_VERSION,
        "schema": links.file(SCHEMA_PATH, at),
        # Each article's page: replace {id}. Kept out of the articles themselves, which
        # stay exactly what the schema describes.
        "article_url": links.file(page_url("articles/{id}.md"), at),
    }


def by_year(entries: Sequence[Entry]) -> list[tuple[int, list[Entry]]]:
    """The entries (newest first) of each year, the newest year first."""
    return [(y, list(g)) for y, g in itertools.groupby(entries, key=lambda e: e.date.year)]


#: Entries per independently compressed part of a year's file, counted from the oldest
#: (:func:`render_articles_year`).
BLOCK = 64
#: The gzip header of a file with no name and no time, as ``gzip.compress(mtime=0)`` writes.
_GZIP_HEAD = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
#: ISA-L's level (python-isal: Intel's deflate, the same format as zlib's, other bytes):
#: its 3, its highest, compresses the articles at 1,000 entries in 0.04 s into 3.31 MB,
#: where zlib takes 0.15 s at level 4 (3.19 MB) and 0.45 s at its default 6 (2.99 MB):
#: the largest cost of a cold build's data files, for 4% more bytes than zlib's 4.
LEVEL = 3


def _deflate(data: bytes) -> bytes:
    """``data`` as raw deflate blocks ending on a byte (a sync flush), not final: parts
    so made, joined and closed by :data:`_DEFLATE_END`, are one deflate stream."""
    c = isal_zlib.compressobj(LEVEL, isal_zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(isal_zlib.Z_SYNC_FLUSH)


_DEFLATE_END = isal_zlib.compressobj(LEVEL, isal_zlib.DEFLATED, -15).flush(isal_zlib.Z_FINISH)


def render_articles_year(
    entries: Sequence[Entry], year: int, links: Links, reuse: Reuse = NO_REUSE
) -> bytes:
    """The year's file: one gzip member whose deflate stream is made of parts of
    :data:`BLOCK` entries counted from the oldest, each compressed on its own (as pigz
    does), so an edit compresses one part again and a new entry the newest, not the year;
    ``reuse`` keeps the parts (~1% larger than one stream).

    >>> import gzip
    >>> data = render_articles_year([], 2026, Links(None))
    >>> json.loads(gzip.decompress(data))["articles"]
    []
    """
    at = articles_path(year)
    head = {**_head(links, at), "year": year}
    prefix = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    head_text, tail = prefix.encode() + b',"articles":[', b"]}\n"
    starts = range(len(entries) % BLOCK or BLOCK, len(entries), BLOCK)
    bounds = [0, *starts, len(entries)] if entries else []
    pieces = [_fixed_part(head_text)]
    for lo, hi in itertools.pairwise(bounds):
        block, last = entries[lo:hi], hi == len(entries)
        make = functools.partial(_articles_block, block, last)
        pieces.append(reuse.memo("articles-block", [reuse.ident(block), str(last)], make))
    pieces.append(_fixed_part(tail, end=True))
    crc, size = 0, 0
    for _, part_crc, part_size in pieces:
        crc, size = _crc_combine(crc, part_crc, part_size), size + part_size
    body = b"".join(data for data, _, _ in pieces)
    return _GZIP_HEAD + body + struct.pack("<II", crc, size & 0xFFFFFFFF)


@functools.lru_cache(maxsize=256)
def _fixed_part(text: bytes, end: bool = False) -> tuple[bytes, int, int]:
    """A year file's head or tail (``end``: closing the stream): compressed, its CRC and
    length; the same for every build of a year, so made once per process (a compressor
    is slow to set up: a twentieth of a second per ``mkdocs serve`` rebuild at 10,000)."""
    return _deflate(text) + (_DEFLATE_END if end else b""), zlib.crc32(text), len(text)


def _articles_block(block: Sequence[Entry], last: bool) -> tuple[bytes, int, int]:
    """A part of a year's file: compressed, and the CRC and length of its text (every
    part but the oldest ends with the comma before the next)."""
    # pydantic writes the articles straight to JSON (~3x faster than model_dump + json at
    # 10,000 entries); compact, as indentation alone would add megabytes to the download,
    # and without the fields an entry does not give (the module's doc).
    text = _ARTICLES.dump_json([e.article for e in block], exclude_none=True)[1:-1]
    text = text if last else text + b","
    return _deflate(text), zlib.crc32(text), len(text)


def _crc_combine(crc: int, part_crc: int, size: int) -> int:
    """The CRC-32 of a text whose first part has ``crc`` and whose next ``size`` bytes
    have ``part_crc``: zlib's ``crc32_combine``, which Python's zlib does not expose
    (python-isal's does), in steps as many as the bits of ``size``.

    >>> _crc_combine(zlib.crc32(b"ab"), zlib.crc32(b"cd"), 2) == zlib.crc32(b"abcd")
    True
    >>> big = bytes(range(256)) * 4099
    >>> _crc_combine(zlib.crc32(b"x"), zlib.crc32(big), len(big)) == zlib.crc32(b"x" + big)
    True
    """
    return int(isal_zlib.crc32_combine(crc, part_crc, size))


def render_articles_index(years: Sequence[tuple[int, Sequence[Entry]]], links: Links) -> str:
    files = [
        {"year": y, "articles": len(es), "url": links.file(articles_path(y), ARTICLES_INDEX)}
        for y, es in years
    ]
    doc = {**_head(links, ARTICLES_INDEX), "files": files}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def render_opendata(site: Site, links: Links, reuse: Reuse = NO_REUSE) -> dict[str, str | bytes]:
    """The data files, keyed by path relative to the site root; ``reuse``: a file whose
    entries did not change is what was made before (``render/reuse.py``)."""

    def memo(path: str, entries: Sequence[Entry], make: Callable[[], str | bytes]) -> str | bytes:
        return reuse.memo("opendata", [path, str(links.site_url), reuse.ident(entries)], make)

    years = by_year(site.entries)
    files: dict[str, str | bytes] = {
        ARTICLES_INDEX: render_articles_index(years, links),
        CASUALTIES_CSV: memo(
            CASUALTIES_CSV,
            site.entries,
            lambda: render_csv(site.entries, links, CASUALTIES_CSV, reuse),
        ),
        RISKS_CSV: memo(
            RISKS_CSV, site.entries, lambda: render_risks_csv(site.entries, links, reuse)
        ),
    }
    for year, of_year in years:  # (kept by its parts: a whole kept too would leave them
        # unused, so not saved, whenever the year did not change)
        files[articles_path(year)] = render_articles_year(of_year, year, links, reuse)
    for region in site.taxonomy.regions.values():
        path = region_csv_path(region)
        entries = site.by_region[region.id]
        files[path] = memo(
            path, entries, functools.partial(render_region_csv, entries, links, path, reuse)
        )
    return files
