from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage.sqlite import open_database
from bot.storage.sqlite.migrations import MIGRATIONS, Migration, applied_migrations, migrate


async def test_fresh_database_gets_every_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "bot.sqlite3"
    db = await open_database(path)
    try:
        assert await applied_migrations(db) == [m.name for m in MIGRATIONS]
        assert await migrate(db) == []
        mode = await db.fetchone("PRAGMA journal_mode")
        assert mode == ("wal",)
    finally:
        await db.close()
    db = await open_database(path)  # reopening applies nothing and keeps the data
    try:
        assert await migrate(db) == []
    finally:
        await db.close()


async def test_new_migration_is_applied_in_order(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "bot.sqlite3")
    try:
        extra = (*MIGRATIONS, Migration("9999_extra", "CREATE TABLE extra (x INTEGER);"))
        assert await migrate(db, extra) == ["9999_extra"]
        assert await applied_migrations(db) == [m.name for m in extra]
    finally:
        await db.close()


async def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "bot.sqlite3")
    try:
        broken = (*MIGRATIONS, Migration("9999_broken", "CREATE TABLE t (x INTEGER); SELECT nope FROM nada;"))
        with pytest.raises(StorageError, match="9999_broken"):
            await migrate(db, broken)
        assert await db.fetchone("SELECT name FROM sqlite_master WHERE name = 't'") is None
        assert "9999_broken" not in await applied_migrations(db)
    finally:
        await db.close()


async def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "bot.sqlite3")
    try:
        await migrate(db, (*MIGRATIONS, Migration("9999_future", "SELECT 1;")))
        with pytest.raises(StorageError, match="plus récente"):
            await migrate(db)
    finally:
        await db.close()
