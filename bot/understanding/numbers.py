"""Ages written in digits or words, with what surrounds them.

« dix-neuf » and « vingtdeux » are digits by now (`text.words`). Here: « bientôt 18 », « je vais avoir
16 », « pas encore 16 », « presque 16 » are the age minus one; « moins de N », « plus de N », « entre N
et M » are ranges; « né en 2005 », « 2003 », « né le 12/03/2007 » are birth years or dates, turned into
an age at an injected `today` (one year of doubt unless the full date is known)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.understanding.text import Words

MAX_AGE = 120
TIME_UNITS = frozenset("mois semaine semaines jour jours heure heures h min minutes".split())
ORDINALS = frozenset("e eme er ere ieme nd nde em".split())
FUTURE_WORDS = frozenset("bientot presque aurai auras aura".split())
FUTURE_PAIRS = frozenset({("vais", "avoir"), ("vas", "avoir"), ("va", "avoir"), ("pas", "encore")})
OVER = frozenset("passe depasse".split())
BORN = frozenset("ne nee nes naissance".split())
# ages said with words (counsellors' synonyms stay for everything else)
AGE_WORDS: dict[str, tuple[int, int]] = {"mineur": (0, 17), "mineure": (0, 17), "majeur": (18, MAX_AGE)}
AGE_WORDS["majeure"] = AGE_WORDS["majeur"]


@dataclass(frozen=True, slots=True)
class AgeReading:
    low: int  # plausible ages now, both included
    high: int
    likely: int  # the most likely one, offered first
    born: bool  # read from a birth year or date: to be confirmed


def _age_from_birth(
    year: int, today: dt.date, month: int | None = None, day: int | None = None
) -> AgeReading:
    age = today.year - year
    if month is not None and day is not None:
        exact = age - (1 if (today.month, today.day) < (month, day) else 0)
        return AgeReading(exact, exact, exact, True)
    # birthday passed or not: the later in the year, the more likely it has passed
    likely = age if today.month >= 7 else age - 1
    return AgeReading(age - 1, age, likely, True)


def read_age(words: Words, today: dt.date) -> AgeReading | None:
    if words.date is not None:
        day, month, year = words.date
        if 1900 < year <= today.year and 1 <= month <= 12:
            return _age_from_birth(year, today, month, day)
    tokens = words.numeric
    plain: list[int] = []
    ranges: list[tuple[int, int]] = []
    future = False
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else ""
        if token in FUTURE_WORDS or (previous, token) in FUTURE_PAIRS or token == "dans":
            future = True
        if token in AGE_WORDS:
            ranges.append(AGE_WORDS[token])
            continue
        if not token.isdigit() or len(token) > 4:
            continue
        value = int(token)
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if following in TIME_UNITS or following in ORDINALS or previous == "bac":
            continue
        if len(token) == 4 or (previous in BORN or (previous == "en" and i > 1 and tokens[i - 2] in BORN)):
            year = value if len(token) == 4 else value + (2000 if value <= today.year % 100 else 1900)
            if 1900 < year <= today.year:
                return _age_from_birth(year, today)
            continue
        if previous == "les" and i > 1 and tokens[i - 2] in OVER:
            ranges.append((value + 1, MAX_AGE))  # « j'ai passé les 25 »
        elif previous == "de" and i > 1 and tokens[i - 2] == "moins":
            ranges.append((0, value - 1))
        elif previous == "de" and i > 1 and tokens[i - 2] == "plus":
            ranges.append((value + 1, MAX_AGE))
        else:
            plain.append(value - 1 if future else value)
        future = False
    if not plain and not ranges:
        return None
    if len(plain) == 2 and not ranges and all(0 < p < 10 for p in plain):
        joined = plain[0] * 10 + plain[1]  # « 1 9 ans »: a slip between two digits
        return AgeReading(joined, joined, joined, False)
    lows = [p for p in plain] + [r[0] for r in ranges]
    highs = [p for p in plain] + [r[1] for r in ranges]
    low, high = min(lows), max(highs)
    likely = plain[-1] if plain else high
    return AgeReading(low, high, likely, False)
