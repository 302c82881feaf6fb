"""A built site's files as bytes, to compare two builds, with Pagefind's filter index as
the data it holds.

Pagefind (1.5, upstream) writes its filter index in the order of a Rust hash map seeded
anew in each run: the same filters come out in another order, so the filter files, whose
names are hashes of their bytes, and the two files that name them (``*.pf_meta`` and
``pagefind-entry.json``) differ between two builds of the same tree. Everything else of
the bundle is byte-identical. Here each filter file is its key's values, sorted, under
``<bundle>/filter/<key>``; the meta file is its decoded content, filter hashes replaced
by their keys and that list sorted, under ``<bundle>/pagefind.pf_meta``; the entry file
loses the meta file's hash. Anything else that differs still differs.

>>> _cbor(bytes([0x82, 0x61, 0x61, 0x81, 0x03]))
(['a', [3]], 5)
"""

from __future__ import annotations

import gzip
import json
import struct
from pathlib import Path
from typing import Any

MAGIC = b"pagefind_dcd"


def _cbor(data: bytes, i: int = 0) -> tuple[Any, int]:
    """One CBOR item (RFC 8949, definite lengths: what Pagefind writes) at ``i``."""
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if major == 7:
        if info in (25, 26, 27):
            size = {25: 2, 26: 4, 27: 8}[info]
            fmt = {2: ">e", 4: ">f", 8: ">d"}[size]
            return struct.unpack(fmt, data[i : i + size])[0], i + size
        return {20: False, 21: True, 22: None}.get(info), i
    if info < 24:
        n = info
    else:
        size = 1 << (info - 24)
        n, i = int.from_bytes(data[i : i + size], "big"), i + size
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major in (2, 3):
        raw = data[i : i + n]
        return (raw.decode() if major == 3 else raw.hex()), i + n
    items = []
    for _ in range(n * (2 if major == 5 else 1)):
        item, i = _cbor(data, i)
        items.append(item)
    return items, i


def _decoded(data: bytes) -> Any:
    raw = gzip.decompress(data)
    assert raw.startswith(MAGIC)
    return _cbor(raw[len(MAGIC) :])[0]


def _named(value: Any, names: dict[str, str]) -> Any:
    """``value`` with filter hashes as their keys, and lists of named filters sorted."""
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        items = [_named(v, names) for v in value]
        if items and all(
            isinstance(v, list) and set(map(str, v)) & set(names.values()) for v in items
        ):
            items.sort(key=repr)
        return items
    return value


def site_snapshot(site: Path) -> dict[str, bytes]:
    """Every file of ``site`` by its path, Pagefind's filter index as data."""
    files = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    out: dict[str, bytes] = {}
    names: dict[str, str] = {}  # filter file stem -> "filter:<key>"
    for name, path in files.items():
        if name.endswith(".pf_filter"):
            key, values = _decoded(path.read_bytes())
            names[path.stem] = f"filter:{key}"
            bundle = name.rsplit("/filter/", 1)[0]
            out[f"{bundle}/filter/{key}"] = repr(sorted(map(repr, values))).encode()
    for name, path in files.items():
        if name.endswith(".pf_filter"):
            continue
        if name.endswith(".pf_meta"):
            bundle = name.rsplit("/", 1)[0]
            out[f"{bundle}/pagefind.pf_meta"] = repr(
                _named(_decoded(path.read_bytes()), names)
            ).encode()
        elif name.endswith("pagefind-entry.json"):
            entry = json.loads(path.read_bytes())
            for language in entry.get("languages", {}).values():
                language.pop("hash", None)
            out[name] = json.dumps(entry, sort_keys=True).encode()
        else:
            out[name] = path.read_bytes()
    return out
