from __future__ import annotations

import asyncio
from typing import Any

from bot.config import Settings
from bot.engine import facts as f
from bot.storage.sqlite import Storage, open_storage
from bot.storage.sqlite.encode import encode

from .scripted import VERSION, conversation


async def count(storage: Storage, table: str = "events") -> int:
    row = await storage.db.fetchone(f"SELECT COUNT(*) FROM {table}")
    assert row is not None
    return int(row[0])


async def test_record_is_buffered_then_flushed(storage: Storage) -> None:
    await storage.events.record("k1", VERSION, [f.NodeReached("age"), f.Restarted()])
    assert storage.events.pending == 2
    await storage.events.flush()
    assert storage.events.pending == 0
    assert await count(storage) == 2
    rows = await storage.db.fetchall("SELECT user_key, dialog_version, kind, node FROM events ORDER BY id")
    assert rows == [("k1", VERSION, "node_reached", "age"), ("k1", VERSION, "restarted", None)]


async def test_background_writer_flushes_within_a_second(settings: Settings) -> None:
    async with await open_storage(settings, flush_interval=0.05) as storage:
        await storage.events.record("k1", VERSION, [f.NodeReached("age")])
        for _ in range(100):
            if await count(storage) == 1:
                break
            await asyncio.sleep(0.01)
        assert await count(storage) == 1


async def test_events_survive_a_clean_restart(settings: Settings) -> None:
    storage = await open_storage(settings)
    turns = conversation(unmatched="je veux etre youtubeur")
    for turn in turns:
        await storage.events.record("k1", VERSION, turn)
    await storage.aclose()  # nothing flushed explicitly: aclose drains the buffer
    await storage.aclose()  # twice is harmless
    async with await open_storage(settings) as reopened:
        assert await count(reopened) == sum(len(t) for t in turns)
        assert await count(reopened, "unmatched_texts") == 1


async def test_record_never_raises(storage: Storage) -> None:
    bogus: Any = object()
    await storage.events.record("k1", VERSION, [bogus])
    await storage.events.record("k1", VERSION, [f.Restarted()])
    await storage.events.flush()
    assert await count(storage) >= 1


async def test_unmatched_text_is_redacted_before_storage(storage: Storage) -> None:
    answer = f.Answered("projet", "projet", None, "unmatched", "appelle moi 06 12 34 56 78 ou moi@mail.fr")
    await storage.events.record("k1", VERSION, [answer])
    await storage.events.flush()
    assert await storage.db.fetchall("SELECT user_key, node, text FROM unmatched_texts") == [
        ("k1", "projet", "appelle moi [tel] ou [email]")
    ]
    row = await storage.db.fetchone("SELECT kind, outcome, value FROM events")
    assert row == ("answered", "unmatched", None)


def test_encoding_drops_what_is_not_an_identifier() -> None:
    assert encode(f.Answered("age", "age", "17", "number")).value is None  # an exact age never stored
    assert encode(f.Answered("age", "age", "16_17", "number")).value == "16_17"
    assert encode(f.Answered("nom", "nom", "Yasmina Benali", "text")).value is None
    assert encode(f.ConversationStarted(source="0612345678", qpv="not a code")).source is None
    assert encode(f.PlaceResolved("59512", "QN05980M", "position")).code_insee == "59512"
    assert encode(f.PlaceResolved("50.69,3.17", None, "position")).code_insee is None
    assert encode(f.PlaceResolved("2A004", None, "text")).code_insee == "2A004"
    assert encode(f.Forgotten()).anonymous


async def test_forget_drops_buffered_and_written_rows_of_that_user_only(storage: Storage) -> None:
    await storage.events.record("k1", VERSION, [f.NodeReached("age")])
    await storage.events.record("k2", VERSION, [f.NodeReached("age")])
    await storage.events.flush()
    await storage.events.record("k1", VERSION, [f.Answered("age", "age", None, "unmatched", "bof")])
    await storage.events.forget("k1")
    await storage.events.flush()
    assert await storage.db.fetchall("SELECT user_key FROM events") == [("k2",)]
    assert await count(storage, "unmatched_texts") == 0
