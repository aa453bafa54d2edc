from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.admin.periods import PARIS, calendar_periods, parse_moment, parse_period
from bot.config import Settings
from bot.privacy import duration_fr, privacy_text

NOW = datetime(2026, 3, 31, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("arg", "days", "label"),
    [
        (None, 7, "7 derniers jours"),
        ("", 7, "7 derniers jours"),
        ("7j", 7, "7 derniers jours"),
        ("30j", 30, "30 derniers jours"),
        ("30 J", 30, "30 derniers jours"),
        ("90 jours", 90, "90 derniers jours"),
        ("2 semaines", 14, "14 derniers jours"),
        ("2sem", 14, "14 derniers jours"),
        ("1 semaine", 7, "7 derniers jours"),
    ],
)
def test_periods_in_days_and_weeks(arg: str | None, days: int, label: str) -> None:
    window = parse_period(arg, NOW)
    assert (window.since, window.until, window.label) == (NOW - timedelta(days=days), NOW, label)


def test_months_years_and_since_a_date_are_calendar_based_in_paris() -> None:
    three_months = parse_period("3 mois", NOW)
    assert three_months.since.astimezone(PARIS) == datetime(
        2025, 12, 31, 12, 0, tzinfo=PARIS
    )  # same wall-clock time
    assert three_months.label == "3 derniers mois"
    assert parse_period("1 an", NOW).since.astimezone(PARIS).date().isoformat() == "2025-03-31"
    since = parse_period("depuis 2026-01-01", NOW)
    assert since.since == datetime(2026, 1, 1, tzinfo=PARIS) and since.label == "depuis le 01/01/2026"
    assert parse_period("Depuis le 15/02/2026", NOW).since == datetime(2026, 2, 15, tzinfo=PARIS)
    # the end of March is in summer time: the day starts at 22:00 UTC the day before
    assert parse_period("depuis 2026-03-30", NOW).since == datetime(2026, 3, 29, 22, tzinfo=UTC)


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("semaine", "Période inconnue"),
        ("0j", "Période inconnue"),
        ("-3j", "Période inconnue"),
        ("2 siècles", "Période inconnue"),
        ("7j; DROP TABLE", "Période inconnue"),
        ("999j", "trop longue"),
        ("depuis hier", "Date illisible"),
        ("depuis 2026-02-30", "Date illisible"),
        ("depuis 2027-01-01", "dans le futur"),
    ],
)
def test_bad_periods_are_french_errors_with_examples(arg: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        parse_period(arg, NOW)
    assert "2 semaines" in str(caught.value) or "2026-01-31" in str(caught.value)


def test_moments_for_the_cli() -> None:
    assert parse_moment("2026-01-31", NOW) == datetime(2026, 1, 31, tzinfo=PARIS)
    assert parse_moment("2026-01-31T08:00:00Z", NOW) == datetime(2026, 1, 31, 8, tzinfo=UTC)
    assert parse_moment("2026-01-31T08:00", NOW) == datetime(2026, 1, 31, 8, tzinfo=PARIS)
    assert parse_moment("10j", NOW) == NOW - timedelta(days=10)
    with pytest.raises(ValueError, match="Date illisible"):
        parse_moment("hier", NOW)


def test_calendar_periods_cover_days_weeks_months_and_rolling_windows() -> None:
    periods = calendar_periods(datetime(2026, 2, 27, 12, tzinfo=UTC), NOW)
    by_kind: dict[str, list[str]] = {}
    for period in periods:
        by_kind.setdefault(period.kind, []).append(period.key)
    assert by_kind["jour"][0] == "2026-02-27" and by_kind["jour"][-1] == "2026-03-31"
    assert (
        by_kind["semaine"][0] == "semaine du 23/02/2026" and by_kind["semaine"][-1] == "semaine du 30/03/2026"
    )
    assert by_kind["mois"] == ["février 2026", "mars 2026"]
    assert by_kind["glissante"] == [
        "7 derniers jours",
        "30 derniers jours",
        "90 derniers jours",
        "12 derniers mois",
    ]
    current_month = next(p for p in periods if p.key == "mars 2026")
    assert current_month.window.until == NOW  # the current month ends now
    march_30 = next(p for p in periods if p.key == "2026-03-30").window
    assert march_30.until - march_30.since == timedelta(days=1)
    dst = next(p for p in periods if p.key == "2026-03-29").window  # summer time starts: a 23-hour day
    assert dst.until - dst.since == timedelta(hours=23)


def test_privacy_text_follows_the_settings() -> None:
    default = privacy_text(Settings())
    assert "13 mois (396 jours)" in default
    assert "3 mois (92 jours)" in default
    assert "/oubli" in default
    assert "moins de 5 jeunes n'est jamais montré" in default
    assert "au moins 5 personnes différentes" in default  # misunderstood texts
    custom = privacy_text(Settings(retention_events_days=180, retention_unmatched_days=10))
    assert "6 mois (180 jours)" in custom
    assert "10 jours" in custom
    assert "396" not in custom
    assert len(default) < 4096


def test_duration_fr() -> None:
    assert duration_fr(1) == "1 jour"
    assert duration_fr(45) == "45 jours"
    assert duration_fr(365) == "12 mois (365 jours)"
