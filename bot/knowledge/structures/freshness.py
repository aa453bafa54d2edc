"""Plain-language honesty notes for the result card (French, or English): old or uncertain information is
shown as such."""

from __future__ import annotations

from datetime import date

from bot.knowledge.structures import fields
from bot.knowledge.types import Structure

FRESH_MONTHS = 12

# Official directory links we know with certainty. Deliberately empty for now: the links shown to young
# people come from each dispositif's `annuaire` in knowledge/dispositifs.yaml, checked by a counsellor.
DIRECTORIES: dict[str, str] = {}


def freshness_note(structure: Structure, today: date, lang: str = "fr") -> str | None:
    """ "Adresse connue en 2019 — vérifie avant de te déplacer." when the information is older than
    12 months or of low confidence; None when it is recent and confident. ``lang="en"``: in English."""
    when = fields.loose_date(structure.date_maj) if structure.date_maj != fields.UNKNOWN_DATE else None
    old = when is None or fields.months_between(when, today) > FRESH_MONTHS
    weak = structure.confiance == "faible"
    if not old and not weak:
        return None
    if lang == "en":
        return _note_en(structure, when.year if when is not None else None, old=old)
    year = f"en {when.year}" if when is not None else "à une date inconnue"
    if not structure.adresse:
        known = f"de {when.year}" if when is not None else "de date inconnue"
        return f"Seule la ville est connue (information {known}) — vérifie avant de te déplacer."
    if old:
        return f"Adresse connue {year} — vérifie avant de te déplacer."
    return "Adresse à confirmer — vérifie avant de te déplacer."


def _note_en(structure: Structure, year: int | None, *, old: bool) -> str:
    if not structure.adresse:
        known = f"from {year}" if year is not None else "of unknown date"
        return f"Only the town is known (information {known}) — check before you go."
    if old:
        return (
            f"Address known in {year} — check before you go."
            if year
            else ("Address known at an unknown date — check before you go.")
        )
    return "Address to be confirmed — check before you go."


def directory_for(reseau: str) -> str | None:
    """The official directory of a network when known with certainty, else None (see ``DIRECTORIES``)."""
    return DIRECTORIES.get(reseau)
