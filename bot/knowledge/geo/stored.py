"""The prepared name tables (``tables.Prepared``) in the index file: plain JSON columns and packed arrays,
read back without rebuilding anything (rebuilding them took about half of the start-up).

Layout: one table of entries shared by both name indexes (an entry is stored once however many keys
name it: its kind, its position among the communes / QPV, its commune as a position among the communes,
-1 for none, and its cap as a position in a small table of caps), then for each index its keys (sorted:
looked up by bisection, see ``NameIndex.stored``), the entries of each key (one int32 array of entry
positions, and where each key's run ends) and its blocks
(gram, length, positions of its keys, as one int32 array: a block becomes a list of keys only when a
query first needs it). Read back, keys, entries, commune codes and caps are shared objects, as built."""

from __future__ import annotations

import base64
import itertools
import sys
from array import array
from collections.abc import Sequence
from typing import Any

from bot.knowledge.geo.names import Entry, NameIndex, rows_of
from bot.knowledge.geo.tables import Prepared

KINDS = ("commune", "qpv", "alias")
INT = "i"  # 32-bit signed on every platform CPython runs on


def pack(values: array[Any]) -> str:
    """A number array as base64 of its little-endian bytes: one JSON string instead of 100,000 numbers."""
    if sys.byteorder != "little":
        values = array(values.typecode, values)
        values.byteswap()
    return base64.b64encode(values.tobytes()).decode("ascii")


def unpack(typecode: str, text: str) -> array[Any]:
    """Raises ValueError on text that is not base64 of whole items."""
    values = array(typecode)
    values.frombytes(base64.b64decode(text, validate=True))
    if sys.byteorder != "little":
        values.byteswap()
    return values


def _ints(text: str) -> array[int]:
    return unpack(INT, text)


def prepared_document(prepared: Prepared, codes: Sequence[str]) -> dict[str, Any]:
    """``codes``: the INSEE codes of the index's communes, in order (an entry's commune is stored as its
    position among them)."""
    code_pos = {code: i for i, code in enumerate(codes)}
    code_pos[""] = -1
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
        keys = sorted(exact)  # searched by bisection once read back
        key_pos = {key: i for i, key in enumerate(keys)}
        flat = array(INT, (key_pos[key] for keys_of_block in blocks.values() for key in keys_of_block))
        ends = array(INT, itertools.accumulate(len(keys_of_block) for keys_of_block in blocks.values()))
        found = array(INT, (position(e) for key in keys for e in exact[key]))
        found_ends = array(INT, itertools.accumulate(len(exact[key]) for key in keys))
        return {
            "keys": keys,
            "found": pack(found),
            "found_ends": pack(found_ends),
            "block_gram": [gram for gram, _ in blocks],
            "block_size": [size for _, size in blocks],
            "block_ends": pack(ends),
            "block_keys": pack(flat),
        }

    names, compact = index_document(prepared.names), index_document(prepared.compact)
    caps = sorted({e.cap for e in entries}, reverse=True)
    return {
        "entries": {
            "kind": pack(array(INT, (KINDS.index(e.kind) for e in entries))),
            "ref": pack(array(INT, (e.ref for e in entries))),
            "commune": pack(array(INT, (code_pos[e.commune] for e in entries))),
            "caps": caps,
            "cap": pack(array(INT, (caps.index(e.cap) for e in entries))),
        },
        "names": names,
        "compact": compact,
    }


def _positions(values: array[int], size: int) -> array[int]:
    if values and (min(values) < 0 or max(values) >= size):
        raise ValueError("position hors de la table")
    return values


def prepared_from_document(document: dict[str, Any], codes: Sequence[str]) -> Prepared:
    """Raises KeyError, TypeError, ValueError or IndexError on a malformed document."""
    columns = document["entries"]
    caps = [float(cap) for cap in columns["caps"]]
    communes = [*codes, ""]  # -1: no commune
    commune_pos = _ints(columns["commune"])
    if commune_pos and min(commune_pos) < -1:
        raise ValueError("commune hors de la table")
    entries = list(
        rows_of(
            Entry,
            zip(
                map(KINDS.__getitem__, _positions(_ints(columns["kind"]), len(KINDS))),
                _ints(columns["ref"]).tolist(),
                map(communes.__getitem__, commune_pos),
                map(caps.__getitem__, _positions(_ints(columns["cap"]), len(caps))),
                strict=True,
            ),
        )
    )

    def name_index(part: dict[str, Any]) -> NameIndex:
        keys: list[str] = part["keys"]
        ordered = list(map(entries.__getitem__, _positions(_ints(part["found"]), len(entries))))
        ends = _ints(part["block_ends"])
        bounds = itertools.pairwise(itertools.chain((0,), ends))
        spans = dict(zip(zip(part["block_gram"], part["block_size"], strict=True), bounds, strict=True))
        flat = _ints(part["block_keys"])
        if (ends and ends[-1] != len(flat)) or (flat and max(flat) >= len(keys)):
            raise ValueError("blocs de noms incohérents")
        return NameIndex.stored(keys, _ints(part["found_ends"]), ordered, spans, flat)

    return Prepared(name_index(document["names"]), name_index(document["compact"]))
