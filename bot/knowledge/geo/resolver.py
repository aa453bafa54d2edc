"""The place resolver: what a young person types or shares -> ranked places. Pure, no I/O at query time.

Everything is prepared once from the compiled :class:`GeoIndex` and the quartier aliases; a query is
a few dict look-ups, a blocked rapidfuzz pass (see ``names``) and, for a position, an STRtree query.

Kinds and scores (0..100, comparable): an exact postcode gives its communes at 100 each; an exact
commune, QPV or alias name gives 100 (homonyms all at 100, most populated first); a name known only
by its first word ("Le Cateau") 95; each typo correction costs 6 points; garbage gives nothing.
A position gives 100 inside a QPV, 90 outside (commune by nearest centre, see ``locator``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.base.memory import gc_paused
from bot.knowledge.geo import tables
from bot.knowledge.geo.aliases import Alias
from bot.knowledge.geo.index import Commune, GeoIndex, Qpv
from bot.knowledge.geo.keys import place_key
from bot.knowledge.geo.locator import ContourIndex, PointGrid, haversine_km
from bot.knowledge.geo.lookup import NameLookup
from bot.knowledge.geo.names import Entry
from bot.knowledge.geo.query import ARRONDISSEMENTS, NUMBER_WORDS, PlaceQuery, read_query
from bot.knowledge.quartier_names import short_qpv_name
from bot.knowledge.types import Place, PlaceCandidate

logger = logging.getLogger(__name__)

OUTSIDE_QPV_SCORE = 90.0
ARRONDISSEMENT_ALONE_SCORE = 90.0  # « 19e arrondissement » without the city: Paris, Marseille or Lyon?
MAX_KM_FROM_A_COMMUNE = 30.0
QUARTIER_NAME_MAX = 40  # a button label longer than this is cut on most phones
_KIND_RANK = {"alias": 0, "qpv": 1, "commune": 2, "code_postal": 2}


class Resolver:
    """Implements :class:`bot.knowledge.types.PlaceResolver`."""

    def __init__(self, index: GeoIndex, aliases: Sequence[Alias] = ()) -> None:
        with gc_paused():  # tens of thousands of lasting lists and dicts (see ``bot.base.memory``)
            self._build(index, aliases)
        logger.debug("resolver ready: %d keys, %d aliases", len(self._names), len(self.aliases))

    def _build(self, index: GeoIndex, aliases: Sequence[Alias]) -> None:
        self.index = index
        self.communes: tuple[Commune, ...] = index.communes
        self.qpvs: tuple[Qpv, ...] = index.qpvs
        self._commune_pos = {c.code_insee: i for i, c in enumerate(self.communes)}
        self._qpv_pos = {q.code_qpv: i for i, q in enumerate(self.qpvs)}
        self.aliases: tuple[Alias, ...] = tuple(a for a in aliases if self._alias_ok(a))
        self._arrondissements, self._parent = tables.build_arrondissements(self.communes)
        self._by_departement = tables.by_departement(self.communes)
        self._names = tables.build_names(index.prepared, self.communes, self.aliases, self._commune_pos)
        self._matching = NameLookup(
            self._names,
            tables.build_compact(index.prepared, self.aliases),
            *tables.build_local(self.qpvs, self.aliases),
            self._parent,
            tables.by_first_word(self.communes),
            self._commune_pos,
            self._candidate,
        )
        self._in_commune = tables.qpvs_by_commune(self.qpvs)
        self._quartiers: dict[str, tuple[Place, ...]] = {}
        self._grid = PointGrid([(c.lat, c.lon) for c in self.communes])
        self._contours = ContourIndex(index.contours_wkb)

    # -- building ---------------------------------------------------------------------------------
    def _alias_ok(self, alias: Alias) -> bool:
        if alias.code_qpv in self._qpv_pos and alias.code_insee in self._commune_pos:
            return True
        logger.warning(
            "alias %s ignored: unknown QPV %s or commune %s", alias.noms, alias.code_qpv, alias.code_insee
        )
        return False

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
    def resolve(self, text: str, limit: int = 5, within: str | None = None) -> list[PlaceCandidate]:
        """Ranked places for ``text``. ``within`` is the commune named before (INSEE code, also an
        arrondissement's, or an exact commune name): a quartier name is looked for there first."""
        query = read_query(text)
        if query is None:
            return []
        if query.qpv_code is not None:
            qpv = self.qpv_row(query.qpv_code)
            return [] if qpv is None else [PlaceCandidate(self._qpv_place(qpv), 100.0, "qpv")]
        if query.postcode is not None and query.postcode in self.index.postcodes:
            return self._by_postcode(query.postcode, query.key, limit)
        if query.arrondissement is not None:
            found = self._by_arrondissement(query)
            if found:
                return self._rank(found, limit)
        if not query.tokens:
            return []
        if query.answer_word:  # only that exact commune, in that département
            exact = [self._candidate(e, 100.0) for e in self._names.exact(query.key) if e.kind == "commune"]
            kept = [c for c in exact if c is not None and c.place.departement.lower() in query.departements]
            return self._rank(kept, limit)
        digits = tuple(NUMBER_WORDS.get(w, w) for w in query.tokens)
        if (
            digits != query.tokens
            and not self._names.exact(query.key)  # « Trois Cités » (Poitiers) is a name in letters
            and self._names.exact(" ".join(digits))
        ):  # « grigny deux »
            query = replace(query, tokens=digits)
        if query.departements and self._names.exact(" ".join(query.numbered)):
            return self._rank(self._matching.candidates(query.numbered, query.text, None), limit)
        candidates = self._matching.candidates(query.tokens, query.text, self._context(within))
        if query.departements:
            kept = [c for c in candidates if c.place.departement.lower() in query.departements]
            if not kept:  # « st ouen 93 »: Saint-Ouen-sur-Seine, the only « Saint-Ouen… » of the 93
                kept = self._longer_names(query.key, query.departements)
            if not kept:  # « lens cite 12 »: 12 is not the Aveyron but Lens's « Cité 12-14 »
                numbered = self._matching.candidates(query.numbered, query.text, None)
                kept = [c for c in numbered if c.place.code_qpv is not None]
            candidates = kept or candidates
        return self._rank(candidates, limit)

    def _context(self, within: str | None) -> str | None:
        if not within:
            return None
        code = within.strip().upper()
        if code not in self._commune_pos:
            named = [e for e in self._names.exact(place_key(within)) if e.kind == "commune" and e.cap == 100]
            if len(named) != 1:
                logger.debug("context commune %r unknown: ignored", within)
                return None
            code = named[0].commune
        return code

    def _longer_names(self, key: str, departements: tuple[str, ...]) -> list[PlaceCandidate]:
        """Communes of these départements whose name starts with the words typed."""
        start = key + " "
        return [
            PlaceCandidate(self._commune_place(self.communes[pos]), tables.PARTIAL_CAP, "commune")
            for dep in departements
            for pos in self._by_departement.get(dep, ())
            if self.communes[pos].key.startswith(start)
        ]

    def _by_arrondissement(self, query: PlaceQuery) -> list[PlaceCandidate]:
        number = query.arrondissement
        cities = [query.city] if query.city else list(ARRONDISSEMENTS)
        found: list[PlaceCandidate] = []
        for city in cities:
            pos = self._arrondissements.get((city, number or 0))
            if pos is None:
                continue
            commune = self.communes[pos]
            score = 100.0 if query.city else ARRONDISSEMENT_ALONE_SCORE
            words = tuple(w for w in query.tokens if w != city)
            quartiers = self._matching.in_commune(commune.code_insee, words, score) if words else []
            found.extend(quartiers or [PlaceCandidate(self._commune_place(commune), score, "commune")])
            parent = self._commune(self._parent.get(commune.code_insee, ""))
            if query.city and parent is not None and str(number) == parent.departement:
                # « marseille 13 »: the 13th arrondissement or Marseille in the Bouches-du-Rhône
                found.append(PlaceCandidate(self._commune_place(parent), 100.0, "commune"))
        return found

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

    def commune(self, code_insee: str) -> Place | None:
        """The commune with this INSEE code (its centre), e.g. for ``chat --set lieu=59512``."""
        found = self._commune(code_insee.strip().upper())
        return None if found is None else self._commune_place(found)

    def qpvs_of_commune(self, code_insee: str) -> list[Place]:
        """The QPV of a commune (of its city for an arrondissement), named in plain words, by name.
        Computed once per commune asked about (a few thousand communes have QPV)."""
        code = code_insee.strip().upper()
        if code not in self._commune_pos:
            return []
        known = self._quartiers.get(code)
        if known is None:
            listed = self._in_commune.get(code) or self._in_commune.get(self._parent.get(code, ""), ())
            places = (
                replace(
                    self._qpv_place(self.qpvs[pos], code), nom_qpv=self.quartier_name(self.qpvs[pos], code)
                )
                for pos in listed
            )
            known = tuple(sorted(places, key=lambda p: (place_key(p.nom_qpv or ""), p.code_qpv or "")))
            self._quartiers[code] = known
        return list(known)

    def quartier_name(self, qpv: Qpv, code_insee: str) -> str:
        """The QPV in plain words: the usual names of its known quartiers in that commune (« Alma-Gare,
        Epeule… », from knowledge/quartiers.yaml), else its official name shortened."""
        known = [a.noms[0] for a in self.aliases if a.code_qpv == qpv.code_qpv and a.code_insee == code_insee]
        if not known:
            # as residents see it everywhere (`bot.knowledge.quartier_names`); the official name when the
            # short form would only repeat the commune
            name = short_qpv_name(qpv.nom_qpv, self._commune_names(qpv.communes)) or qpv.nom_qpv.strip()
            return name if len(name) <= QUARTIER_NAME_MAX else name[: QUARTIER_NAME_MAX - 1].rstrip() + "…"
        kept = known[0]
        for name in known[1:]:
            if len(kept) + 2 + len(name) > QUARTIER_NAME_MAX - 2:
                return kept + "…"
            kept = f"{kept}, {name}"
        return kept
