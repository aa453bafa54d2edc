"""Polling that one unreadable update cannot stop.

An update python-telegram-bot cannot parse (a self-hosted Bot API server of another version, a broken proxy)
makes ``getUpdates`` raise for the whole batch; the library then asks again for the same offset, forever,
and nobody is served. :class:`TolerantBot` parses each update of a batch on its own, drops the ones that
fail (logged once, by update id and error class, never their content), and moves the next offset past
them so they are confirmed to the server and never fetched again."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

logger = logging.getLogger(__name__)


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
        return await super().get_updates(offset, *args, **kwargs)

    async def _post(self, endpoint: str, data: Any = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            return [raw for raw in result if self._readable(raw)]
        return result

    def _readable(self, raw: object) -> bool:
        try:
            if not isinstance(raw, dict):
                raise TypeError("not an object")
            Update.de_json(raw, self)
        except Exception as exc:
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if isinstance(update_id, int) and not isinstance(update_id, bool):
                self._skips.below = max(self._skips.below, update_id + 1)
            self._skips.count += 1
            logger.warning("Mise à jour %s illisible, ignorée (%s)", update_id, type(exc).__name__)
            return False
        return True
