"""The prepared name tables (``tables.Prepared``) in the index file: plain JSON columns, read back
without rebuilding anything (rebuilding them took about half of the start-up).

Layout: one table of entries shared by both name indexes (an entry is stored once however many keys
name it), then for each index its keys, the entries of each key (positions in the entry table) and its
blocks (gram, length, positions of its keys, as one base64 int32 array: a block becomes a list of keys
only when a query first needs it). Read back, keys and entries are shared objects, as built."""

from __future__ import annotations

import base64
import itertools
import sys
from array import array
from typing import Any

from bot.knowledge.geo.names import Entry, NameIndex
from bot.knowledge.geo.tables import Prepared

KINDS = ("commune", "qpv", "alias")
INT = "i"  # 32-bit signed on every platform CPython runs on


def _ints_text(values: array[int]) -> str:
    """Little-endian int32 array as base64: one JSON string instead of 100,000 numbers to parse."""
    if sys.byteorder != "little":
        values = array(INT, values)
        values.byteswap()
    return base64.b64encode(values.tobytes()).decode("ascii")


def _ints(text: str) -> array[int]:
    values = array(INT)
    values.frombytes(base64.b64decode(text, validate=True))
    if sys.byteorder != "little":
        values.byteswap()
    return values


def prepared_document(prepared: Prepared) -> dict[str, Any]:
    positions: dict[Entry, int] = {}
    entries: list[Entry] = []

    def position(entry: Entry) -> int:
        found = positions.get(entry)
        if found is None:
            found = positions[entry] = len(entries)
            entries.append(entry)
        return found

    def index_document(names: NameIndex) -> dict[str, Any]:
        exact, blocks = names.parts()
        key_pos = {key: i for i, key in enumerate(exact)}
        flat = array(INT, (key_pos[key] for keys in blocks.values() for key in keys))
        ends = array(INT, itertools.accumulate(len(keys) for keys in blocks.values()))
        return {
            "keys": list(exact),
            "entries": [[position(e) for e in found] for found in exact.values()],
            "block_gram": [gram for gram, _ in blocks],
            "block_size": [size for _, size in blocks],
            "block_ends": _ints_text(ends),
            "block_keys": _ints_text(flat),
        }

    names, compact = index_document(prepared.names), index_document(prepared.compact)
    return {
        "entries": {
            "kind": [KINDS.index(e.kind) for e in entries],
            "ref": [e.ref for e in entries],
            "commune": [e.commune for e in entries],
            "cap": [e.cap for e in entries],
        },
        "names": names,
        "compact": compact,
    }


def prepared_from_document(document: dict[str, Any]) -> Prepared:
    """Raises KeyError, TypeError, ValueError or IndexError on a malformed document."""
    columns = document["entries"]
    entries = [
        Entry(KINDS[kind], int(ref), str(commune), float(cap))
        for kind, ref, commune, cap in zip(
            columns["kind"], columns["ref"], columns["commune"], columns["cap"], strict=True
        )
    ]

    def name_index(part: dict[str, Any]) -> NameIndex:
        keys: list[str] = part["keys"]
        exact = {key: [entries[i] for i in found] for key, found in zip(keys, part["entries"], strict=True)}
        ends = _ints(part["block_ends"])
        bounds = itertools.pairwise(itertools.chain((0,), ends))
        spans = dict(zip(zip(part["block_gram"], part["block_size"], strict=True), bounds, strict=True))
        flat = _ints(part["block_keys"])
        if (ends and ends[-1] != len(flat)) or (flat and max(flat) >= len(keys)):
            raise ValueError("blocs de noms incohérents")
        return NameIndex.stored(exact, spans, flat)

    return Prepared(name_index(document["names"]), name_index(document["compact"]))
