"""What the Telegram edge needs from the rest of the bot (production wires it in `bot.compose`).

The edge depends on :class:`ConversationPort` (the shape of ``bot.services.conversation.ConversationService``)
and on a few plain callables, so tests can run the real PTB stack over any service and storage."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from bot.dialogs.profile import BotProfile
from bot.engine.core import StepResult
from bot.engine.events import Event
from bot.engine.facts import Fact
from bot.health import Check
from bot.services.reload import ReloadReport
from bot.storage.base import FollowupStore


class ConversationPort(Protocol):
    """The conversation service as the edge sees it (see ``bot.services.conversation``)."""

    @property
    def dialog_version(self) -> str: ...

    async def step(
        self, user_key: str, event: Event, *, lang: str | None = None, contact: int | None = None
    ) -> StepResult: ...

    async def language(self, user_key: str, hint: str | None = None) -> str: ...

    async def record(self, user_key: str, facts: Sequence[Fact]) -> None: ...

    async def forget(self, user_key: str) -> None: ...

    async def mark_inactive(self, user_key: str) -> None: ...


class CorpusPort(Protocol):
    """The live reload as the edge sees it (``bot.services.reload.Reloader``)."""

    @property
    def watched(self) -> tuple[Path, Path]: ...

    @property
    def startup_notice(self) -> str | None: ...

    async def reload(self, reason: str) -> ReloadReport: ...


StatsText = Callable[[str | None], Awaitable[str]]
"""Admin statistics for a period ("7j", "30j"...; None: the default), formatted for a chat message.
Raises ValueError with a French message on a bad period."""


@dataclass
class Backend:
    service: ConversationPort
    user_key: Callable[[int], str]
    """Pseudonymous key of a Telegram user id (HMAC); the edge never stores the id itself."""
    privacy_text: Callable[[str], str]
    """The /confidentialite text in a language ("fr", "en")."""
    is_admin: Callable[[int], bool]
    stats_text: StatsText | None = None
    purge: Callable[[], Awaitable[object]] | None = None
    """Retention purge (events and unmatched texts older than their limits); run daily."""
    rebuild_stats: Callable[[], Awaitable[object]] | None = None
    """Rebuild of the aggregates database served by ``bot admin``; run hourly."""
    aclose: Callable[[], Awaitable[None]] | None = None
    health: Callable[[], Awaitable[tuple[Check, ...]]] | None = None
    """Database and corpus checks for ``/healthz`` (``bot.health``)."""
    followups: FollowupStore | None = None
    """Pending follow-ups, sent by a periodic job (`bot.tg.followups`); None: no follow-ups."""
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    """What time it is for the follow-ups (tests move it a week ahead)."""
    profile: BotProfile | None = None
    """Menu and descriptions published at start-up (`bot.tg.menu`); None: left as they are."""
    corpus: CorpusPort | None = None
    """Live reload of ``dialogs/`` and ``knowledge/`` (watched, ``SIGHUP``, ``/recharger``); None: fixed."""


BackendFactory = Callable[[], Awaitable[Backend]]
