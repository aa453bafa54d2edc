"""Codes -> words for admins: commune and quartier names from the place index, dispositif names from the
catalogue, fixed French labels for the rest. A code with no known name is shown as the code itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.admin.journeys import DIRECT
from bot.knowledge.quartier_names import short_qpv_name

FEEDBACK = {"up": "utile", "down": "pas utile"}
FOLLOWUPS = {"alle": "J'y suis allé·e", "pas_encore": "Pas encore", "aide": "J'ai besoin d'aide"}
CONTACTS = {"card": "fiche affichée", "phone": "téléphone demandé", "map": "plan demandé"}
OUTCOMES = {
    "button": "bouton",
    "exact": "texte reconnu",
    "fuzzy": "texte proche",
    "confirmed": "texte confirmé",
    "number": "nombre",
    "place": "lieu",
    "text": "texte libre",
    "unmatched": "pas compris",
    "skipped": "passée",
    "quartier": "quartier prioritaire choisi",
    "autre_quartier": "un autre quartier",
    "position": "position partagée",
}


def quartier_name(official: str, commune: str) -> str:
    """A QPV named for admins as residents see it (`bot.knowledge.quartier_names.short_qpv_name`), or its
    official name when the short form would only repeat the commune; the code is shown beside it."""
    return short_qpv_name(official, (commune,) if commune else ()) or official.strip()


@dataclass(frozen=True, slots=True)
class Names:
    communes: Mapping[str, str] = field(default_factory=dict)  # INSEE code -> name
    quartiers: Mapping[str, tuple[str, str]] = field(
        default_factory=dict
    )  # QPV code -> (short name, commune)
    dispositifs: Mapping[str, str] = field(default_factory=dict)  # id -> name

    def commune(self, code: str) -> str:
        return self.communes.get(code, code)

    def quartier(self, code: str) -> str:
        known = self.quartiers.get(code)
        return known[0] if known else code

    def quartier_commune(self, code: str) -> str:
        known = self.quartiers.get(code)
        return known[1] if known else ""

    def dispositif(self, dispositif_id: str) -> str:
        return self.dispositifs.get(dispositif_id, dispositif_id)

    def source(self, key: str) -> str:
        if key == DIRECT:
            return "sans lien (arrivée directe)"
        if key.startswith("qpv:"):
            code = key[4:]
            commune = self.quartier_commune(code)
            where = f"{self.quartier(code)} ({commune})" if commune else self.quartier(code)
            return f"affiche du quartier {where}"
        return f"lien « {key} »"


def names_from(
    communes: Iterable[tuple[str, str]],
    quartiers: Iterable[tuple[str, str, str]],
    dispositifs: Iterable[tuple[str, str]],
) -> Names:
    """From (INSEE, name), (QPV code, official name, main commune INSEE) and (id, name) pairs."""
    commune_names = dict(communes)
    return Names(
        communes=commune_names,
        quartiers={
            code: (quartier_name(name, commune_names.get(insee, "")), commune_names.get(insee, ""))
            for code, name, insee in quartiers
        },
        dispositifs=dict(dispositifs),
    )
