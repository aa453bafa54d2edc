"""Contracts between the dialog engine and the knowledge layer (places and structures). Pure data.

The engine only sees these Protocols; `bot.knowledge.geo` / `bot.knowledge.structures` provide the real
implementations built from the geodata index and the curated/imported directories."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from bot.knowledge.quartier_names import short_qpv_name


@dataclass(frozen=True, slots=True)
class Place:
    """Where a young person lives, as precisely as we need and no more.

    ``lat``/``lon`` are a *reference point* (QPV representative point or commune centre), never the raw
    position a user shared."""

    code_insee: str
    commune: str
    departement: str
    lat: float
    lon: float
    code_postal: str | None = None
    code_qpv: str | None = None
    nom_qpv: str | None = None

    quartier: str | None = None  # the QPV as residents say it (alias or short name), see quartier_name()

    def quartier_name(self) -> str | None:
        """The quartier as people say it (« Blanc Seau – Croix Bas Saint Pierre », « Alma-Gare »), never the
        official long name nor the code; None outside a QPV or when the name would only repeat the commune."""
        if not self.code_qpv:
            return None
        return self.quartier or short_qpv_name(self.nom_qpv, (self.commune,))

    def label(self) -> str:
        """Plain-French label shown to residents: "Roubaix (59100), quartier Alma-Gare". No QPV code."""
        text = self.commune
        if self.code_postal:
            text += f" ({self.code_postal})"
        else:
            text += f" ({self.departement})"
        name = self.quartier_name()
        if name:
            text += f", quartier {name}"
        return text

    def admin_label(self) -> str:
        """For counsellors and admins: the commune and the official QPV name with its code."""
        text = f"{self.commune} ({self.code_postal or self.departement})"
        if self.code_qpv:
            text += f", {self.nom_qpv or 'QPV'} ({self.code_qpv})"
        return text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Place:
        return cls(
            code_insee=str(data["code_insee"]),
            commune=str(data["commune"]),
            departement=str(data["departement"]),
            lat=float(data["lat"]),
            lon=float(data["lon"]),
            code_postal=data.get("code_postal"),
            code_qpv=data.get("code_qpv"),
            nom_qpv=data.get("nom_qpv"),
            quartier=data.get("quartier"),
        )


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    place: Place
    score: float  # 0..100, comparable across kinds
    kind: str  # "code_postal" | "commune" | "qpv" | "alias" | "position"


class PlaceResolver(Protocol):
    """Turns what a person types or shares into ranked places. Pure: no I/O at query time."""

    def resolve(self, text: str, limit: int = 5, within: str | None = None) -> list[PlaceCandidate]:
        """Candidates, best first. ``within``: the commune the person named before (INSEE code, an
        arrondissement's code, or an exact commune name); its quartiers are matched first."""
        ...

    def locate(self, lat: float, lon: float) -> PlaceCandidate | None: ...

    def qpv(self, code_qpv: str) -> Place | None: ...

    def qpvs_of_commune(self, code_insee: str) -> list[Place]:
        """The QPV of a commune (of its city for an arrondissement), by name; ``nom_qpv`` is their name in
        plain words (usual quartier names, or the official name shortened); empty when it has none."""
        ...


@dataclass(frozen=True, slots=True)
class Structure:
    """A real place of a network, with data·inclusion field names."""

    id: str
    nom: str
    reseau: str  # "mission-locale", "ecoles-de-la-deuxieme-chance", "citeslab", "france-travail", ...
    source: str
    date_maj: str  # ISO date or year-month / year as known
    confiance: str = "moyenne"  # "haute" | "moyenne" | "faible"
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    code_insee: str | None = None
    lat: float | None = None
    lon: float | None = None
    approximate_position: bool = False  # coordinates are the commune centre, not the address
    telephone: str | None = None
    site_web: str | None = None
    horaires_accueil: str | None = None
    remarque: str | None = None


@dataclass(frozen=True, slots=True)
class NearbyStructure:
    structure: Structure
    distance_km: float


class StructureFinder(Protocol):
    """Nearest known structures of a network around a reference point, within a widening radius."""

    def nearest(self, reseau: str, lat: float, lon: float, limit: int = 2) -> list[NearbyStructure]: ...
