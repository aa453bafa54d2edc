"""Reliability of the real command, ``python -m bot run``, as a separate process on the fake Bot API:

- killed with SIGKILL twenty times while three people are mid-conversation: after each restart every
  person carries on from the question they last saw (0 conversations lost);
- then a privacy scan of every file the bot wrote (database, WAL, secret, logs, var/): no Telegram id,
  no typed name or street beyond its masked form, no token."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from tests.tg.fakebotapi import TOKEN, FakeBotApi, FakeUser
from tests.tg.test_process import bot_process, environment

KILLS = 20
PEOPLE = (987654321, 987654322, 987654323)  # Telegram ids: must never be written anywhere
NAME, STREET = "Zorglubette", "Kwyjibo"  # typed by people: only their masked form may be stored
# (what the person does, what the bot then asks)
JOURNEY: list[tuple[str, str]] = [
    ("/recommencer", "Tu as quel âge ?"),
    ("press:18 à 25 ans", "Tu vas encore à l'école"),
    (f"je suis {NAME} rue {STREET}", "Je n'ai pas compris"),  # asked again, the text logged (masked)
    ("press:plus d'un an", "C'est quoi ton diplôme"),
    ("rien", "Qu'est-ce que tu aimerais faire"),
]


async def step(api: FakeBotApi, user: FakeUser, action: str, expected: str) -> None:
    before = len(user.messages())
    if action.startswith("press:"):
        await user.press(action.removeprefix("press:"))
    else:
        await user.send(action)
    try:
        await api.wait_until(lambda: len(user.messages()) > before and expected in user.last_text(), 60)
    except TimeoutError:
        pytest.fail(f"after {action!r} the bot did not ask {expected!r}; it said:\n{user.transcript()}")


async def test_twenty_kills_then_a_privacy_scan(api: FakeBotApi, tmp_path: Path, index_path: Path) -> None:
    env = environment(api, tmp_path, index_path)
    var = tmp_path / "var"
    env["BOT_VAR_DIR"] = str(var)
    log = tmp_path / "bot.log"
    people = [api.user(uid) for uid in PEOPLE]
    done = 0
    async with asyncio.timeout(600):
        for kill in range(KILLS + 1):
            async with bot_process(env, log) as process:
                # each person takes one step of the journey (they were all left mid-conversation)
                await asyncio.gather(*(step(api, u, *JOURNEY[done % len(JOURNEY)]) for u in people))
                done += 1
                if kill < KILLS:
                    process.send_signal(signal.SIGKILL)  # no shutdown code runs
                    await process.wait()
                else:
                    process.send_signal(signal.SIGTERM)
                    assert await process.wait() == 0
    assert done == KILLS + 1

    written = await asyncio.to_thread(
        lambda: {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    )
    assert "bot.sqlite3" in written and "bot.log" in written
    for path, data in written.items():
        for uid in PEOPLE:
            assert str(uid).encode() not in data, f"Telegram id in {path}"
        assert TOKEN.encode() not in data and TOKEN.split(":")[1].encode() not in data, path
        for word in (NAME, STREET):
            assert word.encode() not in data and word.lower().encode() not in data, f"{word} in {path}"
