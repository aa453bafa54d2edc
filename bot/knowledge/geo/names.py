"""Name matching: exact keys in a dict, then typo-tolerant lookup with rapidfuzz on a blocked subset.

Blocking: a key is filed, by length, under three "grams" of its start: letters 1-2, letters 2-3 and
letters 1+3. A query looks up its own three grams within the lengths its allowed corrections permit.
Any single correction (including in the first letters, a swap, a missing or extra first letter) keeps
at least one gram equal, so nothing reachable is lost, and a query scores a few hundred keys instead
of 40,000 (p99 well under 2 ms).

Score: 100 for an exact key; otherwise ``100 - 6 x corrections`` (OSA distance: an insertion, a
deletion, a substitution or a swap of two neighbours each count one), capped by the entry's own cap
(95 for a name known only by its first word, e.g. "Le Cateau"). Corrections allowed: 0 up to 3
letters, 1 up to 7, 2 up to 12, 3 beyond. Anything else is not a match."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, NamedTuple, TypeVar, cast

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

PENALTY_PER_EDIT = 6.0
FUZZY_CANDIDATES = 12


Row = TypeVar("Row", bound=tuple[Any, ...])


def rows_of(kind: type[Row], values: Iterable[tuple[Any, ...]]) -> list[Row]:
    """Named tuples of ``kind`` from plain tuples in one C-level pass (``kind._make`` runs Python code for
    each row)."""
    return list(map(cast(Any, partial(tuple.__new__, kind)), values))


class Entry(NamedTuple):
    """A name's target. A named tuple: about 80,000 are made at each start (see ``index``)."""

    kind: str  # "commune" | "qpv" | "alias"
    ref: int  # position in the index's communes / qpvs / aliases
    commune: str  # INSEE code of the commune this entry names (for a QPV: the chosen commune)
    cap: float = 100.0


def _grams(key: str) -> set[str]:
    return {key[0:2], key[1:3], key[0:1] + key[2:3]}


def allowed_edits(length: int) -> int:
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    if length <= 12:
        return 2
    return 3


