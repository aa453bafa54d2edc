"""One contract, every backend: each method of `SessionStore` and `EventLog` (bot/storage/base.py) behaves
the same on the in-memory twin, SQLite and PostgreSQL, as the conversation service relies on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from bot.engine import facts as f
from tests.storage.contract import Backend, memory_backend, postgres_backend, sqlite_backend

VERSION = "orientation@1"
BACKENDS = ["memory", "sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    async with AsyncExitStack() as stack:
        if request.param == "memory":
            yield await stack.enter_async_context(memory_backend())
        elif request.param == "sqlite":
            yield await stack.enter_async_context(sqlite_backend(tmp_path))
        elif request.param == "postgres":
            url = request.getfixturevalue("postgres_url")
            yield await stack.enter_async_context(postgres_backend(url, tmp_path))
        else:  # pragma: no cover - a new backend must be added here
            raise AssertionError(request.param)


class TestSessionStore:
    async def test_unknown_user_has_no_state(self, backend: Backend) -> None:
        assert await backend.sessions.load("nobody") is None
        assert not await backend.is_active("nobody")

    async def test_save_then_load_returns_an_equal_copy(self, backend: Backend) -> None:
        state = {
            "v": "orientation@3",
            "node": "lieu",
            "answers": {"age": "18_25", "lieu": {"insee": "59512"}},
        }
        state["answers"]["texte"] = "Alma-Gare, l'été — ça va ?"  # type: ignore[index]
        await backend.sessions.save("k1", state)
        loaded = await backend.sessions.load("k1")
        assert loaded == state and loaded is not state
        loaded["node"] = "changed"  # type: ignore[index]
        state["node"] = "changed too"
        assert (await backend.sessions.load("k1") or {})["node"] == "lieu"

    async def test_save_replaces_the_whole_state(self, backend: Backend) -> None:
        await backend.sessions.save("k1", {"node": "age", "answers": {"age": "18_25"}})
        await backend.sessions.save("k1", {"node": "ecole"})
        assert await backend.sessions.load("k1") == {"node": "ecole"}

    async def test_delete_erases_only_that_user(self, backend: Backend) -> None:
        await backend.sessions.save("k1", {"a": 1})
        await backend.sessions.save("k2", {"a": 2})
        await backend.sessions.delete("k1")
        await backend.sessions.delete("absent")  # no error
        assert await backend.sessions.load("k1") is None
        assert await backend.sessions.load("k2") == {"a": 2}
        assert not await backend.is_active("k1")

    async def test_mark_inactive_keeps_the_state_until_the_user_comes_back(self, backend: Backend) -> None:
        await backend.sessions.save("k1", {"a": 1})
        await backend.sessions.save("k2", {"a": 2})
        assert await backend.is_active("k1")
        await backend.sessions.mark_inactive("k1")
        assert not await backend.is_active("k1")
        assert await backend.is_active("k2")
        assert await backend.sessions.load("k1") == {"a": 1}
        await backend.sessions.save("k1", {"a": 3})  # the user wrote again
        assert await backend.is_active("k1")

    async def test_mark_inactive_of_an_unknown_user_creates_nothing(self, backend: Backend) -> None:
        await backend.sessions.mark_inactive("nobody")
        assert await backend.sessions.load("nobody") is None
        await backend.sessions.save("nobody", {"a": 1})
        assert await backend.is_active("nobody")

    async def test_turns_of_one_user_never_interleave(self, backend: Backend) -> None:
        """load -> (slow step) -> save inside ``turn``: no update is lost, whatever the interleaving."""
        sessions = backend.sessions
        await sessions.save("k1", {"n": 0})
        await sessions.save("k2", {"n": 0})

        async def one_turn(user_key: str) -> None:
            async with sessions.turn(user_key):
                state = await sessions.load(user_key)
                assert state is not None
                await asyncio.sleep(0.001)
                await sessions.save(user_key, {"n": state["n"] + 1})

        await asyncio.gather(*(one_turn(key) for _ in range(20) for key in ("k1", "k2")))
        assert await sessions.load("k1") == {"n": 20}
        assert await sessions.load("k2") == {"n": 20}

    async def test_different_users_take_turns_concurrently(self, backend: Backend) -> None:
        sessions = backend.sessions
        inside = asyncio.Event()

        async def first() -> None:
            async with sessions.turn("k1"):
                await sessions.save("k1", {"a": 1})
                async with asyncio.timeout(10):
                    await inside.wait()  # only possible if k2's turn can start meanwhile

        async def second() -> None:
            async with sessions.turn("k2"):
                await sessions.save("k2", {"a": 2})
                inside.set()

        await asyncio.gather(first(), second())
        assert await sessions.load("k1") == {"a": 1}

    async def test_a_failed_turn_does_not_keep_the_user_locked(self, backend: Backend) -> None:
        sessions = backend.sessions
        with pytest.raises(RuntimeError):
            async with sessions.turn("k1"):
                raise RuntimeError("the step failed")
        async with asyncio.timeout(10), sessions.turn("k1"):
            await sessions.save("k1", {"a": 1})
        assert await sessions.load("k1") == {"a": 1}


class TestEventLog:
    async def test_recorded_facts_are_written_in_order_by_flush(self, backend: Backend) -> None:
        await backend.events.record("k1", VERSION, [f.ConversationStarted(None, None), f.NodeReached("age")])
        await backend.events.record("k2", VERSION, [f.ConversationStarted("mlroubaix", None)])
        await backend.events.record("k1", VERSION, [f.Answered("age", "age", "18_25", "button")])
        await backend.events.flush()
        assert await backend.stored_events() == [
            ("k1", "conversation_started"),
            ("k1", "node_reached"),
            ("k2", "conversation_started"),
            ("k1", "answered"),
        ]

    async def test_flush_with_nothing_pending_is_harmless(self, backend: Backend) -> None:
        await backend.events.flush()
        await backend.events.record("k1", VERSION, [f.Restarted()])
        await backend.events.flush()
        await backend.events.flush()
        assert await backend.stored_events() == [("k1", "restarted")]

    async def test_record_nothing(self, backend: Backend) -> None:
        await backend.events.record("k1", VERSION, [])
        await backend.events.flush()
        assert await backend.stored_events() == []

    async def test_forgotten_is_stored_without_the_key(self, backend: Backend) -> None:
        await backend.events.record("k1", VERSION, [f.Forgotten()])
        await backend.events.flush()
        assert await backend.stored_events() == [(None, "forgotten")]

    async def test_unmatched_text_is_kept_redacted(self, backend: Backend) -> None:
        text = "je veux etre youtubeur appelle moi au 06 12 34 56 78"
        await backend.events.record("k1", VERSION, [f.Answered("projet", "projet", None, "unmatched", text)])
        await backend.events.flush()
        # digits redacted, then every word outside the French word list and the dialog masked
        assert await backend.stored_unmatched() == [("k1", "je veux etre * appelle moi au [tel]")]

    async def test_forget_erases_written_and_buffered_events_of_that_user_only(
        self, backend: Backend
    ) -> None:
        unmatched = f.Answered("projet", "projet", None, "unmatched", "youtubeur")
        await backend.events.record("k1", VERSION, [f.NodeReached("age"), unmatched])
        await backend.events.record("k2", VERSION, [f.NodeReached("age"), unmatched])
        await backend.events.flush()
        await backend.events.record("k1", VERSION, [f.NodeReached("ecole")])  # still buffered
        await backend.events.forget("k1")
        await backend.events.forget("nobody")  # no error
        await backend.events.flush()
        assert await backend.stored_events() == [("k2", "node_reached"), ("k2", "answered")]
        assert [key for key, _ in await backend.stored_unmatched()] == ["k2"]

    async def test_a_forgotten_user_who_comes_back_is_logged_again(self, backend: Backend) -> None:
        await backend.events.record("k1", VERSION, [f.NodeReached("age")])
        await backend.events.forget("k1")
        await backend.events.record("k1", VERSION, [f.Forgotten(), f.ConversationStarted(None, None)])
        await backend.events.flush()
        assert await backend.stored_events() == [(None, "forgotten"), ("k1", "conversation_started")]
