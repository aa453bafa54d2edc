"""Pending follow-ups: the same contract for SQLite and its in-memory twin; the service schedules and
cancels them; the retention purge and /oubli remove them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine import events as ev
from bot.engine.core import Engine
from bot.services.conversation import ConversationService
from bot.storage.base import FollowupStore
from bot.storage.memory import MemoryEventLog, MemoryFollowupStore, MemorySessionStore
from bot.storage.retention import purge
from bot.storage.sqlite import Storage
from bot.storage.sqlite.sessions import SqliteSessionStore

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def store(
    request: pytest.FixtureRequest, storage: Storage, tmp_path: Path
) -> AsyncIterator[FollowupStore]:
    if request.param == "memory":
        yield MemoryFollowupStore()
    elif request.param == "sqlite":
        yield storage.followups
    else:
        from bot.storage.postgres import open_storage as open_postgres

        url = request.getfixturevalue("postgres_url")
        async with await open_postgres(
            Settings(secret_path=tmp_path / "pg-secret.key", database_url=url)
        ) as postgres:
            yield postgres.followups


async def test_due_are_the_ones_whose_date_has_come_oldest_first(store: FollowupStore) -> None:
    await store.schedule("b", 2002, NOW + timedelta(hours=1))
    await store.schedule("a", 1001, NOW - timedelta(hours=1))
    await store.schedule("c", 3003, NOW + WEEK)
    assert [(p.user_key, p.chat_id) for p in await store.due(NOW)] == [("a", 1001)]
    due = await store.due(NOW + timedelta(hours=2))
    assert [p.user_key for p in due] == ["a", "b"]
    assert due[0].due_at == NOW - timedelta(hours=1) and due[0].attempts == 0
    assert len(await store.due(NOW + WEEK, limit=2)) == 2


async def test_one_per_person_and_cancel(store: FollowupStore) -> None:
    await store.schedule("a", 1001, NOW)
    await store.schedule("a", 1001, NOW + WEEK)  # asked again: moved, not doubled
    assert await store.due(NOW) == []
    assert len(await store.due(NOW + WEEK)) == 1
    await store.cancel("a")
    await store.cancel("nobody")
    assert await store.due(NOW + 2 * WEEK) == []


async def test_postpone_counts_attempts(store: FollowupStore) -> None:
    await store.schedule("a", 1001, NOW)
    await store.postpone("a", NOW + timedelta(hours=1))
    assert await store.due(NOW) == []
    [pending] = await store.due(NOW + timedelta(hours=1))
    assert pending.attempts == 1


async def test_the_service_schedules_on_yes_and_cancels_on_no_forget_or_block(engine: Engine) -> None:
    followups = MemoryFollowupStore()
    telegram = Engine(engine.dialog, engine.knowledge, offer_followup=True)
    service = ConversationService(
        telegram, MemorySessionStore(), MemoryEventLog(), followups, clock=lambda: NOW
    )
    await service.step("a", ev.Start())
    await service.step("a", ev.FollowUp(True), contact=1001)
    [pending] = followups.pending.values()
    assert (pending.chat_id, pending.due_at) == (1001, NOW + WEEK)
    await service.step("a", ev.FollowUp(False), contact=1001)
    assert followups.pending == {}
    await service.step("a", ev.FollowUp(True), contact=1001)
    await service.forget("a")
    assert followups.pending == {}
    await service.step("a", ev.FollowUp(True), contact=1001)
    await service.mark_inactive("a")
    assert followups.pending == {}


async def test_purge_drops_follow_ups_of_erased_conversations_and_very_late_ones(
    storage: Storage, settings: Settings
) -> None:
    await SqliteSessionStore(storage.db, clock=lambda: NOW).save("kept", {"v": 1})
    await SqliteSessionStore(storage.db, clock=lambda: NOW).save("late", {"v": 1})
    await storage.followups.schedule("kept", 1, NOW + WEEK)
    await storage.followups.schedule("late", 2, NOW - timedelta(days=31))
    await storage.followups.schedule("orphan", 3, NOW + WEEK)  # its conversation is gone
    report = await purge(storage, settings, now=NOW)
    assert report.followups == 2
    assert [p.user_key for p in await storage.followups.due(NOW + 2 * WEEK)] == ["kept"]
    assert "2 relance(s)" in report.describe()


async def test_forget_cancels_in_sqlite_too(storage: Storage, engine: Engine) -> None:
    await storage.followups.schedule("alice", 1, NOW)
    service = ConversationService(engine, storage.sessions, storage.events, storage.followups)
    await service.forget("alice")
    assert await storage.followups.due(NOW + WEEK) == []
