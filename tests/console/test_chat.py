"""The terminal preview: it speaks the conversation's language too (/langue en), fixed words included;
a number presses a button shown by the last reply, never an older one."""

from __future__ import annotations

from collections.abc import Iterator

from bot.console.chat import converse
from bot.engine import wording
from bot.engine.core import Engine
from bot.services.conversation import ConversationService
from bot.storage.memory import MemoryEventLog, MemorySessionStore


async def _chat(engine: Engine, typed: list[str]) -> list[str]:
    lines: Iterator[str] = iter(typed)
    said: list[str] = []

    def read() -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    service = ConversationService(engine, MemorySessionStore(), MemoryEventLog())
    assert await converse(service, read, said.append) == 0
    return said


async def test_langue_in_the_terminal_preview(engine: Engine) -> None:
    out = await _chat(engine, ["/langue en", "3", "3", "1", "4", "roubaix", "1", "1"])
    text = "\n".join(out)
    assert "Tu as quel âge ?" in out[0]
    assert "How old are you?" in out[1] and "[3] 18 to 25" in out[1]
    assert "Here are the options that fit you best:" in text
    # the summary: one line of why per door, its words joined in English
    assert "Why: you are no longer at school and " in text
    assert "[1] ℹ️ Details 1" in text and "📤 Share the bot (on Telegram" in text
    # « 1 »: the first door's details, every reason
    assert "(the options message is replaced by:)" in out[-1]
    assert "Why: you are between 16 and 25" in out[-1] and "[1] ⬅️ Back to the options" in out[-1]
    assert "Pourquoi" not in text
    assert "in your town or very close" in text or "km away" in text


async def test_a_digit_typed_under_no_button_is_text_not_an_old_button(engine: Engine) -> None:
    # age: 3 = 18 à 25 ans; école: 3 = plus d'un an; diplôme: 1 = aucun; projet: 4 = travail;
    # then the place question shows no button: « 2 » is typed text, answered as stray input
    said = await _chat(engine, ["3", "3", "1", "4", "2"])
    assert said[-2].startswith("Tu habites où ?")
    assert said[-1].startswith(wording.ASIDES["digit"])
    assert "Tu habites où ?" in said[-1]
