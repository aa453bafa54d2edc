"""What the admin side reads from a storage backend: the ``StatsSource`` port.

The admin views (aggregates, ``/stats``, ``bot stats``, the CSV export) never write SQL on the bot's schema;
they read typed rows through this Protocol, so another backend (PostgreSQL) only has to implement it.
Implementations: ``bot.storage.sqlite.stats_source.SqliteStatsSource``.

Rows carry the pseudonymous user key because counting *distinct people* needs it; it never leaves the
admin package (aggregates hold counts only, the export replaces it with a per-file key)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

Order = Literal["user", "time"]


@dataclass(frozen=True, slots=True)
class RawEvent:
    """One row of the usage log, as stored (see docs/confidentialite.md, table ``events``)."""

    ts: datetime  # aware, UTC
    user_key: str | None
    dialog_version: str
    kind: str
    node: str | None = None
    variable: str | None = None
    value: str | None = None
    outcome: str | None = None
    code_insee: str | None = None
    code_qpv: str | None = None
    source: str | None = None
    structures: str | None = None


@dataclass(frozen=True, slots=True)
class RawText:
    """One redacted text the bot did not understand (table ``unmatched_texts``)."""

    ts: datetime
    user_key: str | None
    node: str | None
    text: str


class StatsSource(Protocol):
    """Read-only access to the usage log for the admin views."""

    def events(self, since: datetime, until: datetime, order: Order) -> AsyncIterator[RawEvent]:
        """Events with ``since <= ts < until``; ``order="user"``: grouped by user key, each user's events in
        the order they were recorded (anonymous events last); ``order="time"``: in recording order."""
        ...

    def texts(self, since: datetime, until: datetime) -> AsyncIterator[RawText]:
        """Unmatched texts with ``since <= ts < until``, in recording order."""
        ...
