"""5,000 fuzzed updates through the real application (PTB over HTTP, fake Bot API, real engine and SQLite):
random and forged callback data, texts with lone surrogates, huge or empty, odd positions (NaN, infinite,
1e308, not a number), unknown update kinds. None may reach the error handler; every person still gets
answers."""

from __future__ import annotations

import asyncio
import logging
import random
import string
import time
from typing import Any

import pytest

from bot.dialogs import codec
from bot.tg.errors import SORRY
from tests.tg.conftest import RunningBot

SEED = 20261129
UPDATES = 5000
CHATS = 250  # one update per chat per wave: the per-chat backlog bound never drops a fuzzed update
ALPHABET = string.printable + "éèàçù’«»🙂👍\u200b\u202e\ufeff"
ODD_NUMBERS: list[Any] = [
    float("nan"),
    float("inf"),
    float("-inf"),
    1e308,
    -1e308,
    90.0000001,
    181,
    0,
    -0.0,
    "abc",
    None,
    True,
    [1],
]


def text(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.1:
        return ""
    if choice < 0.2:
        return "x" * rng.choice([4096, 10_000])
    if choice < 0.35:
        return "".join(chr(rng.randint(0xD800, 0xDFFF)) if rng.random() < 0.3 else "a" for _ in range(20))
    if choice < 0.5:
        return rng.choice(
            ["/start", "/oubli", "/stats", "/aide", "/retour", "/inconnue", "/start " + "z" * 80]
        )
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 60)))


def callback_data(rng: random.Random, tag: str) -> str:
    kind = rng.random()
    if kind < 0.3:
        fields = rng.choice(
            [
                "l|1e308|0",
                "l|nan|nan",
                "l|inf|3",
                "l|50.6|3.1",
                "t|bonjour",
                "s|qpv_QN05980M",
                "c|age|18_25",
                "c|age|999",
                "c|nope|nope",
                "p|lieu|99999999999999999999",
                "p|age|-1",
                "m|inexistant",
                "m",
                "f|1",
                "f|0",
                "f|2",
                "o",
                "b",
                "r",
                "h",
                "z",
                "x|y",
                "",
            ]
        )
        return f"{tag}|{fields}"
    if kind < 0.4:
        return rng.choice(["!oubli:oui", "!oubli:non", "!oubli:peut-etre", "!", "!" + "x" * 70])
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 64)))


def user(uid: int) -> dict[str, Any]:
    return {"id": uid, "is_bot": False, "first_name": "F", "language_code": "fr"}


def message(rng: random.Random, uid: int, **content: Any) -> dict[str, Any]:
    return {
        "message_id": rng.randint(1, 10**6),
        "date": int(time.time()),
        "chat": {"id": uid, "type": "private", "first_name": "F"},
        "from": user(uid),
        **content,
    }


def fuzzed(rng: random.Random, uid: int, tag: str, bot_messages: list[dict[str, Any]]) -> dict[str, Any]:
    kind = rng.random()
    if kind < 0.35:
        content: dict[str, Any] = {"text": text(rng)}
        if content["text"].startswith("/"):
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(content["text"].split()[0])}
            ]
        return {"message": message(rng, uid, **content)}
    if kind < 0.65:
        query: dict[str, Any] = {
            "id": f"{uid}-{rng.random()}",
            "from": user(uid),
            "chat_instance": "ci",
            "data": callback_data(rng, tag),
        }
        if bot_messages and rng.random() < 0.8:
            query["message"] = {k: v for k, v in rng.choice(bot_messages).items() if not k.startswith("x_")}
        elif rng.random() < 0.5:
            query["message"] = {"message_id": 1, "date": 0, "chat": {"id": uid, "type": "private"}}
        return {"callback_query": query}
    if kind < 0.8:
        lat, lon = rng.choice([*ODD_NUMBERS, 50.69]), rng.choice([*ODD_NUMBERS, 3.18])
        return {"message": message(rng, uid, location={"latitude": lat, "longitude": lon})}
    if kind < 0.9:
        return rng.choice(
            [
                {"edited_message": message(rng, uid, text="modifié")},
                {
                    "message": message(
                        rng,
                        uid,
                        sticker={
                            "file_id": "s",
                            "file_unique_id": "u",
                            "type": "regular",
                            "width": 1,
                            "height": 1,
                            "is_animated": False,
                            "is_video": False,
                        },
                    )
                },
                {"message": message(rng, uid, contact={"phone_number": "0612345678", "first_name": "A"})},
                {"message": {**message(rng, uid, text="groupe"), "chat": {"id": -uid, "type": "group"}}},
                {"message": {**message(rng, uid, text="bot"), "from": {**user(uid), "is_bot": True}}},
                {"message": message(rng, uid, new_chat_members=[user(uid + 1)])},
            ]
        )
    return {
        "message": message(rng, uid, text=rng.choice(["18 à 25 ans", "oui", "Roubaix", "un job", "rien"]))
    }


async def test_fuzzed_updates_never_reach_the_error_handler(
    fast_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = fast_bot
    rng = random.Random(SEED)
    caplog.set_level(logging.WARNING)
    tag = codec.version_tag(bot.app.bot_data["cap_quartiers_edge"].backend.service.dialog_version)
    async with asyncio.timeout(420):  # about 200 s on a loaded 2-core machine
        for _ in range(UPDATES // CHATS):
            for i in range(CHATS):
                uid = 10_000 + i
                last = await bot.api.push(fuzzed(rng, uid, tag, bot.api.messages.get(uid, [])), uid)
            await bot.api.wait_fetched(last, 60)  # polling goes on past every update
            await bot.app.update_queue.join()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR or r.name.startswith("telegram")]
    assert errors == [], [r.getMessage() for r in errors][:5]
    sorry = sum(SORRY in (m.get("text") or "") for msgs in bot.api.messages.values() for m in msgs)
    assert sorry == 0
    answered = sum(1 for uid in range(10_000, 10_000 + CHATS) if bot.api.messages.get(uid))
    assert answered == CHATS
