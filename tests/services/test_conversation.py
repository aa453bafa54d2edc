"""The conversation service over the in-memory and the SQLite stores: same behaviour, state saved first."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine.core import Engine
from bot.engine.replies import Message
from bot.services.conversation import ConversationService
from bot.storage.base import EventLog, SessionStore
from bot.storage.memory import MemoryEventLog, MemorySessionStore
from bot.storage.sqlite import open_storage


@pytest.fixture(params=["memory", "sqlite"])
async def stores(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[SessionStore, EventLog]]:
    if request.param == "memory":
        yield MemorySessionStore(), MemoryEventLog()
        return
    settings = Settings(db_path=tmp_path / "bot.sqlite3", secret_path=tmp_path / "secret.key")
    storage = await open_storage(settings)
    try:
        yield storage.sessions, storage.events
    finally:
        await storage.aclose()


async def test_state_is_saved_before_replies_and_survives(
    engine: Engine, stores: tuple[SessionStore, EventLog]
) -> None:
    sessions, events = stores
    service = ConversationService(engine, sessions, events)
    await service.handle("u1", ev.Start())
    await service.handle("u1", ev.Text("19"))
    saved = await sessions.load("u1")
    assert saved is not None and saved["node"] == "scolarite" and saved["answers"] == {"age": "18_25"}
    # a new service (a restarted process) continues where the user was
    again = ConversationService(engine, sessions, events)
    replies = await again.handle("u1", ev.Text("j'ai arrêté il y a plus d'un an"))
    assert any(isinstance(r, Message) and "diplôme" in r.text for r in replies)


async def test_unreadable_state_restarts_with_a_fact(engine: Engine) -> None:
    sessions, events = MemorySessionStore(), MemoryEventLog()
    await sessions.save("u1", {"format": 99})
    service = ConversationService(engine, sessions, events)
    replies = await service.handle("u1", ev.Text("bonjour"))
    assert any(isinstance(r, Message) and "quel âge" in r.text for r in replies)
    assert any(isinstance(f, fx.StateReset) and f.reason == "unreadable" for _, _, f in events.events)


async def test_one_users_steps_run_in_order_while_users_run_concurrently(engine: Engine) -> None:
    service = ConversationService(engine, MemorySessionStore(), MemoryEventLog())
    await asyncio.gather(*(service.handle(f"u{i}", ev.Start()) for i in range(20)))
    # three answers of one user fired at once are applied in order
    await asyncio.gather(
        service.handle("u0", ev.Text("19")),
        service.handle("u0", ev.Text("plus d'un an")),
        service.handle("u0", ev.Text("aucun")),
    )
    state = await service.sessions.load("u0")
    assert state is not None and state["answers"] == {
        "age": "18_25",
        "scolarite": "arret",
        "diplome": "aucun",
    }


async def test_forget_erases_the_user_and_counts_anonymously(engine: Engine) -> None:
    sessions, events = MemorySessionStore(), MemoryEventLog()
    service = ConversationService(engine, sessions, events)
    await service.handle("u1", ev.Start())
    await service.handle("u2", ev.Start())
    await service.forget("u1")
    assert await sessions.load("u1") is None and await sessions.load("u2") is not None
    assert all(key != "u1" for key, _, _ in events.events)
    assert ("", engine.version, fx.Forgotten()) in events.events


class BrokenLog:
    async def record(self, *args: object) -> None:
        raise RuntimeError("disk full")

    async def forget(self, user_key: str) -> None:
        return None

    async def flush(self) -> None:
        return None


async def test_a_broken_usage_log_never_breaks_a_reply(engine: Engine) -> None:
    service = ConversationService(engine, MemorySessionStore(), BrokenLog())
    replies = await service.handle("u1", ev.Start())
    assert replies
