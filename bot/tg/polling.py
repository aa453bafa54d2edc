"""Polling that one unreadable update cannot stop.

An update python-telegram-bot cannot parse (a self-hosted Bot API server of another version, a broken proxy)
makes ``getUpdates`` raise for the whole batch; the library then asks again for the same offset, forever,
and nobody is served. :class:`TolerantBot` parses each update of a batch on its own, drops the ones that
fail (logged once, by update id and error class, never their content), and moves the next offset past
them so they are confirmed to the server and never fetched again.

Each update is parsed once: the ones parsed while checking them are the ones handed to the application
(the library would otherwise parse the whole batch a second time, some 0.2 ms per update)."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

logger = logging.getLogger(__name__)

# The updates of the getUpdates call in progress in this task, parsed while they were checked.
_parsed: ContextVar[list[Update] | None] = ContextVar("parsed_updates", default=None)


@dataclass
class _Skips:
    below: int = 0  # next getUpdates offset is at least this (past every dropped update)
    count: int = 0  # unreadable updates dropped since start


class TolerantBot(ExtBot[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():  # PTB objects refuse new attributes once built
            self._skips = _Skips()

    @property
    def skipped(self) -> int:
        return self._skips.count

    async def get_updates(self, offset: int | None = None, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        if self._skips.below and (offset is None or 0 <= offset < self._skips.below):
            offset = self._skips.below
        parsed: list[Update] = []
        token = _parsed.set(parsed)
        try:
            # ``_post`` parses the batch into ``parsed`` and gives the library nothing left to parse
            rest = await super().get_updates(offset, *args, **kwargs)
        finally:
            _parsed.reset(token)
        for update in parsed:
            self.insert_callback_data(update)  # what ExtBot.get_updates does to the updates it parsed
        return (*parsed, *rest)

    async def _post(self, endpoint: str, data: Any = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            readable = [(raw, update) for raw in result if (update := self._parse(raw)) is not None]
            parsed = _parsed.get()
            if parsed is None:  # called on its own: the caller parses what is readable
                return [raw for raw, _ in readable]
            parsed.extend(update for _, update in readable)
            return []  # (so the library's own debug line says « No new updates found »)
        return result

    def _parse(self, raw: object) -> Update | None:
        """The update, or None (logged once, without its content) when the library cannot read it."""
        try:
            if not isinstance(raw, dict):
                raise TypeError("not an object")
            return Update.de_json(raw, self)
        except Exception as exc:
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if isinstance(update_id, int) and not isinstance(update_id, bool):
                self._skips.below = max(self._skips.below, update_id + 1)
            self._skips.count += 1
            logger.warning("update %s unreadable, skipped (%s)", update_id, type(exc).__name__)
            return None
