"""Checks on single values of a structure entry: coordinates, dates, confidence. French messages."""

from __future__ import annotations

import re
from datetime import date

# (name, min lat, max lat, min lon, max lon): metropolitan France with Corsica, then overseas
TERRITORIES: tuple[tuple[str, float, float, float, float], ...] = (
    ("métropole", 41.3, 51.2, -5.3, 9.7),
    ("Guadeloupe", 15.8, 16.6, -61.9, -60.9),
    ("Martinique", 14.3, 14.95, -61.3, -60.75),
    ("Guyane", 2.1, 5.8, -54.7, -51.6),
    ("La Réunion", -21.45, -20.85, 55.2, 55.9),
    ("Mayotte", -13.1, -12.6, 44.9, 45.35),
    ("Saint-Pierre-et-Miquelon", 46.7, 47.2, -56.5, -56.1),
    ("Saint-Martin et Saint-Barthélemy", 17.8, 18.2, -63.2, -62.7),
    ("Polynésie française", -28.0, -7.0, -155.0, -134.0),
    ("Nouvelle-Calédonie", -23.0, -19.0, 163.0, 169.0),
    ("Wallis-et-Futuna", -14.4, -13.1, -178.3, -176.1),
)
CONFIANCES: tuple[str, ...] = ("haute", "moyenne", "faible")
UNKNOWN_DATE = "inconnue"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def in_france(lat: float, lon: float) -> bool:
    return any(a <= lat <= b and c <= lon <= d for _, a, b, c, d in TERRITORIES)


def coordinates_problem(lat: float, lon: float) -> tuple[str, str | None] | None:
    """(message, hint) when the point is not in France or overseas, else None."""
    if in_france(lat, lon):
        return None
    if in_france(lon, lat):
        return (
            f"coordonnées hors de France ({lat}, {lon}) : latitude et longitude semblent inversées.",
            f"Essaie latitude: {lon} et longitude: {lat}.",
        )
    return (
        f"coordonnées hors de France et des outre-mer ({lat}, {lon}).",
        "Vérifie le point sur une carte (degrés décimaux, par exemple latitude: 50.69 longitude: 3.18).",
    )


def parse_date(text: str) -> date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> the *last* day it can mean is not needed: the first."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def loose_date(text: str) -> date | None:
    """The first year(-month) written in a free text ("2022-03 (déménagement …)", "vers 2014")."""
    match = _YEAR_MONTH.search(text)
    if not match:
        return None
    month = int(match.group(2) or 1)
    return date(int(match.group(1)), month if 1 <= month <= 12 else 1, 1)


def months_between(older: date, newer: date) -> int:
    return (newer.year - older.year) * 12 + newer.month - older.month


def confiance_of(text: str | None) -> str:
    """ "faible (adresse inconnue)" -> "faible"; unknown values -> "faible"."""
    word = (text or "").strip().split(" ")[0].lower()
    return word if word in CONFIANCES else "faible"
