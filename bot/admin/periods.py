"""Periods in the admins' time zone (Europe/Paris): what ``/stats 2 semaines`` means, and the windows the
aggregates database is built for.

Accepted by ``parse_period`` (case and accents ignored): ``7j``, ``30 jours``, ``2 semaines``, ``2 sem``,
``3 mois``, ``1 an``, ``depuis 2026-01-01`` (or ``depuis le 01/01/2026``); empty means 7 days. Anything else
raises ``ValueError`` with a French message that gives examples."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
DEFAULT_DAYS = 7
MAX_DAYS = 800
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
EXAMPLES = "Exemples : 7j, 30j, 2 semaines, 3 mois, 1 an, depuis 2026-01-01."

_UNITS = {
    "j": 1,
    "jr": 1,
    "jrs": 1,
    "jour": 1,
    "jours": 1,
    "d": 1,
    "day": 1,
    "days": 1,
    "s": 7,
    "sem": 7,
    "semaine": 7,
    "semaines": 7,
    "w": 7,
    "m": 0,  # months: calendar arithmetic below
    "mois": 0,
    "a": -1,  # years
    "an": -1,
    "ans": -1,
    "annee": -1,
    "annees": -1,
}
_AMOUNT = re.compile(r"^(\d{1,3})\s*([a-z]*)$")
_SINCE = re.compile(r"^(?:depuis|since|des|a partir du?)\s+(?:le\s+)?(.+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True, slots=True)
class Window:
    """``since <= moment < until`` (aware datetimes) and how to say it in French."""

    since: datetime
    until: datetime
    label: str

    def describe(self) -> str:
        since, until = self.since.astimezone(PARIS), self.until.astimezone(PARIS)
        return f"{self.label}, du {since:%d/%m/%Y %H:%M} au {until:%d/%m/%Y %H:%M} (heure de Paris)"


def now_utc() -> datetime:
    return datetime.now(UTC)


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def midnight(day: date) -> datetime:
    """The start of ``day`` in Paris, in UTC (so differences and comparisons are in real time)."""
    return datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)


def months_back(moment: datetime, months: int) -> datetime:
    """The same wall-clock time ``months`` calendar months earlier (day clipped to the month's end)."""
    local = moment.astimezone(PARIS)
    index = local.year * 12 + local.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    day = min(local.day, (next_first - timedelta(days=1)).day)
    return local.replace(year=year, month=month, day=day).astimezone(UTC)


def _date(text: str) -> date | None:
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_FR_DATE, (2, 1, 0))):
        found = pattern.match(text)
        if found:
            parts = [int(found.group(i + 1)) for i in range(3)]
            try:
                return date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    return None


def _error(raw: str) -> ValueError:
    return ValueError(f"Période inconnue : « {raw.strip()[:30]} ». {EXAMPLES}")


def parse_period(arg: str | None, now: datetime | None = None) -> Window:
    """The window ending ``now`` that ``arg`` describes (see the module docstring)."""
    until = now or now_utc()
    if arg is None or not arg.strip():
        return Window(until - timedelta(days=DEFAULT_DAYS), until, f"{DEFAULT_DAYS} derniers jours")
    text = _plain(arg)
    since_match = _SINCE.match(text)
    if since_match:
        day = _date(since_match.group(1).strip())
        if day is None:
            raise ValueError(
                f"Date illisible : « {since_match.group(1)[:20]} ». Écris-la 2026-01-31 ou 31/01/2026."
            )
        start = midnight(day)
        if start >= until:
            raise ValueError(f"La date {day:%d/%m/%Y} est dans le futur. {EXAMPLES}")
        return Window(start, until, f"depuis le {day:%d/%m/%Y}")
    found = _AMOUNT.match(text)
    if found is None or found.group(2) not in {*_UNITS, ""}:
        raise _error(arg)
    amount, unit = int(found.group(1)), _UNITS.get(found.group(2), 1)
    if amount < 1:
        raise _error(arg)
    if unit == 0:
        since, label = months_back(until, amount), f"{amount} derniers mois"
    elif unit == -1:
        since = months_back(until, 12 * amount)
        label = "12 derniers mois" if amount == 1 else f"{amount} dernières années"
    else:
        days = amount * unit
        since = until - timedelta(days=days)
        label = f"{days} derniers jours" if days > 1 else "dernières 24 heures"
    if until - since > timedelta(days=MAX_DAYS):
        raise ValueError(f"Période trop longue : au plus {MAX_DAYS} jours. {EXAMPLES}")
    return Window(since, until, label)


def parse_moment(text: str, now: datetime | None = None) -> datetime:
    """For the CLI's ``--since``/``--until``: a date (midnight in Paris), an ISO date-time (Paris time when it
    has no zone), or a period back from now (``30j``, ``2 semaines``)."""
    raw = text.strip()
    day = _date(raw)
    if day is not None:
        return midnight(day)
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            return parse_period(raw, now).since
        except ValueError:
            raise ValueError(
                f"Date illisible : « {raw[:30]} ». Exemples : 2026-01-31, 2026-01-31T08:00, 30j, 2 semaines."
            ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=PARIS).astimezone(UTC)


# ------------------------------------------------------------------------ windows of the aggregates database
@dataclass(frozen=True, slots=True)
class Period:
    """One row of the ``periodes`` table: a calendar day, ISO week, month, or a rolling window."""

    key: str  # shown to admins: "semaine du 02/03/2026", "mars 2026", "30 derniers jours"
    kind: str  # "jour" | "semaine" | "mois" | "glissante"
    window: Window
    order: int


ROLLING = ((7, "7 derniers jours"), (30, "30 derniers jours"), (90, "90 derniers jours"))


def calendar_periods(first: datetime, now: datetime) -> list[Period]:
    """Every day, ISO week (Monday to Sunday) and month in Paris time from ``first`` to ``now`` (the current
    ones are partial and end at ``now``), then rolling windows ending at ``now``."""
    periods: list[Period] = []
    start_day = first.astimezone(PARIS).date()
    end_day = now.astimezone(PARIS).date()

    def add(kind: str, key: str, since: date, until: date) -> None:
        window = Window(midnight(since), min(midnight(until), now), key)
        periods.append(Period(key, kind, window, len(periods)))

    day = start_day
    while day <= end_day:
        add("jour", f"{day:%Y-%m-%d}", day, day + timedelta(days=1))
        day += timedelta(days=1)
    week = start_day - timedelta(days=start_day.weekday())
    while week <= end_day:
        add("semaine", f"semaine du {week:%d/%m/%Y}", week, week + timedelta(days=7))
        week += timedelta(days=7)
    month = start_day.replace(day=1)
    while month <= end_day:
        following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        add("mois", f"{MONTHS_FR[month.month - 1]} {month.year}", month, following)
        month = following
    for days, label in ROLLING:
        periods.append(
            Period(label, "glissante", Window(now - timedelta(days=days), now, label), len(periods))
        )
    last_year = months_back(now, 12)
    periods.append(
        Period("12 derniers mois", "glissante", Window(last_year, now, "12 derniers mois"), len(periods))
    )
    return periods
