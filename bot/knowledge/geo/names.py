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

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

PENALTY_PER_EDIT = 6.0
FUZZY_CANDIDATES = 12


@dataclass(frozen=True, slots=True)
class Entry:
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
    def __init__(self) -> None:
        self._exact: dict[str, list[Entry]] = defaultdict(list)
        self._blocks: dict[tuple[str, int], list[str]] = {}

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

    def __len__(self) -> int:
        return len(self._exact)

    def keys(self) -> list[str]:
        return list(self._exact)

    def exact(self, key: str) -> list[Entry]:
        return self._exact.get(key, [])

    def match(self, key: str) -> list[tuple[Entry, float]]:
        """Entries whose key equals the query, or else is a few corrections away, with their score."""
        exact = self._exact.get(key)
        if exact:
            return [(entry, entry.cap) for entry in exact]
        edits = allowed_edits(len(key))
        if edits == 0:
            return []
        choices: list[str] = []
        for gram in _grams(key):
            for length in range(len(key) - edits, len(key) + edits + 1):
                choices.extend(self._blocks.get((gram, length), ()))
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
            hits.extend((entry, entry.cap - PENALTY_PER_EDIT * distance) for entry in self._exact[candidate])
        return hits
