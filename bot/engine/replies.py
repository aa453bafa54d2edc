"""What to show, never how to send it. The Telegram edge (`bot.tg.render`) and the terminal render these."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine import wording
from bot.engine.events import Event


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    event: Event


@dataclass(frozen=True, slots=True)
class Message:
    """A text with optional inline buttons (rows of at most ``row`` buttons are the renderer's choice)."""

    text: str
    buttons: tuple[Button, ...] = ()
    # True while a place is asked: the edge shows its "📍 partager ma position" keyboard.
    request_location: bool = False


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    """A real place to go, as shown on a result card. Everything optional except the name."""

    nom: str
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    distance_km: float | None = None
    telephone: str | None = None
    site_web: str | None = None
    horaires: str | None = None
    lat: float | None = None
    lon: float | None = None
    # True when the coordinates are the commune centre rather than the address (no precise map pin).
    approximate_position: bool = False
    date_maj: str | None = None
    source: str | None = None
    # Plain-French warning when the information is old or uncertain ("adresse connue en 2019 — vérifie…").
    freshness_note: str | None = None
    structure_id: str | None = None

    def address_line(self) -> str:
        """ "92 avenue Jean-Baptiste-Lebas, 59100 Roubaix", or whatever part of it is known."""
        town = " ".join(part for part in (self.code_postal, self.commune) if part)
        return ", ".join(part for part in (self.adresse, town) if part)

    def distance_text(self, lang: str = "fr") -> str | None:
        """The distance as said to a person; no false precision when the pin is only the commune centre."""
        if self.distance_km is None:
            return None
        if self.approximate_position:
            if self.distance_km < 2:
                return wording.DISTANCE_IN_TOWN.get(lang)
            return wording.DISTANCE_ABOUT.get(lang).format(km=f"{self.distance_km:.0f}")
        return format_distance(self.distance_km, lang)


def format_distance(km: float, lang: str = "fr") -> str:
    if km < 0.1:
        return wording.DISTANCE_UNDER_100M.get(lang)
    if km < 1:
        return wording.DISTANCE_M.get(lang).format(m=f"{round(km * 1000, -1):.0f}")
    if km < 10:
        figure = f"{km:.1f}"
        return wording.DISTANCE_KM.get(lang).format(km=figure if lang == "en" else figure.replace(".", ","))
    return wording.DISTANCE_KM.get(lang).format(km=f"{km:.0f}")


@dataclass(frozen=True, slots=True)
class ResultCard:
    """One door: a dispositif, why it fits, and the nearest known place(s)."""

    dispositif_id: str
    title: str
    summary: str
    reasons: tuple[str, ...]
    link: str | None = None
    directory_url: str | None = None
    status_note: str | None = None
    places: tuple[PlaceInfo, ...] = ()
    # Shown when no place is known near enough: says so and points to the official directory.
    no_place_note: str | None = None
    rank: int = 1
    # The one line of *why* on the summary: the most specific reasons (diploma, school, quartier...).
    why: str | None = None


@dataclass(frozen=True, slots=True)
class ResultSummary:
    """The result on one screen: ``text`` (the lead, or why there is no door), then for each door its name,
    one line of why and its nearest place. Contains nothing personal: it can be forwarded as is.

    ``edit``: shown in place of the message whose button was pressed (back from a door's details, feedback
    given), instead of as a new message."""

    text: str
    cards: tuple[ResultCard, ...]
    buttons: tuple[Button, ...] = ()
    edit: bool = False
    # The first showing of this result: the edge may add a map pin of the first door's place (once).
    pin: bool = False


@dataclass(frozen=True, slots=True)
class CardDetails:
    """One door in full (description, status note, every place, hours, freshness, directory), shown in place
    of the summary (``edit``) with a button back to it."""

    card: ResultCard
    buttons: tuple[Button, ...] = ()
    edit: bool = True


Reply = Message | ResultSummary | CardDetails
