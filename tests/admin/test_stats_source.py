"""The ``StatsSource`` contract, run against every implementation (add the PostgreSQL one to ``SOURCES``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.admin.ports import RawEvent, StatsSource
from bot.engine import facts as f
from bot.storage.sqlite import Storage
from bot.storage.sqlite.events import SqliteEventLog
from bot.storage.sqlite.stats_source import SqliteStatsSource

T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)
VERSION = "orientation@1"


async def sqlite_source(storage: Storage) -> StatsSource:
    for minute, key, fact in [
        (0, "b", f.ConversationStarted("affiche", None)),
        (1, "a", f.ConversationStarted(None, "QN05980M")),
        (2, "b", f.Answered("age", "age", None, "unmatched", "bof 17 ans")),
        (3, None, f.Forgotten()),
        (4, "a", f.PlaceResolved("59512", "QN05980M", "text")),
        (10, "a", f.Completed("resultat")),  # exactly at the end of the window: excluded
    ]:
        log = SqliteEventLog(storage.db, clock=lambda m=minute: T0 + timedelta(minutes=m))
        log.lexicon = storage.events.lexicon  # the same word masking as the bot's own writer
        await log.record(key or "gone", VERSION, [fact])
        await log.aclose()
    return SqliteStatsSource(storage.db, before_read=storage.events.flush)


SOURCES: list[Callable[[Storage], Awaitable[StatsSource]]] = [sqlite_source]


@pytest.fixture(params=SOURCES, ids=lambda make: make.__name__)
async def source(request: pytest.FixtureRequest, storage: Storage) -> AsyncIterator[StatsSource]:
    yield await request.param(storage)


async def collect(rows: AsyncIterator[RawEvent]) -> list[RawEvent]:
    return [row async for row in rows]


async def test_events_by_user_then_by_time(source: StatsSource) -> None:
    by_user = await collect(source.events(T0, T0 + timedelta(minutes=10), "user"))
    assert [(e.user_key, e.kind) for e in by_user] == [
        ("a", "conversation_started"),
        ("a", "place_resolved"),
        ("b", "conversation_started"),
        ("b", "answered"),
        (None, "forgotten"),  # anonymous events come last
    ]
    by_time = await collect(source.events(T0, T0 + timedelta(minutes=11), "time"))
    assert [e.ts - T0 for e in by_time] == [timedelta(minutes=m) for m in (0, 1, 2, 3, 4, 10)]
    first = by_time[1]
    assert first == RawEvent(
        T0 + timedelta(minutes=1), "a", VERSION, "conversation_started", code_qpv="QN05980M"
    )
    assert by_time[4].code_insee == "59512" and by_time[4].value == "text"
    assert all(e.ts.tzinfo is not None for e in by_time)


async def test_texts_are_the_redacted_ones_within_the_window(source: StatsSource) -> None:
    texts = [t async for t in source.texts(T0, T0 + timedelta(minutes=10))]
    assert [(t.user_key, t.node, t.text) for t in texts] == [("b", "age", "bof # ans")]
    assert [t async for t in source.texts(T0 + timedelta(minutes=3), T0 + timedelta(minutes=10))] == []
