"""A bounded per-chat memory of what the screen shows (least recently used chats forgotten first)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


class ChatMemo(Generic[V]):
    """A bounded per-chat memory (least recently used chats are forgotten first).

    Only what the screen shows lives here (is the location keyboard up, which message has live
    buttons); losing it on a restart is harmless: the renderer treats unknown as "maybe"."""

    def __init__(self, maxsize: int = 100_000) -> None:
        self._data: OrderedDict[int, V] = OrderedDict()
        self._maxsize = maxsize

    def get(self, chat_id: int) -> V | None:
        value = self._data.get(chat_id)
        if value is not None:
            self._data.move_to_end(chat_id)
        return value

    def set(self, chat_id: int, value: V) -> None:
        self._data[chat_id] = value
        self._data.move_to_end(chat_id)
        while len(self._data) > self._maxsize:
            self._data.popitem(last=False)

    def pop(self, chat_id: int) -> V | None:
        return self._data.pop(chat_id, None)
