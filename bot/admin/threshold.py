"""The "< 5" rule, in one place for every view (Telegram text, terminal table, JSON).

Any count shown to an admin — distinct users, and every breakdown by commune, QPV, source, dispositif, step
or unmatched text — is replaced by "< 5" when it is between 1 and 4, so a small group never exposes a
person. Zero stays zero: knowing that nobody did something exposes nobody. A rate is only shown when
neither its part nor the rest is a masked count (otherwise it would give the hidden number back).

The CSV export is not an aggregate: it lists pseudonymous events for admins (see docs/confidentialite.md)."""

from __future__ import annotations

MIN_GROUP = 5
SMALL = "< 5"

Shown = int | str


def mask(count: int) -> Shown:
    """``count`` itself, or "< 5" when it is 1 to 4."""
    return SMALL if 0 < count < MIN_GROUP else count


def masked_rate(part: int, whole: int) -> int | None:
    """``part`` / ``whole`` as a rounded percentage, or None when it could reveal a small group."""
    if whole < MIN_GROUP or not 0 <= part <= whole:
        return None
    if mask(part) != part or mask(whole - part) != whole - part:
        return None
    return round(100 * part / whole)
