"""The place resolver: what a young person types or shares -> ranked places. Pure, no I/O at query time.

Everything is prepared once from the compiled :class:`GeoIndex` and the quartier aliases; a query is
a few dict look-ups, a blocked rapidfuzz pass (see ``names``) and, for a position, an STRtree query.

Kinds and scores (0..100, comparable): an exact postcode gives its communes at 100 each; an exact
commune, QPV or alias name gives 100 (homonyms all at 100, most populated first); a name known only
by its first word ("Le Cateau") 95; each typo correction costs 6 points; garbage gives nothing.
A position gives 100 inside a QPV, 90 outside (commune by nearest centre, see ``locator``)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.knowledge.geo.aliases import Alias
from bot.knowledge.geo.index import Commune, GeoIndex, Qpv
from bot.knowledge.geo.keys import (
    NOT_PLACES,
    compact_key,
    find_postcode,
    find_qpv_code,
    name_tokens,
    place_key,
)
from bot.knowledge.geo.locator import ContourIndex, PointGrid, haversine_km
from bot.knowledge.geo.names import Entry, NameIndex
from bot.knowledge.quartier_names import short_qpv_name
from bot.knowledge.types import Place, PlaceCandidate
from bot.matching.normalize import fold

logger = logging.getLogger(__name__)

PARTIAL_CAP = 95.0  # "Le Cateau" for "Le Cateau-Cambrésis": above a typo (94), below an exact name
PARTIAL_MAX_COMMUNES = 4  # a first word shared by more communes ("Villeneuve"): the 4 most populated
PARTIAL_NOT_NAMES = frozenset({"saint", "sainte", "saints", "saintes", "notre", "mont", "port", "pont"})
OUTSIDE_QPV_SCORE = 90.0
MAX_KM_FROM_A_COMMUNE = 30.0
_KIND_RANK = {"alias": 0, "qpv": 1, "commune": 2, "code_postal": 2}


class Resolver:
    """Implements :class:`bot.knowledge.types.PlaceResolver`."""

    def __init__(self, index: GeoIndex, aliases: Sequence[Alias] = ()) -> None:
        self.index = index
        self.communes: tuple[Commune, ...] = index.communes
        self.qpvs: tuple[Qpv, ...] = index.qpvs
        self._commune_pos = {c.code_insee: i for i, c in enumerate(self.communes)}
        self._qpv_pos = {q.code_qpv: i for i, q in enumerate(self.qpvs)}
        self.aliases: tuple[Alias, ...] = tuple(a for a in aliases if self._alias_ok(a))
        self._departements = {c.departement.lower() for c in self.communes}
        self._names = self._build_names()
        self._compact = self._build_compact()
        self._grid = PointGrid([(c.lat, c.lon) for c in self.communes])
        self._contours = ContourIndex(index.contours_wkb)
        logger.debug("resolver ready: %d keys, %d aliases", len(self._names), len(self.aliases))

    # -- building ---------------------------------------------------------------------------------
    def _alias_ok(self, alias: Alias) -> bool:
        if alias.code_qpv in self._qpv_pos and alias.code_insee in self._commune_pos:
            return True
        logger.warning(
            "alias %s ignored: unknown QPV %s or commune %s", alias.noms, alias.code_qpv, alias.code_insee
        )
        return False

    def _build_names(self) -> NameIndex:
        names = NameIndex()
        first_words: dict[str, list[int]] = defaultdict(list)
        for i, commune in enumerate(self.communes):
            names.add(commune.key, Entry("commune", i, commune.code_insee))
            words = commune.key.split()
            if (
                len(words) > 1
                and len(words[0]) >= 5
                and words[0] not in PARTIAL_NOT_NAMES
                and not commune.arrondissement
            ):
                first_words[words[0]].append(i)
        for word, positions in first_words.items():
            positions.sort(key=lambda i: -self.communes[i].population)
            for i in positions[:PARTIAL_MAX_COMMUNES]:
                names.add(word, Entry("commune", i, self.communes[i].code_insee, PARTIAL_CAP))
        for i, qpv in enumerate(self.qpvs):
            for key in qpv.keys:
                names.add(key, Entry("qpv", i, qpv.commune))
            self._add_with_communes(names, qpv.keys, qpv.communes, "qpv", i)
        for i, alias in enumerate(self.aliases):
            keys = [place_key(name) for name in alias.noms]
            for key in keys:
                names.add(key, Entry("alias", i, alias.code_insee))
            self._add_with_communes(names, keys, (alias.code_insee,), "alias", i)
        names.freeze()
        return names

    def _build_compact(self) -> NameIndex:
        """Second chance, separators ignored and every word kept (see ``keys.compact_key``)."""
        names = NameIndex()
        for i, commune in enumerate(self.communes):
            names.add(commune.compact, Entry("commune", i, commune.code_insee))
        for i, qpv in enumerate(self.qpvs):
            names.add(qpv.compact, Entry("qpv", i, qpv.commune))
        for i, alias in enumerate(self.aliases):
            for name in alias.noms:
                names.add(compact_key(name), Entry("alias", i, alias.code_insee))
        names.freeze()
        return names

    def _add_with_communes(
        self, names: NameIndex, keys: Iterable[str], communes: Iterable[str], kind: str, ref: int
    ) -> None:
        """ "bourgogne tourcoing" and "tourcoing bourgogne" name the QPV in that commune."""
        for code in communes:
            pos = self._commune_pos.get(code)
            if pos is None:
                continue
            ckey = self.communes[pos].key
            for key in keys:
                if key and ckey and ckey != key:
                    names.add(f"{key} {ckey}", Entry(kind, ref, code))
                    names.add(f"{ckey} {key}", Entry(kind, ref, code))

    # -- places -----------------------------------------------------------------------------------
    def _commune(self, code: str) -> Commune | None:
        pos = self._commune_pos.get(code)
        return None if pos is None else self.communes[pos]

    def _commune_place(self, commune: Commune, postcode: str | None = None) -> Place:
        if postcode is None and len(commune.codes_postaux) == 1:
            postcode = commune.codes_postaux[0]
        return Place(commune.code_insee, commune.nom, commune.departement, commune.lat, commune.lon, postcode)

    def _qpv_place(self, qpv: Qpv, commune_code: str | None = None) -> Place:
        commune = self._commune(commune_code or qpv.commune) or self._commune(qpv.commune)
        postcode = commune.codes_postaux[0] if commune and len(commune.codes_postaux) == 1 else None
        return Place(
            code_insee=commune.code_insee if commune else "",
            commune=commune.nom if commune else "",
            departement=commune.departement if commune else qpv.departement,
            lat=qpv.lat,
            lon=qpv.lon,
            code_postal=postcode,
            code_qpv=qpv.code_qpv,
            nom_qpv=qpv.nom_qpv,
            quartier=short_qpv_name(qpv.nom_qpv, self._commune_names(qpv.communes)),
        )

    def _commune_names(self, codes: Iterable[str]) -> list[str]:
        return [c.nom for c in (self._commune(code) for code in codes) if c is not None]

    def _candidate(self, entry: Entry, score: float) -> PlaceCandidate | None:
        if entry.kind == "commune":
            return PlaceCandidate(self._commune_place(self.communes[entry.ref]), score, "commune")
        if entry.kind == "qpv":
            return PlaceCandidate(self._qpv_place(self.qpvs[entry.ref], entry.commune), score, "qpv")
        alias = self.aliases[entry.ref]
        qpv = self.qpv_row(alias.code_qpv)
        if qpv is None:
            return None
        # the usual name the person knows ("Alma-Gare"), as in Place.label's example; the code stays official
        name = alias.noms[0]
        place = replace(self._qpv_place(qpv, alias.code_insee), nom_qpv=name, quartier=name)
        return PlaceCandidate(place, score, "alias")

    def qpv_row(self, code_qpv: str) -> Qpv | None:
        pos = self._qpv_pos.get(code_qpv.strip().upper())
        return None if pos is None else self.qpvs[pos]

    def _population(self, candidate: PlaceCandidate) -> int:
        commune = self._commune(candidate.place.code_insee)
        return commune.population if commune else 0

    def _rank(self, candidates: Iterable[PlaceCandidate], limit: int) -> list[PlaceCandidate]:
        best: dict[tuple[str, str | None], PlaceCandidate] = {}
        for cand in candidates:
            key = (cand.place.code_insee, cand.place.code_qpv)
            if key not in best or cand.score > best[key].score:
                best[key] = cand
        ranked = sorted(
            best.values(),
            key=lambda c: (-c.score, _KIND_RANK.get(c.kind, 3), -self._population(c), c.place.code_insee),
        )
        return ranked[: max(0, limit)]

    # -- PlaceResolver ----------------------------------------------------------------------------
    def resolve(self, text: str, limit: int = 5) -> list[PlaceCandidate]:
        folded = fold(text or "")
        if not folded or folded in NOT_PLACES:
            return []
        code = find_qpv_code(folded)
        if code is not None:
            qpv = self.qpv_row(code)
            return [] if qpv is None else [PlaceCandidate(self._qpv_place(qpv), 100.0, "qpv")]
        postcode, rest = find_postcode(folded)
        tokens = name_tokens(rest)
        departements = {t for t in tokens if t[:1].isdigit() and t in self._departements}
        key = " ".join(t for t in tokens if t not in departements)
        if postcode is not None and postcode in self.index.postcodes:
            return self._by_postcode(postcode, key, limit)
        if not key or key in NOT_PLACES:
            return []
        hits = self._names.match(key)
        if not hits:
            compact = compact_key(rest)
            hits = self._compact.match(compact) if len(compact) >= 4 else []
        candidates = [c for entry, score in hits if (c := self._candidate(entry, score))]
        if departements:
            kept = [c for c in candidates if c.place.departement.lower() in departements]
            candidates = kept or candidates
        return self._rank(candidates, limit)

    def _by_postcode(self, postcode: str, key: str, limit: int) -> list[PlaceCandidate]:
        communes = [c for code in self.index.postcodes[postcode] if (c := self._commune(code))]
        # "13001": "Marseille 1er Arrondissement" says more than "Marseille", keep only the former
        arrondissements = [c.nom for c in communes if c.arrondissement]
        communes = [
            c
            for c in communes
            if c.arrondissement or not any(a.startswith(c.nom + " ") for a in arrondissements)
        ]
        codes = {c.code_insee for c in communes}
        if key:
            named: list[PlaceCandidate] = []
            for entry, score in self._names.match(key):
                if entry.commune not in codes:
                    continue
                if entry.kind == "commune":
                    named.append(
                        PlaceCandidate(
                            self._commune_place(self.communes[entry.ref], postcode), score, "commune"
                        )
                    )
                elif (cand := self._candidate(entry, score)) is not None:
                    named.append(cand)
            if named:
                return self._rank(named, limit)
        ranked = (PlaceCandidate(self._commune_place(c, postcode), 100.0, "code_postal") for c in communes)
        return self._rank(ranked, limit)

    def locate(self, lat: float, lon: float) -> PlaceCandidate | None:
        pos = self._contours.containing(lat, lon)
        if pos is not None:
            qpv = self.qpvs[pos]
            listed = [self._commune_pos[c] for c in qpv.communes if c in self._commune_pos]
            nearest = self._grid.nearest(lat, lon, among=listed) if listed else None
            code = self.communes[nearest].code_insee if nearest is not None else None
            return PlaceCandidate(self._qpv_place(qpv, code), 100.0, "position")
        nearest = self._grid.nearest(lat, lon)
        if nearest is None:
            return None
        commune = self.communes[nearest]
        if haversine_km(lat, lon, commune.lat, commune.lon) > MAX_KM_FROM_A_COMMUNE:
            return None
        return PlaceCandidate(self._commune_place(commune), OUTSIDE_QPV_SCORE, "position")

    def qpv(self, code_qpv: str) -> Place | None:
        row = self.qpv_row(code_qpv)
        return None if row is None else self._qpv_place(row)