class NameIndex:
    """Entries by key (exact look-up) and keys by block (typo-tolerant look-up).

    Built (``add`` then ``freeze``), every key is in a dict. Read back from the index file (``stored``),
    the keys stay one sorted list searched by bisection and each key's entries one run of a shared list,
    cut out when asked: no dict of 43,000 keys and no list per key are made at start. Keys added later
    (the quartier aliases, ``extended``) go to a small dict consulted first."""

    def __init__(self) -> None:
        self._exact: dict[str, list[Entry]] = defaultdict(list)
        self._blocks: dict[tuple[str, int], list[str]] = {}
        # read back from the index (see ``stored``): sorted keys, the entries of key i are
        # ``_ordered[_ends[i - 1]:_ends[i]]``, blocks not yet made into lists
        self._keys: list[str] = []
        self._ends: Sequence[int] = ()
        self._ordered: list[Entry] = []
        self._spans: dict[tuple[str, int], tuple[int, int]] = {}
        self._flat: Sequence[int] = ()
        self._size = 0  # keys in all, once stored or extended

    def add(self, key: str, entry: Entry) -> None:
        if key:
            self._exact[key].append(entry)

    def freeze(self) -> None:
        blocks: dict[tuple[str, int], list[str]] = defaultdict(list)
        for key in self._exact:
            size = len(key)
            for gram in {key[0:2], key[1:3], key[0:1] + key[2:3]}:
                blocks[(gram, size)].append(key)
        self._blocks = dict(blocks)
        self._exact = dict(self._exact)
        self._size = len(self._exact)

    # -- stored form (the index keeps the frozen tables so that nothing is rebuilt at start) --------
    @classmethod
    def stored(
        cls,
        keys: list[str],
        ends: Sequence[int],
        ordered: list[Entry],
        spans: dict[tuple[str, int], tuple[int, int]],
        flat: Sequence[int],
    ) -> NameIndex:
        """An index read back from its stored form. ``keys`` are sorted; the entries of ``keys[i]`` are
        ``ordered[ends[i - 1]:ends[i]]`` (from 0 for the first); the keys of block ``b`` are
        ``[keys[i] for i in flat[spans[b][0]:spans[b][1]]]``, made into a list the first time a query needs
        that block (most blocks are never needed). Raises ValueError when they do not fit together."""
        if len(ends) != len(keys) or (ends and ends[-1] != len(ordered)) or keys != sorted(keys):
            raise ValueError("noms incohérents")
        names = cls()
        names._exact = {}
        names._keys, names._ends, names._ordered = keys, ends, ordered
        names._spans, names._flat = spans, flat
        names._size = len(keys)
        return names

    def _stored(self, key: str) -> list[Entry] | None:
        keys = self._keys
        i = bisect_left(keys, key)
        if i == len(keys) or keys[i] != key:
            return None
        return self._ordered[self._ends[i - 1] if i else 0 : self._ends[i]]

    def _lookup(self, key: str) -> list[Entry] | None:
        found = self._exact.get(key)
        if found is None and self._keys:
            found = self._stored(key)
        return found

    def parts(self) -> tuple[dict[str, list[Entry]], dict[tuple[str, int], list[str]]]:
        """The frozen tables: entries by key, and keys by (gram, length) block."""
        for block in self._spans:
            self._block(block)
        exact = {key: found for key in self._keys if (found := self._stored(key)) is not None}
        exact.update(self._exact)
        return exact, self._blocks

    def _block(self, block: tuple[str, int]) -> list[str]:
        found = self._blocks.get(block)
        if found is None:
            span = self._spans.get(block)
            if span is None:
                return []
            keys = self._keys
            found = self._blocks[block] = [keys[i] for i in self._flat[span[0] : span[1]]]
        return found

    def extended(self, pairs: Iterable[tuple[str, Entry]]) -> NameIndex:
        """A frozen copy with more ``(key, entry)`` pairs, as if they had been added last before
        :meth:`freeze`; this index is left unchanged (it may be shared by several resolvers)."""
        names = NameIndex()
        names._exact = exact = dict(self._exact)
        names._blocks = blocks = dict(self._blocks)
        names._keys, names._ends, names._ordered = self._keys, self._ends, self._ordered
        names._spans, names._flat = self._spans, self._flat
        names._size = self._size
        for key, entry in pairs:
            if not key:
                continue
            known = names._lookup(key)
            if known is not None:
                exact[key] = [*known, entry]
                continue
            exact[key] = [entry]
            names._size += 1
            for gram in _grams(key):
                block = (gram, len(key))
                blocks[block] = [*(blocks.get(block) or self._block(block)), key]
        return names

    def __eq__(self, other: object) -> bool:
        """Same keys and entries, and the same blocks in the same order (a stored index equals the one
        built)."""
        return isinstance(other, NameIndex) and self.parts() == other.parts()

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return self._size

    def keys(self) -> list[str]:
        return list(self.parts()[0])

    def exact(self, key: str) -> list[Entry]:
        return self._lookup(key) or []

    def match(self, key: str) -> list[tuple[Entry, float]]:
        """Entries whose key equals the query, or else is a few corrections away, with their score."""
        exact = self._lookup(key)
        if exact:
            return [(entry, entry.cap) for entry in exact]
        edits = allowed_edits(len(key))
        if edits == 0:
            return []
        choices: list[str] = []
        for gram in _grams(key):
            for length in range(len(key) - edits, len(key) + edits + 1):
                choices.extend(self._blocks.get((gram, length)) or self._block((gram, length)))
        # fuzz.ratio prefilters cheaply (C++, early exit on length); OSA then counts real corrections.
        cutoff = 100.0 * (1 - 2 * edits / (2 * len(key) - edits))
        found = process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=cutoff - 1, limit=FUZZY_CANDIDATES * 2
        )
        hits: list[tuple[Entry, float]] = []
        seen: set[str] = set()
        for candidate, _, _ in found:
            if candidate in seen:
                continue
            seen.add(candidate)
            distance = OSA.distance(key, candidate, score_cutoff=edits)
            if distance > edits:
                continue
            penalty = PENALTY_PER_EDIT * distance
            hits.extend((entry, entry.cap - penalty) for entry in self.exact(candidate))
        return hits
