"""The aggregates database holds counts of five people or more, no user key, no unredacted text."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bot.admin.build import build_aggregates
from bot.admin.statsdb import TABLES, columns, count_columns
from bot.storage.sqlite import Storage
from bot.storage.sqlite.stats_source import SqliteStatsSource

from .fixture import NAMES, load_fixture

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


async def build(storage: Storage, path: Path) -> None:
    await load_fixture(storage)
    await build_aggregates(SqliteStatsSource(storage.db, storage.events.flush), NAMES, path, NOW)


async def test_no_cell_below_five_no_user_key_no_raw_text(storage: Storage, tmp_path: Path) -> None:
    path = tmp_path / "stats.sqlite3"
    await build(storage, path)
    user_keys = {str(k) for (k,) in await storage.db.fetchall("SELECT DISTINCT user_key FROM events")}
    raw_texts = {str(t) for (t,) in await storage.db.fetchall("SELECT text FROM unmatched_texts")}
    assert user_keys >= {"user00", "outsider"} and any("appelle" in t for t in raw_texts)
    assert not any("Kevin" in t for t in raw_texts)  # the name was masked before it was stored
    checked = masked = 0
    with sqlite3.connect(path) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == set(TABLES)
        for table in TABLES:
            real = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            assert real == columns(table)
            for row in conn.execute(f"SELECT * FROM {table}"):
                record = dict(zip(real, row, strict=True))
                for column in count_columns(table):
                    value = record[column]
                    checked += 1
                    assert value is None or value == 0 or value >= 5, (table, record)
                    if f"{column}_masque" in record:
                        assert (value is None) == bool(record[f"{column}_masque"]), (table, record)
                        masked += value is None
                for value in record.values():
                    assert str(value) not in user_keys, (table, record)
                    assert not any(str(value) == t for t in raw_texts if t != "je sais pas trop"), (
                        table,
                        record,
                    )
        texts = conn.execute("SELECT DISTINCT texte FROM textes_non_compris").fetchall()
        assert texts == [("je sais pas trop",)]
    assert checked > 100 and masked > 10  # the fixture does exercise the cut
    blob = path.read_bytes().lower()
    for secret in (b"user0", b"outsider", b"kevin", b"bof"):
        assert secret not in blob


async def test_rebuild_replaces_the_file_atomically(storage: Storage, tmp_path: Path) -> None:
    path = tmp_path / "out" / "stats.sqlite3"
    await build(storage, path)
    reader = sqlite3.connect(f"file:{path}?immutable=1", uri=True)  # what the dashboard holds open
    try:
        before = reader.execute("SELECT count(*) FROM periodes").fetchone()
        await build_aggregates(SqliteStatsSource(storage.db), NAMES, path, NOW)
        assert reader.execute("SELECT count(*) FROM periodes").fetchone() == before
    finally:
        reader.close()
    left = await asyncio.to_thread(lambda: [p.name for p in path.parent.iterdir()])
    assert left == ["stats.sqlite3"]  # no temporary file left
