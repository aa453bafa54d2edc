"""The look-up tables a :class:`~bot.knowledge.geo.resolver.Resolver` needs. The big ones (names,
compact) are prepared when the index is compiled and stored in it (``Prepared``); at start the resolver
only adds the quartier aliases to them and builds the small ones.

- names: every commune, QPV (whole name and each « A - B » part) and alias key, plus « quartier commune »
  and « commune quartier » for each QPV / alias in each of its communes, plus the first word of long
  commune names (« cateau » for Le Cateau-Cambrésis, capped at 95, 4 most populated communes);
- compact: the same names with separators ignored (see ``keys.compact_key``);
- local / words: quartier names by commune and by word (see ``local``);
- arrondissements of Paris, Lyon and Marseille by (city, number), and each one's city;
- communes by the first word of their name and by département."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.knowledge.geo.aliases import Alias
from bot.knowledge.geo.keys import compact_key, place_key
from bot.knowledge.geo.local import LocalNames, WordIndex
from bot.knowledge.geo.names import Entry, NameIndex
from bot.knowledge.geo.query import ARRONDISSEMENTS

if TYPE_CHECKING:  # the index stores what this module prepares (``prepare``), so it imports this one
    from bot.knowledge.geo.index import Commune, Qpv

PARTIAL_CAP = 95.0  # "Le Cateau" for "Le Cateau-Cambrésis": above a typo (94), below an exact name
PARTIAL_MAX_COMMUNES = 4  # a first word shared by more communes ("Villeneuve"): the 4 most populated
PARTIAL_NOT_NAMES = frozenset({"saint", "sainte", "saints", "saintes", "notre", "mont", "port", "pont"})


TABLES_VERSION = 1  # bump when the rules below change: the tables stored in the index must be rebuilt


@dataclass(frozen=True, slots=True)
class Prepared:
    """The name tables built from the communes and QPV alone, stored in the index so that nothing is
    rebuilt at start; the quartier aliases (a few, edited by counsellors) are added at load."""

    names: NameIndex
    compact: NameIndex


def prepare(communes: Sequence[Commune], qpvs: Sequence[Qpv]) -> Prepared:
    commune_pos = {c.code_insee: i for i, c in enumerate(communes)}
    names = NameIndex()
    for key, entry in base_names(communes, qpvs, commune_pos):
        names.add(key, entry)
    names.freeze()
    compact = NameIndex()
    for i, commune in enumerate(communes):
        compact.add(commune.compact, Entry("commune", i, commune.code_insee))
    for i, qpv in enumerate(qpvs):
        compact.add(qpv.compact, Entry("qpv", i, qpv.commune))
    compact.freeze()
    return Prepared(names, compact)


def base_names(
    communes: Sequence[Commune], qpvs: Sequence[Qpv], commune_pos: dict[str, int]
) -> Iterator[tuple[str, Entry]]:
    first_words: dict[str, list[int]] = defaultdict(list)
    for i, commune in enumerate(communes):
        yield commune.key, Entry("commune", i, commune.code_insee)
        words = commune.key.split()
        if (
            len(words) > 1
            and len(words[0]) >= 5
            and words[0] not in PARTIAL_NOT_NAMES
            and not commune.arrondissement
        ):
            first_words[words[0]].append(i)
    for word, positions in first_words.items():
        positions.sort(key=lambda i: -communes[i].population)
        for i in positions[:PARTIAL_MAX_COMMUNES]:
            yield word, Entry("commune", i, communes[i].code_insee, PARTIAL_CAP)
    for i, qpv in enumerate(qpvs):
        for key in qpv.keys:
            yield key, Entry("qpv", i, qpv.commune)
        yield from _with_communes(communes, commune_pos, qpv.keys, qpv.communes, "qpv", i)


def _with_communes(
    communes: Sequence[Commune],
    commune_pos: dict[str, int],
    keys: Iterable[str],
    codes: Iterable[str],
    kind: str,
    ref: int,
) -> Iterator[tuple[str, Entry]]:
    """ "bourgogne tourcoing" and "tourcoing bourgogne" name the QPV in that commune."""
    keys = list(keys)
    for code in codes:
        pos = commune_pos.get(code)
        if pos is None:
            continue
        ckey = communes[pos].key
        for key in keys:
            if key and ckey and ckey != key:
                yield f"{key} {ckey}", Entry(kind, ref, code)
                yield f"{ckey} {key}", Entry(kind, ref, code)


def alias_names(
    communes: Sequence[Commune], aliases: Sequence[Alias], commune_pos: dict[str, int]
) -> Iterator[tuple[str, Entry]]:
    """The names of the quartier aliases, alone and with their commune."""
    for i, alias in enumerate(aliases):
        keys = [place_key(name) for name in alias.noms]
        for key in keys:
            yield key, Entry("alias", i, alias.code_insee)
        yield from _with_communes(communes, commune_pos, keys, (alias.code_insee,), "alias", i)


def build_names(
    prepared: Prepared, communes: Sequence[Commune], aliases: Sequence[Alias], commune_pos: dict[str, int]
) -> NameIndex:
    """The prepared names with the aliases' (added last, as if all were built together)."""
    return prepared.names.extended(alias_names(communes, aliases, commune_pos))


