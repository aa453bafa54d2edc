"""`python -m bot stats|export|purge` on a real database file."""

from __future__ import annotations

import asyncio
import csv
import json
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.config import Settings
from bot.storage.sqlite import open_storage

from .fixture import load_fixture


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    for name in (
        "BOT_DB_PATH",
        "BOT_SECRET_PATH",
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


def test_stats_json(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    populate(env)
    assert main(["stats", "--since", "2026-03-01", "--until", "2026-03-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["users"] == 13
    assert data["completion_rate_percent"] == 62
    assert {"key": "cafe", "count": "< 5"} in data["sources"]


def test_stats_table_and_missing_database(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats"]) == 1
    assert "BOT_DB_PATH" in capsys.readouterr().err
    populate(env)
    assert main(["stats", "--since", "2026-03-01", "--until", "2026-03-31"]) == 0
    assert "mission_locale" in capsys.readouterr().out
    assert main(["stats", "--since", "2026-04-01", "--until", "2026-03-01"]) == 1


def test_export_csv_is_pseudonymous_per_file(env: Settings, tmp_path: Path) -> None:
    populate(env)
    out = tmp_path / "out" / "events.csv"
    assert main(["export", "--since", "2026-03-01", "--until", "2026-03-31", "--to", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 8 * 8 + 6 + 1 + 3 * 4 + 2 * 3
    keys = {row["user_key"] for row in rows}
    assert len(keys) == 13
    assert not any(key.startswith("user") for key in keys)  # not the stored keys
    assert {row["kind"] for row in rows} >= {"conversation_started", "recommended", "completed"}


def test_purge_command(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["purge"]) == 0
    assert "Rien à purger" in capsys.readouterr().out
    populate(env)  # March 2026: within 13 months of now, but older than 3 months for unmatched texts
    assert main(["purge"]) == 0
    assert "événement(s)" in capsys.readouterr().out
