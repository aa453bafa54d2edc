"""The usage-log writer cannot be poisoned: a row SQLite refuses is dropped and counted, the rest of its batch
and every later event are written, and a clean shutdown writes the buffer."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.engine import facts as f
from bot.storage.sqlite import Storage, open_storage

VERSION = "orientation@test"
LONE_SURROGATE = "je veux \ud83d etre youtubeur"  # half of an emoji: not encodable in UTF-8


def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "bot.sqlite3", secret_path=tmp_path / "secret.key")


async def count(storage: Storage, sql: str) -> int:
    row = await storage.db.fetchone(sql)
    assert row is not None
    return int(row[0])


async def poison(storage: Storage) -> None:
    """A rule of the database refuses one kind of row (stands for any row SQLite cannot store)."""
    await storage.db.conn.execute(
        "CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.node = 'poison' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )


async def test_a_refused_row_is_dropped_and_the_rest_written(tmp_path: Path) -> None:
    async with await open_storage(settings(tmp_path)) as storage:
        await poison(storage)
        await storage.events.record("k1", VERSION, [f.NodeReached("age"), f.NodeReached("poison")])
        await storage.events.record("k2", VERSION, [f.Restarted()])
        await storage.events.flush()
        assert storage.events.pending == 0
        assert storage.events.dropped == 1
        assert await count(storage, "SELECT COUNT(*) FROM events") == 2
        # the log is not stuck: later events are written too
        await storage.events.record("k3", VERSION, [f.NodeReached("diplome")])
        await storage.events.flush()
        assert await count(storage, "SELECT COUNT(*) FROM events") == 3


async def test_a_lone_surrogate_does_not_block_the_log(tmp_path: Path) -> None:
    async with await open_storage(settings(tmp_path)) as storage:
        bad = f.Answered("age", "age", None, "unmatched", unmatched_text=LONE_SURROGATE)
        await storage.events.record("k1", VERSION, [f.NodeReached("age"), bad])
        await storage.events.record("k2", VERSION, [f.Restarted()])
        await storage.events.flush()
        assert storage.events.pending == 0
        assert await count(storage, "SELECT COUNT(*) FROM events") == 3
        texts = await storage.db.fetchall("SELECT text FROM unmatched_texts")
        assert len(texts) == 1 and "youtubeur" not in texts[0][0]  # stored, and masked (not a French word)


async def test_clean_shutdown_writes_the_buffer_despite_a_bad_row(tmp_path: Path) -> None:
    storage = await open_storage(settings(tmp_path))
    await poison(storage)
    await storage.events.record("k1", VERSION, [f.NodeReached("poison"), f.NodeReached("age")])
    await storage.aclose()
    async with await open_storage(settings(tmp_path)) as reopened:
        assert await count(reopened, "SELECT COUNT(*) FROM events") == 1
