"""Usage statistics computed from the events table. Raw numbers here; masking happens in `threshold`.

Definitions (also in docs/confidentialite.md):
- users: distinct pseudonymous keys with at least one event in the window;
- a conversation runs from a ``conversation_started`` to the next start or to ``completed``; it is
  completed when ``completed`` comes before the next start, abandoned otherwise (still open at the end of
  the window counts as abandoned);
- drop-off per step: for abandoned conversations, the last node reached, counted in distinct users;
- breakdowns (dispositifs, communes, QPV, sources, unmatched texts) count distinct users."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from bot.admin.threshold import masked_rate
from bot.storage.sqlite import Database, Storage
from bot.storage.sqlite.timefmt import to_ts

TOP = 20
START_NODE = "(avant la 1re question)"
DIRECT = "(direct)"


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    count: int


@dataclass(frozen=True, slots=True)
class Stats:
    since: datetime
    until: datetime
    users: int
    conversations: int
    completed: int
    feedback_up: int
    feedback_down: int
    restarts: int
    backs: int
    errors: int
    forgotten: int
    admin_denied: int
    outcomes: tuple[Row, ...]  # answers by outcome (button, exact, fuzzy, confirmed, unmatched...): answers
    dispositifs: tuple[Row, ...]  # distinct users who were shown the dispositif
    communes: tuple[Row, ...]  # distinct users per resolved commune (INSEE code)
    qpvs: tuple[Row, ...]  # distinct users per resolved QPV code
    sources: tuple[Row, ...]  # distinct users per start source ("src" tag, "qpv:<code>" poster, direct)
    dropoff: tuple[Row, ...]  # distinct users whose abandoned conversation ended at this node
    unmatched: tuple[Row, ...]  # distinct users per redacted unmatched text

    @property
    def abandoned(self) -> int:
        return self.conversations - self.completed

    @property
    def completion_rate(self) -> int | None:
        """Percentage, or None when it would reveal a group smaller than 5."""
        return masked_rate(self.completed, self.conversations)


async def _database(source: Storage | Database) -> Database:
    """The database, with the events still buffered in memory written first."""
    if isinstance(source, Storage):
        await source.events.flush()
        return source.db
    return source


def _rows(counts: dict[str, set[str]] | dict[str, int], top: int = TOP) -> tuple[Row, ...]:
    items = [(k, len(v) if isinstance(v, set) else v) for k, v in counts.items()]
    items.sort(key=lambda kv: (-kv[1], kv[0]))
    return tuple(Row(k, n) for k, n in items[:top])


async def compute_stats(source: Storage | Database, since: datetime, until: datetime) -> Stats:
    """Stats of the events with ``since <= ts < until``."""
    db = await _database(source)
    window = (to_ts(since), to_ts(until))
    where = "ts >= ? AND ts < ?"

    users_row = await db.fetchone(
        f"SELECT COUNT(DISTINCT user_key) FROM events WHERE {where} AND user_key IS NOT NULL", window
    )
    kinds: dict[tuple[str, str | None], int] = {}
    for kind, value, n in await db.fetchall(
        f"SELECT kind, CASE WHEN kind = 'feedback' THEN value END, COUNT(*) FROM events WHERE {where} "
        "GROUP BY 1, 2",
        window,
    ):
        kinds[(kind, value)] = n

    conversations, completed, dropoff = await _conversations(db, window)

    outcomes = {
        str(outcome): n
        for outcome, n in await db.fetchall(
            f"SELECT COALESCE(outcome, '?'), COUNT(*) FROM events WHERE {where} AND kind = 'answered' "
            "GROUP BY 1",
            window,
        )
    }
    dispositifs: dict[str, set[str]] = defaultdict(set)
    for user_key, value in await db.fetchall(
        f"SELECT user_key, value FROM events WHERE {where} AND kind = 'recommended' AND value IS NOT NULL",
        window,
    ):
        for dispositif in str(value).split(","):
            dispositifs[dispositif].add(user_key)

    async def distinct(sql: str) -> dict[str, int]:
        return {str(k): int(n) for k, n in await db.fetchall(sql, window) if k is not None}

    communes = await distinct(
        f"SELECT code_insee, COUNT(DISTINCT user_key) FROM events WHERE {where} AND kind = 'place_resolved' "
        "GROUP BY 1"
    )
    qpvs = await distinct(
        f"SELECT code_qpv, COUNT(DISTINCT user_key) FROM events WHERE {where} AND kind = 'place_resolved' "
        "GROUP BY 1"
    )
    sources = await distinct(
        "SELECT COALESCE(source, 'qpv:' || code_qpv, '" + DIRECT + "'), COUNT(DISTINCT user_key) "
        f"FROM events WHERE {where} AND kind = 'conversation_started' GROUP BY 1"
    )
    unmatched = await distinct(
        f"SELECT text, COUNT(DISTINCT user_key) FROM unmatched_texts WHERE {where} GROUP BY 1"
    )
    return Stats(
        since=since,
        until=until,
        users=int(users_row[0]) if users_row else 0,
        conversations=conversations,
        completed=completed,
        feedback_up=kinds.get(("feedback", "up"), 0),
        feedback_down=kinds.get(("feedback", "down"), 0),
        restarts=kinds.get(("restarted", None), 0),
        backs=kinds.get(("went_back", None), 0),
        errors=kinds.get(("error", None), 0),
        forgotten=kinds.get(("forgotten", None), 0),
        admin_denied=kinds.get(("admin_denied", None), 0),
        outcomes=_rows(outcomes),
        dispositifs=_rows(dispositifs),
        communes=_rows(communes),
        qpvs=_rows(qpvs),
        sources=_rows(sources),
        dropoff=_rows(dropoff),
        unmatched=_rows(unmatched),
    )


async def _conversations(db: Database, window: tuple[str, str]) -> tuple[int, int, dict[str, set[str]]]:
    rows = await db.fetchall(
        "SELECT user_key, kind, node FROM events WHERE ts >= ? AND ts < ? AND user_key IS NOT NULL "
        "AND kind IN ('conversation_started', 'node_reached', 'completed') ORDER BY user_key, id",
        window,
    )
    conversations = completed = 0
    dropoff: dict[str, set[str]] = defaultdict(set)
    current: str | None = None
    is_open = False
    last_node: str | None = None
    for user_key, kind, node in rows:
        if user_key != current or kind == "conversation_started":
            if is_open and current is not None:
                dropoff[last_node or START_NODE].add(current)
            current, is_open, last_node = user_key, False, None
        if kind == "conversation_started":
            conversations += 1
            is_open = True
        elif not is_open:
            continue
        elif kind == "node_reached":
            last_node = node
        elif kind == "completed":
            completed += 1
            is_open = False
    if is_open and current is not None:
        dropoff[last_node or START_NODE].add(current)
    return conversations, completed, dropoff
