"""Time since something, in months: « 3 semaines », « ya 2 ans », « depuis septembre », « en 2023 »,
« l'an dernier », « depuis la rentrée », « plus d'un an ». A reading is a range (low, high) of months:
« 2 ans » is about 23 to 25 months, « en 2023 » anything from December to January of that year."""

from __future__ import annotations

import datetime as dt

from bot.understanding.text import Words

FOREVER = 600.0
ONE = frozenset({"un", "une"})
UNITS: dict[str, float] = {
    "jour": 1 / 30,
    "jours": 1 / 30,
    "semaine": 0.25,
    "semaines": 0.25,
    "mois": 1.0,
    "ans": 12.0,
    "annee": 12.0,
    "annees": 12.0,
}
MONTHS = {
    name: i + 1
    for i, name in enumerate(
        "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split()
    )
}
LONG_AGO = frozenset("longtemps lustres bail siecles siecle".split())
RECENT = frozenset("recemment recement".split())
SOME = frozenset("quelques qq plusieurs".split())


def _months(today: dt.date, year: int, month: int) -> float:
    return float((today.year - year) * 12 + today.month - month)


def _last(today: dt.date, month: int) -> float:
    """Months since the most recent past `month` (this month counts as 0)."""
    year = today.year if month <= today.month else today.year - 1
    return _months(today, year, month)


def read_duration(words: Words, today: dt.date) -> tuple[float, float] | None:
    tokens = words.numeric
    text = " " + " ".join(tokens) + " "
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else ""
        before = tokens[i - 2] if i > 1 else ""
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (token.isdigit() or token in ONE) and following in UNITS:
            value = (int(token) if token.isdigit() else 1) * UNITS[following]
            if previous == "a" and before != "y":
                continue  # « arrêté à 16 ans »: an age, not a time since
            if previous in ("de", "d") and before == "plus":
                return (value + 0.5, FOREVER)
            if previous in ("de", "d") and before == "moins":
                return (0.0, value - 0.5)
            if previous in ("de", "d"):
                continue
            if following in ("ans", "annee", "annees"):
                return (value - 1, value + 1)  # « il y a 2 ans » is rarely exactly 24 months
            return (value, value)
        if token in SOME and following in UNITS:
            unit = UNITS[following]
            return (0.5, 2.0) if unit < 1 else (2.0, 6.0) if unit == 1 else (24.0, 60.0)
        if token.isdigit() and len(token) == 4 and 1950 < int(token) <= today.year:
            year = int(token)
            return (max(0.0, _months(today, year, 12)), _months(today, year, 1))
        if token in MONTHS and previous not in ("de", "d"):
            since = _last(today, MONTHS[token])
            return (since, since + 1)
        if token in LONG_AGO:
            return (24.0, FOREVER)
        if token in RECENT:
            return (0.0, 6.0)
    if " des annees " in text:
        return (24.0, FOREVER)
    if " viens d" in text or " vient d" in text:
        return (0.0, 3.0)
    if " mois dernier " in text:
        return (1.0, 2.0)
    if " semaine derniere " in text:
        return (0.0, 0.5)
    if " cette annee " in text:
        return (0.0, 11.0)
    if " ans dernier " in text or " annee derniere " in text:
        year = today.year - 1
        return (_months(today, year, 12), _months(today, year, 1))
    if " rentree " in text:
        since = _last(today, 9)
        return (since, since + 1)
    if " l ete " in text or " cet ete " in text:
        return (_last(today, 8), _last(today, 7))
    return None
