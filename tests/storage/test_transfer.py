"""`python -m bot storage migrate --to postgresql://…`: the SQLite data moves to PostgreSQL whole — the
conversations carry on where they were, the usage figures stay the same — and never into a used database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.admin.stats import compute_stats
from bot.config import PROJECT_ROOT, Settings
from bot.storage.postgres import open_storage as open_postgres
from bot.storage.postgres.stats_source import PostgresStatsSource
from bot.storage.sqlite import open_storage as open_sqlite
from bot.storage.sqlite.stats_source import SqliteStatsSource
from tests.admin.fixture import NAMES, WINDOW, load_fixture

STATES = {
    "k_age": {"v": "orientation@1", "node": "age", "answers": {}},
    "k_lieu": {"v": "orientation@1", "node": "lieu", "answers": {"age": "18_25", "texte": "l'Épeule — ça"}},
}


def bot_cli(*args: str, settings: Settings) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    env.update(BOT_DB_PATH=str(settings.db_path), BOT_SECRET_PATH=str(settings.secret_path))
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def fill_sqlite(settings: Settings) -> None:
    async with await open_sqlite(settings) as storage:
        await load_fixture(storage)
        for key, state in STATES.items():
            await storage.sessions.save(key, state)
        await storage.sessions.mark_inactive("k_age")


def test_migrate_copies_everything_then_refuses_a_used_database(
    tmp_path: Path,
    postgres_url: str,
) -> None:
    settings = Settings(db_path=tmp_path / "bot.sqlite3", secret_path=tmp_path / "secret.key")
    asyncio.run(fill_sqlite(settings))

    done = bot_cli("storage", "migrate", "--to", postgres_url, settings=settings)
    assert done.returncode == 0, done.stderr

    async def counts() -> tuple[int, int]:
        async with await open_sqlite(settings) as sqlite:
            (events,) = await (await sqlite.db.conn.execute("SELECT count(*) FROM events")).fetchone()
            (texts,) = await (await sqlite.db.conn.execute("SELECT count(*) FROM unmatched_texts")).fetchone()
        return int(events), int(texts)

    events, texts = asyncio.run(counts())
    assert events > 100 and texts > 0
    assert f"2 session(s), {events} événement(s), {texts} texte(s) non compris" in done.stdout

    async def check() -> None:
        async with await open_sqlite(settings) as sqlite:
            expected = await compute_stats(SqliteStatsSource(sqlite.db), WINDOW, NAMES)
        pg_settings = Settings(secret_path=settings.secret_path, database_url=postgres_url)
        async with await open_postgres(pg_settings) as storage:
            for key, state in STATES.items():
                assert await storage.sessions.load(key) == state
            assert not await storage.sessions.is_active("k_age")
            assert await storage.sessions.is_active("k_lieu")
            assert await compute_stats(PostgresStatsSource(storage.pool), WINDOW, NAMES) == expected
            kinds = [r[0] for r in await storage.pool.fetch("SELECT kind FROM events ORDER BY id LIMIT 3")]
            assert kinds == ["conversation_started", "node_reached", "answered"]

    asyncio.run(check())

    again = bot_cli("storage", "migrate", "--to", postgres_url, settings=settings)
    assert again.returncode == 1
    assert "contient déjà des données" in again.stderr


def test_migrate_needs_a_postgresql_address_and_a_sqlite_file(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "absent.sqlite3", secret_path=tmp_path / "secret.key")
    wrong = bot_cli("storage", "migrate", "--to", "mysql://db/capq", settings=settings)
    assert wrong.returncode == 1 and "postgresql://" in wrong.stderr
    missing = bot_cli("storage", "migrate", "--to", "postgresql://db/capq", settings=settings)
    assert missing.returncode == 1 and "rien à copier" in missing.stderr


@pytest.mark.parametrize("command", [["stats", "--format", "json"], ["purge"]])
def test_admin_commands_read_postgresql_when_configured(
    tmp_path: Path,
    postgres_url: str,
    command: list[str],
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    env.update(BOT_DATABASE_URL=postgres_url, BOT_DB_PATH=str(tmp_path / "never.sqlite3"))
    done = subprocess.run(
        [sys.executable, "-m", "bot", *command],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "never.sqlite3").exists()
