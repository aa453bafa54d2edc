"""The terminal preview speaks the conversation's language too (/langue en), fixed words included."""

from __future__ import annotations

from bot.console.chat import converse
from bot.engine.core import Engine
from bot.services.conversation import ConversationService
from bot.storage.memory import MemoryEventLog, MemorySessionStore


async def test_langue_in_the_terminal_preview(engine: Engine) -> None:
    lines = iter(["/langue en", "3", "3", "1", "4", "roubaix", "1"])
    out: list[str] = []

    def read() -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    service = ConversationService(engine, MemorySessionStore(), MemoryEventLog())
    assert await converse(service, read, out.append) == 0
    text = "\n".join(out)
    assert "Tu as quel âge ?" in out[0]
    assert "How old are you?" in out[1] and "[3] 18 to 25" in out[1]
    assert "Here are the options that fit you best:" in text
    assert "Why: you are between 16 and 25" in text and "Pourquoi" not in text
    assert "in your town or very close" in text or "km away" in text
