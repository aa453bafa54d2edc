"""Callback answers carried by the webhook's HTTP answer instead of a Bot API call of their own.

Telegram lets a webhook answer its call with one Bot API method (the Bot API's "Making requests when
getting updates"); the method runs, its result is not returned. ``answerCallbackQuery`` (it stops the
spinner of a pressed button, sometimes with a short notice) needs no result: in webhook mode it rides in
the answer to the press's own update, so a press costs one call (the edit) instead of two.

The webhook server opens a slot for the press's query before handling the update and closes it when it
answers Telegram; :meth:`RidingAnswers.claim` (from ``Sender.answer_query``) puts the answer in the slot if
one is open. When a turn is slow (storage retrying, Telegram refusing), the server closes the slot early and
the answer goes out as a call of its own, so the spinner never waits for the turn. In polling mode no slot
is ever open: every answer is a call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Answer:
    """A callback query's answer: the notice shown (None: just stop the spinner)."""

    query_id: str
    text: str | None = None

    def as_method(self) -> dict[str, Any]:
        """The webhook answer body that makes Telegram run ``answerCallbackQuery``."""
        body: dict[str, Any] = {"method": "answerCallbackQuery", "callback_query_id": self.query_id}
        if self.text:
            body["text"] = self.text
        return body


class RidingAnswers:
    """Open slots, by callback query id; at most one answer each."""

    def __init__(self) -> None:
        self._slots: dict[str, Answer | None] = {}

    def open(self, query_id: str) -> None:
        self._slots[query_id] = None

    def claim(self, query_id: str, text: str | None) -> bool:
        """Put the answer in the open slot of ``query_id``: True when it will ride in the webhook's answer,
        False when the caller must send it (no slot, or already answered)."""
        if query_id not in self._slots or self._slots[query_id] is not None:
            return False
        self._slots[query_id] = Answer(query_id, text)
        return True

    def close(self, query_id: str) -> Answer | None:
        """Close the slot; the answer claimed in it, if any (its sender is now the caller)."""
        return self._slots.pop(query_id, None)

    def __len__(self) -> int:
        return len(self._slots)
