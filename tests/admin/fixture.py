"""A known set of events in March 2026 (UTC), for every admin view and the dashboard.

18 young people, one conversation each: 8 complete (link « mlroubaix »), 3 stop at « lieu » (quartier
poster), 7 stop at « age » after an answer the bot did not understand — 5 of them typed « je sais pas
trop » (written five ways), 2 typed « bof 17 », one of those 2 also « je m'appelle Kevin » (one person: never
shown). User 00 presses 👍 fifty times (counted once). One outsider types /stats (not a young person).
Follow-ups: 5 « alle », 2 « pas_encore »."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.admin.names import Names, names_from
from bot.admin.periods import Window
from bot.engine import facts as f
from bot.storage.sqlite import Storage
from bot.storage.sqlite.events import SqliteEventLog

VERSION = "orientation@1"
SINCE = datetime(2026, 3, 1, tzinfo=UTC)
UNTIL = datetime(2026, 3, 31, tzinfo=UTC)
WINDOW = Window(SINCE, UNTIL, "mars 2026")
NAMES: Names = names_from(
    [("59512", "Roubaix")],
    [("QN05980M", "Quartier Intercommunal Roubaix-Tourcoing - Blanc Seau - Croix Bas Saint Pierre", "59512")],
    [("e2c", "École de la 2e chance"), ("mission_locale", "Mission Locale")],
)
DONT_KNOW = [
    "Je sais pas trop",
    "je sais pas trop !",
    "JE SAIS PAS TROP",
    "je  sais pas trop",
    "Je sais pas trop...",
]


def completed(i: int) -> list[f.Fact]:
    facts: list[f.Fact] = [
        f.ConversationStarted(source="mlroubaix", qpv=None),
        f.NodeReached("age"),
        f.Answered("age", "age", "18_25", "button"),
        f.NodeReached("lieu"),
        f.Answered("lieu", "lieu", None, "place"),
        f.PlaceResolved("59512", "QN05980M", "text"),
        f.Recommended(("e2c", "mission_locale"), ("ml_roubaix",)),
        f.NodeReached("resultat"),
        f.Completed("resultat"),
        f.ContactShown("ml_roubaix", "card"),
    ]
    if i < 2:
        facts.append(f.ContactShown("ml_roubaix", "phone"))
    if i == 0:
        facts += [f.FeedbackGiven(useful=True)] * 50
    elif i < 6:
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


def dropped_at_age(text: str) -> list[f.Fact]:
    return [
        f.ConversationStarted(source="cafe", qpv=None),
        f.NodeReached("age"),
        f.Answered("age", "age", None, "unmatched", text),
    ]


async def _record(storage: Storage, moment: datetime, key: str, facts: list[f.Fact]) -> None:
    log = SqliteEventLog(storage.db, clock=lambda: moment)
    log.lexicon = storage.events.lexicon  # the same word masking as the bot's own writer
    await log.record(key, VERSION, facts)
    await log.aclose()


async def _followup(storage: Storage, moment: datetime, key: str, answer: str) -> None:
    """The follow-up feature's event (kind ``followup_answered``, value alle|pas_encore|aide), written as a
    row since its fact type lives in another branch."""
    async with storage.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO events (ts, user_key, dialog_version, kind, value) VALUES (?, ?, ?, ?, ?)",
            (moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), key, VERSION, "followup_answered", answer),
        )


async def load_fixture(storage: Storage) -> None:
    day = SINCE + timedelta(days=1)
    for i in range(8):
        await _record(storage, day + timedelta(minutes=i), f"user{i:02d}", completed(i))
    for i in range(8, 11):
        await _record(storage, day + timedelta(hours=1, minutes=i), f"user{i:02d}", dropped_at_lieu())
    for n, i in enumerate(range(11, 16)):
        await _record(
            storage, day + timedelta(hours=2, minutes=i), f"user{i:02d}", dropped_at_age(DONT_KNOW[n])
        )
    for i in range(16, 18):
        await _record(storage, day + timedelta(hours=3, minutes=i), f"user{i:02d}", dropped_at_age("bof 17"))
    await _record(
        storage,
        day + timedelta(hours=3, minutes=30),
        "user17",
        [
            f.Answered("age", "age", None, "unmatched", "je m'appelle Kevin"),
        ],
    )
    await _record(storage, day + timedelta(hours=4), "outsider", [f.AdminDenied(command="stats")])
    for i in range(7):
        await _followup(
            storage, day + timedelta(days=7, minutes=i), f"user{i:02d}", "alle" if i < 5 else "pas_encore"
        )
    # outside the window: before ``since`` and exactly at ``until`` (excluded)
    await _record(storage, SINCE - timedelta(seconds=1), "before", completed(0))
    await _record(storage, UNTIL, "after", completed(0))
