"""`python -m bot stats|export|purge` on a real database file."""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.config import PROJECT_ROOT, Settings
from bot.storage.sqlite import open_storage

from .fixture import load_fixture

GEODATA = PROJECT_ROOT / "tests" / "knowledge" / "fixtures" / "geodata"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("BOT_GEODATA_DIR", str(GEODATA))
    for name in (
        "BOT_DB_PATH",
        "BOT_SECRET_PATH",
        "BOT_INDEX_PATH",
        "BOT_STATS_DB_PATH",
        "BOT_RETENTION_EVENTS_DAYS",
        "BOT_RETENTION_UNMATCHED_DAYS",
    ):
        monkeypatch.delenv(name, raising=False)
    return Settings.from_env()


def populate(settings: Settings) -> None:
    async def go() -> None:
        async with await open_storage(settings) as storage:
            await load_fixture(storage)

    asyncio.run(go())


def test_stats_json_with_names(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    populate(env)
    assert main(["stats", "--since", "2026-03-02", "--until", "2026-03-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["users"] == {"count": 18, "masque": False}
    assert data["completion_rate_percent"] == 44
    assert data["communes"] == [{"key": "59512", "name": "Roubaix", "count": 8, "masque": False}]
    assert data["quartiers"][0]["name"] == "Roubaix-Tourcoing – Blanc Seau"
    assert {"key": "cafe", "name": "lien « cafe »", "started": {"count": 7, "masque": False}}.items() <= next(
        s for s in data["sources"] if s["key"] == "cafe"
    ).items()


def test_stats_periods_and_errors(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats"]) == 1
    assert "BOT_DB_PATH" in capsys.readouterr().err
    populate(env)
    assert main(["stats", "2", "semaines"]) == 0
    assert "14 derniers jours" in capsys.readouterr().out
    assert main(["stats", "depuis", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert "depuis le 01/03/2026" in out and "Roubaix" in out and "Mission Locale" in out
    assert main(["stats", "2", "siècles"]) == 1
    assert "Période inconnue" in capsys.readouterr().err
    assert main(["stats", "--since", "2026-04-01", "--until", "2026-03-01"]) == 1
    assert main(["stats", "30j", "--since", "2026-03-01"]) == 1


def test_build_writes_the_aggregates_database(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    populate(env)
    assert main(["stats", "--build"]) == 0
    assert "Agrégats reconstruits" in capsys.readouterr().out
    with sqlite3.connect(env.stats_path) as conn:
        row = conn.execute(
            "SELECT jeunes, terminees, taux_completion FROM chiffres WHERE periode = 'mars 2026'"
        )
        assert row.fetchone() == (20, 10, 50)  # Paris month: the two edge users are in
        names = conn.execute("SELECT DISTINCT commune FROM communes").fetchall()
        assert names == [("Roubaix",)]


def test_export_csv_is_pseudonymous_per_file(env: Settings, tmp_path: Path) -> None:
    populate(env)
    out = tmp_path / "out" / "events.csv"
    assert main(["export", "--since", "2026-03-02", "--until", "2026-03-31", "--to", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with sqlite3.connect(env.db_path) as conn:
        (expected,) = conn.execute(
            "SELECT count(*) FROM events WHERE ts >= '2026-03-01T23' AND ts < '2026-03-30T22'"
        ).fetchone()
    assert len(rows) == expected
    keys = {row["user_key"] for row in rows}
    assert len(keys) == 19  # 18 young people and the outsider
    assert not any(key.startswith("user") for key in keys)  # not the stored keys
    assert rows[0]["ts"].endswith("+01:00")  # Paris time
    assert {row["kind"] for row in rows} >= {"conversation_started", "recommended", "completed"}


def test_purge_command(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["purge"]) == 0
    assert "Rien à purger" in capsys.readouterr().out
    populate(env)  # March 2026: within 13 months of now, but older than 3 months for unmatched texts
    assert main(["purge"]) == 0
    assert "événement(s)" in capsys.readouterr().out
