"""The same contract for the SQLite store and its in-memory twin."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.storage.base import SessionStore
from bot.storage.memory import MemorySessionStore
from bot.storage.sqlite import Storage


@pytest.fixture(params=["memory", "sqlite"])
async def store(request: pytest.FixtureRequest, storage: Storage) -> AsyncIterator[SessionStore]:
    yield MemorySessionStore() if request.param == "memory" else storage.sessions


async def test_missing_user_has_no_state(store: SessionStore) -> None:
    assert await store.load("k1") is None


async def test_save_load_roundtrip_is_a_copy(store: SessionStore) -> None:
    state = {"v": "orientation@3", "answers": {"age": "18_25", "place": {"insee": "59512"}}}
    await store.save("k1", state)
    loaded = await store.load("k1")
    assert loaded == state
    assert loaded is not state
    state["answers"] = {}
    assert await store.load("k1") != state
    await store.save("k1", {"v": "x"})
    assert await store.load("k1") == {"v": "x"}


async def test_delete_only_that_user(store: SessionStore) -> None:
    await store.save("k1", {"a": 1})
    await store.save("k2", {"a": 2})
    await store.delete("k1")
    await store.delete("absent")
    assert await store.load("k1") is None
    assert await store.load("k2") == {"a": 2}


async def test_mark_inactive_then_save_reactivates(storage: Storage) -> None:
    sessions = storage.sessions
    await sessions.save("k1", {"a": 1})
    await sessions.mark_inactive("k1")
    assert not await sessions.is_active("k1")
    assert await sessions.load("k1") == {"a": 1}
    await sessions.save("k1", {"a": 2})
    assert await sessions.is_active("k1")


async def test_unreadable_state_is_ignored(storage: Storage) -> None:
    async with storage.db.transaction() as conn:
        await conn.execute("INSERT INTO sessions VALUES ('k1', '{not json', '2026-01-01T00:00:00Z', 1)")
    assert await storage.sessions.load("k1") is None


# -- the states of people active a moment ago, kept in memory by the SQLite store ---------------------------
async def test_a_recent_state_is_served_from_memory_until_it_is_old(storage: Storage) -> None:
    from bot.storage.sqlite.sessions import SqliteSessionStore

    store = SqliteSessionStore(storage.db, recent_seconds=60)
    await store.save("k1", {"node": "age"})
    async with storage.db.transaction() as conn:  # a change by hand, behind the store's back
        await conn.execute("UPDATE sessions SET state = '{\"node\": \"fin\"}' WHERE user_key = 'k1'")
    assert await store.load("k1") == {"node": "age"}  # what this store saved, without reading the file
    assert await SqliteSessionStore(storage.db).load("k1") == {"node": "fin"}
    old = SqliteSessionStore(storage.db, recent_seconds=0)
    await old.save("k1", {"node": "age"})
    async with storage.db.transaction() as conn:
        await conn.execute("UPDATE sessions SET state = '{\"node\": \"fin\"}' WHERE user_key = 'k1'")
    assert await old.load("k1") == {"node": "fin"}  # past its lifetime, the row is read again


async def test_memory_never_serves_a_deleted_state_nor_a_shared_dict(storage: Storage) -> None:
    store = storage.sessions
    await store.save("k1", {"answers": {"age": "18_25"}})
    first = await store.load("k1")
    assert first is not None
    first["answers"]["age"] = "changed"
    assert await store.load("k1") == {"answers": {"age": "18_25"}}
    await store.delete("k1")
    assert await store.load("k1") is None


async def test_memory_keeps_the_most_recent_states_only(storage: Storage) -> None:
    from bot.storage.sqlite.sessions import SqliteSessionStore

    store = SqliteSessionStore(storage.db, recent_max=2)
    for key in ("a", "b", "c"):
        await store.save(key, {"k": key})
    async with storage.db.transaction() as conn:
        await conn.execute('UPDATE sessions SET state = \'{"k": "hand"}\'')
    assert [await store.load(key) for key in ("a", "b", "c")] == [{"k": "hand"}, {"k": "b"}, {"k": "c"}]
