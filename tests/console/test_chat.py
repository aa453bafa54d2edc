"""The terminal preview: a number presses a button shown by the last reply, never an older one."""

from __future__ import annotations

from collections.abc import Iterator

from bot.console.chat import converse
from bot.engine import wording
from bot.engine.core import Engine
from bot.services.conversation import ConversationService
from bot.storage.memory import MemoryEventLog, MemorySessionStore


async def test_a_digit_typed_under_no_button_is_text_not_an_old_button(engine: Engine) -> None:
    # age: 3 = 18 à 25 ans; école: 3 = plus d'un an; diplôme: 1 = aucun; projet: 4 = travail;
    # then the place question shows no button: « 2 » is typed text, answered as stray input
    lines: Iterator[str] = iter(["3", "3", "1", "4", "2"])
    said: list[str] = []

    def read() -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    service = ConversationService(engine, MemorySessionStore(), MemoryEventLog())
    assert await converse(service, read, said.append) == 0
    assert said[-2].startswith("Tu habites où ?")
    assert said[-1].startswith(wording.ASIDES["digit"])
    assert "Tu habites où ?" in said[-1]
