"""Recommendations become result cards: the door, why, and the nearest real places.

When no place is known near enough, the card says so and gives the official directory: never an invented
address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.engine import wording
from bot.engine.replies import PlaceInfo, ResultCard
from bot.knowledge.dispositifs import Recommendation
from bot.knowledge.structures.freshness import freshness_note
from bot.knowledge.types import NearbyStructure, Place, Structure, StructureFinder

PLACES_PER_CARD = 2


def build_cards(
    recommendations: Sequence[Recommendation],
    place: Place | None,
    finder: StructureFinder | None,
    today: dt.date,
    first_rank: int = 1,
    lang: str = "fr",
) -> list[ResultCard]:
    cards: list[ResultCard] = []
    for rank, rec in enumerate(recommendations, start=first_rank):
        d = rec.dispositif
        nearby: list[NearbyStructure] = []
        if place is not None and finder is not None and d.reseau:
            nearby = finder.nearest(d.reseau, place.lat, place.lon, limit=PLACES_PER_CARD)
        no_place_note = None
        if d.reseau and not nearby:
            lead = (
                wording.NO_PLACE_NEAR.get(lang).format(commune=place.commune)
                if place
                else wording.NO_PLACE_UNKNOWN.get(lang)
            )
            if d.annuaire:
                tail = wording.SEE_DIRECTORY.get(lang).format(url=d.annuaire)
            elif d.lien:
                tail = wording.SEE_SITE.get(lang).format(url=d.lien)
            else:
                tail = wording.NO_DIRECTORY.get(lang)
            no_place_note = f"{lead} {tail}"
        cards.append(
            ResultCard(
                dispositif_id=d.id,
                title=d.text("nom", lang) or d.nom,
                summary=d.text("description", lang) or d.description,
                reasons=rec.reasons,
                link=d.lien,
                directory_url=d.annuaire,
                status_note=d.text("alerte", lang),
                places=tuple(place_info(n.structure, n.distance_km, today, lang) for n in nearby),
                no_place_note=no_place_note,
                rank=rank,
            )
        )
    return cards


def place_info(
    structure: Structure, distance_km: float | None, today: dt.date, lang: str = "fr"
) -> PlaceInfo:
    return PlaceInfo(
        nom=structure.nom,
        adresse=structure.adresse,
        code_postal=structure.code_postal,
        commune=structure.commune,
        distance_km=distance_km,
        telephone=structure.telephone,
        site_web=structure.site_web,
        horaires=structure.horaires_accueil,
        lat=structure.lat,
        lon=structure.lon,
        approximate_position=structure.approximate_position,
        date_maj=structure.date_maj,
        source=structure.source,
        freshness_note=freshness_note(structure, today, lang),
        structure_id=structure.id,
    )
