from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.engine import facts as f
from bot.engine.core import Engine
from bot.services.conversation import ConversationService
from bot.storage.retention import purge
from bot.storage.sqlite import Storage
from bot.storage.sqlite.events import SqliteEventLog
from bot.storage.sqlite.sessions import SqliteSessionStore

from .scripted import VERSION, conversation

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


async def record_at(storage: Storage, moment: datetime, user_key: str, facts: list[f.Fact]) -> None:
    log = SqliteEventLog(storage.db, clock=lambda: moment)
    await log.record(user_key, VERSION, facts)
    await log.aclose()


async def save_at(storage: Storage, moment: datetime, user_key: str) -> None:
    await SqliteSessionStore(storage.db, clock=lambda: moment).save(user_key, {"v": VERSION})


async def keys(storage: Storage, sql: str) -> list[str]:
    return [str(row[0]) for row in await storage.db.fetchall(sql)]


async def test_purge_deletes_exactly_what_is_past_retention(storage: Storage, settings: Settings) -> None:
    events_edge = NOW - timedelta(days=settings.retention_events_days)
    unmatched_edge = NOW - timedelta(days=settings.retention_unmatched_days)
    unmatched = f.Answered("projet", "projet", None, "unmatched", "bof")
    await record_at(storage, events_edge - SECOND, "old", [f.NodeReached("age")])
    await record_at(storage, events_edge + SECOND, "kept", [f.NodeReached("age")])
    await record_at(storage, unmatched_edge - SECOND, "u_old", [unmatched])
    await record_at(storage, unmatched_edge + SECOND, "u_kept", [unmatched])
    await save_at(storage, events_edge - SECOND, "idle")
    await save_at(storage, events_edge + SECOND, "recent")

    report = await purge(storage, settings, now=NOW)

    assert (report.events, report.unmatched_texts, report.sessions) == (1, 1, 1)
    assert report.events_before == events_edge
    assert report.unmatched_before == unmatched_edge
    assert await keys(storage, "SELECT user_key FROM events ORDER BY id") == ["kept", "u_old", "u_kept"]
    assert await keys(storage, "SELECT user_key FROM unmatched_texts") == ["u_kept"]
    assert await keys(storage, "SELECT user_key FROM sessions") == ["recent"]
    assert "1 événement(s)" in report.describe()
    again = await purge(storage, settings, now=NOW)
    assert again.total == 0


async def test_forget_user_removes_that_user_and_nothing_else(storage: Storage, engine: Engine) -> None:
    for key in ("alice", "bob"):
        for turn in conversation(unmatched="je sais pas trop"):
            await storage.events.record(key, VERSION, turn)
        await storage.sessions.save(key, {"v": VERSION})
    await storage.events.flush()
    bob_before = await storage.db.fetchall("SELECT * FROM events WHERE user_key = 'bob' ORDER BY id")
    await storage.events.record("alice", VERSION, [f.FeedbackGiven(useful=False)])  # still buffered

    await ConversationService(engine, storage.sessions, storage.events).forget("alice")  # /oubli
    await storage.events.flush()

    for table in ("events", "unmatched_texts", "sessions"):
        assert await keys(storage, f"SELECT COUNT(*) FROM {table} WHERE user_key = 'alice'") == ["0"]
    assert await storage.db.fetchall("SELECT * FROM events WHERE user_key = 'bob' ORDER BY id") == bob_before
    assert await keys(storage, "SELECT COUNT(*) FROM unmatched_texts WHERE user_key = 'bob'") == ["1"]
    assert await storage.sessions.load("bob") == {"v": VERSION}
    assert await storage.db.fetchall("SELECT user_key, kind FROM events WHERE user_key IS NULL") == [
        (None, "forgotten")
    ]
