from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.admin.access import parse_moment, parse_period, stats_window
from bot.admin.threshold import mask, masked_rate
from bot.config import Settings
from bot.privacy import duration_fr, privacy_text

NOW = datetime(2026, 3, 31, tzinfo=UTC)


@pytest.mark.parametrize(
    ("arg", "days"), [(None, 7), ("", 7), ("7j", 7), ("30j", 30), ("90 jours", 90), ("30d", 30)]
)
def test_parse_period(arg: str | None, days: int) -> None:
    assert parse_period(arg) == timedelta(days=days)


@pytest.mark.parametrize("arg", ["semaine", "0j", "-3j", "9999j", "7j; DROP TABLE"])
def test_bad_period_is_a_french_error(arg: str) -> None:
    with pytest.raises(ValueError, match="Utilise 7j, 30j ou 90j"):
        parse_period(arg)


def test_window_and_moments() -> None:
    assert stats_window("30j", NOW) == (NOW - timedelta(days=30), NOW)
    assert parse_moment("2026-01-31", NOW) == datetime(2026, 1, 31, tzinfo=UTC)
    assert parse_moment("2026-01-31T08:00:00Z", NOW) == datetime(2026, 1, 31, 8, tzinfo=UTC)
    assert parse_moment("10j", NOW) == NOW - timedelta(days=10)
    with pytest.raises(ValueError, match="Date illisible"):
        parse_moment("hier", NOW)


def test_mask_and_rate() -> None:
    assert [mask(n) for n in (0, 1, 4, 5, 120)] == [0, "< 5", "< 5", 5, 120]
    assert masked_rate(8, 13) == 62
    assert masked_rate(0, 10) == 0
    assert masked_rate(3, 10) is None  # would reveal 3
    assert masked_rate(8, 10) is None  # would reveal 2 abandoned
    assert masked_rate(4, 4) is None


def test_privacy_text_follows_the_settings() -> None:
    default = privacy_text(Settings())
    assert "13 mois (396 jours)" in default
    assert "3 mois (92 jours)" in default
    assert "/oubli" in default
    custom = privacy_text(Settings(retention_events_days=180, retention_unmatched_days=10))
    assert "6 mois (180 jours)" in custom
    assert "10 jours" in custom
    assert "396" not in custom
    assert len(default) < 4096


def test_duration_fr() -> None:
    assert duration_fr(1) == "1 jour"
    assert duration_fr(45) == "45 jours"
    assert duration_fr(365) == "12 mois (365 jours)"
