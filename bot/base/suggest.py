""" "Vouliez-vous dire … ?" hints for counsellors, with rapidfuzz."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 70.0) -> str | None:
    options = [c for c in candidates if c]
    if not word or not options:
        return None
    best = process.extractOne(word, options, scorer=fuzz.ratio, score_cutoff=cutoff)
    if best is None:
        return None
    return f"Vouliez-vous dire « {best[0]} » ?"