def build_compact(prepared: Prepared, aliases: Sequence[Alias]) -> NameIndex:
    """Second chance, separators ignored and every word kept (see ``keys.compact_key``)."""
    return prepared.compact.extended(
        (compact_key(name), Entry("alias", i, alias.code_insee))
        for i, alias in enumerate(aliases)
        for name in alias.noms
    )


def build_local(qpvs: Sequence[Qpv], aliases: Sequence[Alias]) -> tuple[LocalNames, WordIndex]:
    local, words = LocalNames(), WordIndex()
    for i, qpv in enumerate(qpvs):
        for code in qpv.communes:
            local.add(code, qpv.keys, Entry("qpv", i, code))
        words.add(qpv.keys, Entry("qpv", i, qpv.commune), qpv.communes)
    for i, alias in enumerate(aliases):
        keys = [place_key(n) for n in alias.noms]
        local.add(alias.code_insee, keys, Entry("alias", i, alias.code_insee))
        words.add(keys, Entry("alias", i, alias.code_insee), (alias.code_insee,))
    local.freeze()
    words.freeze()
    return local, words


def build_arrondissements(
    communes: Sequence[Commune],
) -> tuple[dict[tuple[str, int], int], dict[str, str]]:
    """(city, number) -> position of « Paris 19e Arrondissement »…, and arrondissement -> city code."""
    cities = {c.key: c.code_insee for c in communes if c.key in ARRONDISSEMENTS}
    numbered: dict[tuple[str, int], int] = {}
    parents: dict[str, str] = {}
    for i, commune in enumerate(communes):
        words = commune.key.split()
        if commune.arrondissement and len(words) >= 2 and words[0] in cities:
            number = "".join(ch for ch in words[1] if ch.isdigit())
            if number:
                numbered[(words[0], int(number))] = i
                parents[commune.code_insee] = cities[words[0]]
    return numbered, parents


def by_first_word(communes: Sequence[Commune]) -> dict[str, tuple[str, ...]]:
    """« evry » -> the INSEE codes of Évry-Courcouronnes… (names of two words or more)."""
    out: dict[str, list[str]] = defaultdict(list)
    for commune in communes:
        words = commune.key.split()
        if len(words) > 1:
            out[words[0]].append(commune.code_insee)
    return {word: tuple(codes) for word, codes in out.items()}


def by_departement(communes: Sequence[Commune]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for pos, commune in enumerate(communes):
        out[commune.departement.lower()].append(pos)
    return dict(out)


def qpvs_by_commune(qpvs: Sequence[Qpv]) -> dict[str, tuple[int, ...]]:
    """INSEE code -> positions of the QPV that lie (partly) in that commune, as the QPV data lists them."""
    found: dict[str, list[int]] = {}
    for pos, qpv in enumerate(qpvs):
        for code in dict.fromkeys(qpv.communes):
            found.setdefault(code, []).append(pos)
    return {code: tuple(positions) for code, positions in found.items()}
