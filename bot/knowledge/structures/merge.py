"""One list of structures from three sources, without showing the same door twice.

Priority: curated YAML (``knowledge/structures``) > data·inclusion imports > the data folder's
directories; within a source, file order. An entry is dropped when an entry already kept has the same
network and either the same SIRET, or the same commune (INSEE code) with a similar name (rapidfuzz
token-set ratio >= 85 once generic words like "mission locale" or "site" are removed) and a similar
or missing address. A kept entry without an address does not hide a lower-priority entry that has
one (it may be another site of the same structure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from bot.knowledge.structures.directories import Listed
from bot.knowledge.types import Structure
from bot.matching.normalize import fold

NAME_SIMILARITY = 85.0
ADDRESS_SIMILARITY = 80.0
GENERIC_WORDS = frozenset(
    "mission missions locale locales ml e2c ecole de la deuxieme 2e chance site antenne d l du des le les "
    "et pour jeunes citeslab".split()
)


def _name(text: str) -> str:
    return " ".join(w for w in fold(text).split() if w not in GENERIC_WORDS)


def same_place(kept: Listed, other: Listed) -> bool:
    a, b = kept.structure, other.structure
    if a.reseau != b.reseau:
        return False
    if kept.siret and other.siret and kept.siret == other.siret:
        return True
    if not a.code_insee or a.code_insee != b.code_insee:
        return False
    if fuzz.token_set_ratio(_name(a.nom), _name(b.nom)) < NAME_SIMILARITY:
        return False
    if b.adresse and not a.adresse:
        return False
    if a.adresse and b.adresse:
        return fuzz.token_set_ratio(fold(a.adresse), fold(b.adresse)) >= ADDRESS_SIMILARITY
    return True


def merge(*sources: Iterable[Listed]) -> list[Structure]:
    """Structures of all sources, highest priority first, duplicates removed."""
    kept: list[Listed] = []
    by_commune: dict[tuple[str, str], list[Listed]] = defaultdict(list)
    by_siret: dict[tuple[str, str], Listed] = {}
    for source in sources:
        for listed in source:
            s = listed.structure
            if listed.siret and (s.reseau, listed.siret) in by_siret:
                continue
            if any(same_place(k, listed) for k in by_commune.get((s.reseau, s.code_insee or ""), ())):
                continue
            kept.append(listed)
            by_commune[(s.reseau, s.code_insee or "")].append(listed)
            if listed.siret:
                by_siret[(s.reseau, listed.siret)] = listed
    return [listed.structure for listed in kept]
