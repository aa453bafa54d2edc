"""A known set of events: 13 young people, 8 complete, 5 drop off (3 at "lieu", 2 at "age")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.dialogs import facts as f
from bot.storage.sqlite import Storage
from bot.storage.sqlite.events import SqliteEventLog

VERSION = "orientation@1"
SINCE = datetime(2026, 3, 1, tzinfo=UTC)
UNTIL = datetime(2026, 3, 31, tzinfo=UTC)


def completed(i: int) -> list[f.Fact]:
    facts: list[f.Fact] = [
        f.ConversationStarted(source="mlroubaix", qpv=None),
        f.NodeReached("age"),
        f.Answered("age", "age", "18_25", "button"),
        f.NodeReached("lieu"),
        f.Answered("lieu", "lieu", None, "place"),
        f.PlaceResolved("59512", "QN05980M", "text"),
        f.Recommended(("e2c", "mission_locale"), ("ml_roubaix",)),
        f.Completed("resultat"),
    ]
    if i < 6:
        facts.append(f.FeedbackGiven(useful=True))
    elif i == 6:
        facts.append(f.FeedbackGiven(useful=False))
    return facts


def dropped_at_lieu() -> list[f.Fact]:
    return [
        f.ConversationStarted(source=None, qpv="QN05980M"),
        f.NodeReached("age"),
        f.Answered("age", "age", "16_17", "fuzzy"),
        f.NodeReached("lieu"),
    ]


def dropped_at_age() -> list[f.Fact]:
    return [
        f.ConversationStarted(source="cafe", qpv=None),
        f.NodeReached("age"),
        f.Answered("age", "age", None, "unmatched", "bof 17"),
    ]


async def _record(storage: Storage, moment: datetime, key: str, facts: list[f.Fact]) -> None:
    log = SqliteEventLog(storage.db, clock=lambda: moment)
    log.lexicon = storage.events.lexicon  # the same word masking as the bot's own writer
    await log.record(key, VERSION, facts)
    await log.aclose()


async def load_fixture(storage: Storage) -> None:
    day = SINCE + timedelta(days=1)
    for i in range(8):
        await _record(storage, day + timedelta(minutes=i), f"user{i:02d}", completed(i))
    for i in range(8, 11):
        await _record(storage, day + timedelta(hours=1, minutes=i), f"user{i:02d}", dropped_at_lieu())
    for i in range(11, 13):
        await _record(storage, day + timedelta(hours=2, minutes=i), f"user{i:02d}", dropped_at_age())
    # outside the window: before ``since`` and exactly at ``until`` (excluded)
    await _record(storage, SINCE - timedelta(seconds=1), "before", completed(0))
    await _record(storage, UNTIL, "after", completed(0))
