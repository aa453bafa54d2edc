"""The real command, `python -m bot run`, as a separate process against the fake Bot API: killed in the
middle of a conversation (SIGKILL, no cleanup at all), started again, the person carries on; SIGTERM then
stops it cleanly. The logs never contain the token nor what the person typed."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, closing
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.engine import wording
from bot.engine.core import Engine
from tests.tg.fakebotapi import TOKEN, FakeBotApi, FakeUser

SECRET_WORD = "Roubaix"  # typed by the user: must not appear in the logs


def environment(api: FakeBotApi, tmp_path: Path, index_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_", "PTB_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        TELEGRAM_API_BASE_FILE_URL=api.base_file_url,
        BOT_DB_PATH=str(tmp_path / "bot.sqlite3"),
        BOT_SECRET_PATH=str(tmp_path / "secret.key"),
        BOT_INDEX_PATH=str(index_path),
        PYTHONUNBUFFERED="1",
    )
    return env


@asynccontextmanager
async def bot_process(env: dict[str, str], log: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def expect(api: FakeBotApi, user: FakeUser, check: Callable[[str], bool], within: float = 30.0) -> None:
    try:
        await api.wait_until(lambda: check(user.current_text()), within)
    except TimeoutError:
        pytest.fail(f"the bot did not answer as expected; it said:\n{user.transcript()}")


async def test_killed_mid_conversation_then_restarted(
    api: FakeBotApi, tmp_path: Path, index_path: Path
) -> None:
    env = environment(api, tmp_path, index_path)
    log = tmp_path / "bot.log"
    user = api.user(9001)

    async with bot_process(env, log) as first:
        await user.send("/start")
        await expect(api, user, lambda t: t.rsplit("\n\n", 1)[-1] == "Tu as quel âge ?")
        await user.press("18 à 25 ans")
        await expect(api, user, lambda t: t.startswith("Tu vas encore à l'école"))
        first.send_signal(signal.SIGKILL)  # a crash: no shutdown code runs
        await first.wait()
    question = user.messages()[-1]

    async with bot_process(env, log) as second:
        await user.press("plus d'un an", message=question)
        await expect(api, user, lambda t: t.startswith("C'est quoi ton diplôme"))
        await user.send("rien")
        await expect(api, user, lambda t: t.startswith("Qu'est-ce que tu aimerais faire"))
        await user.send("un job")
        await expect(api, user, lambda t: t.startswith("Tu habites où"))
        await user.send(SECRET_WORD)
        await expect(api, user, lambda t: "c'est ça ?" in t)
        await user.send("oui")
        # the result summary, then the follow-up question (the real bot can write a week later)
        await expect(api, user, lambda t: t == wording.FOLLOWUP_ASK)
        assert any(t.startswith("Voici les pistes") for t in user.texts())
        assert any("Mission Locale de Roubaix" in t for t in user.texts())

        second.send_signal(signal.SIGTERM)
        async with asyncio.timeout(20):
            assert await second.wait() == 0

    logs = log.read_text(encoding="utf-8")
    assert TOKEN not in logs and TOKEN.split(":")[1] not in logs
    assert SECRET_WORD.lower() not in logs.lower().replace("roubaix (59100)", "")
    assert "bot stopped cleanly" in logs


async def test_a_follow_up_survives_a_kill_and_goes_out_after_the_restart(
    api: FakeBotApi, tmp_path: Path, index_path: Path
) -> None:
    env = environment(api, tmp_path, index_path)
    log = tmp_path / "bot.log"
    user = api.user(9002)

    async with bot_process(env, log) as first:
        await user.send("/start")
        await expect(api, user, lambda t: t.rsplit("\n\n", 1)[-1] == "Tu as quel âge ?")
        steps = (
            ("18 à 25 ans", "Tu vas encore à l'école"),
            ("plus d'un an", "C'est quoi ton diplôme"),
            ("Aucun diplôme", "Qu'est-ce que tu aimerais faire"),
            ("Trouver un travail", "Tu habites où"),
        )
        for answer, next_question in steps:
            await user.press(answer)
            await expect(api, user, lambda t, q=next_question: t.startswith(q))
        await user.send("Roubaix")
        await expect(api, user, lambda t: "c'est ça ?" in t)
        await user.send("oui")
        await expect(api, user, lambda t: t == wording.FOLLOWUP_ASK)
        await user.press("Oui")
        await expect(api, user, lambda t: t.startswith("C'est noté"))
        first.send_signal(signal.SIGKILL)  # a crash right after the « Oui »
        await first.wait()

    # A week goes by while the bot is down: the due date is now in the past.
    with closing(sqlite3.connect(tmp_path / "bot.sqlite3")) as conn, conn:
        assert conn.execute("SELECT chat_id FROM followups").fetchall() == [(9002,)]
        conn.execute("UPDATE followups SET due_at = '2026-01-01T00:00:00.000000Z'")

    async with bot_process(env, log) as second:
        await expect(api, user, lambda t: t == wording.FOLLOWUP_QUESTION)
        await user.press("J'y suis allé·e")
        await expect(api, user, lambda t: t.startswith("Bravo"))
        second.send_signal(signal.SIGTERM)
        async with asyncio.timeout(20):
            assert await second.wait() == 0

    with closing(sqlite3.connect(tmp_path / "bot.sqlite3")) as conn:
        assert conn.execute("SELECT * FROM followups").fetchall() == []
        answered = conn.execute("SELECT value FROM events WHERE kind = 'followup_answered'").fetchall()
    assert answered == [("alle",)]
    # sent once, then edited in place with the answer
    assert [t for t in user.texts() if t.startswith(wording.FOLLOWUP_QUESTION)] == [
        f"{wording.FOLLOWUP_QUESTION}\n\n✅ J'y suis allé·e"
    ]


async def run_once(env: dict[str, str]) -> tuple[int, str]:
    """``cap-quartiers run`` until it exits by itself: its exit code and everything it printed."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=PROJECT_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        async with asyncio.timeout(60):
            out, _ = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_telegram_unreachable_at_start_is_one_clear_line_and_nothing_left_open(
    api: FakeBotApi, tmp_path: Path, index_path: Path, engine: Engine
) -> None:
    env = environment(api, tmp_path, index_path)
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    env["TELEGRAM_API_BASE_URL"] = f"http://127.0.0.1:{closed}/bot"
    code, printed = await run_once(env)
    assert code == 1
    assert f"Erreur : Telegram injoignable (http://127.0.0.1:{closed})" in printed
    assert "HTTPS_PROXY" in printed  # what to check
    assert "Unclosed" not in printed  # the HTTP clients opened for the failed start were closed
    assert TOKEN not in printed


async def test_a_token_telegram_refuses_is_named(
    api: FakeBotApi, tmp_path: Path, index_path: Path, engine: Engine
) -> None:
    env = environment(api, tmp_path, index_path)
    env["TELEGRAM_BOT_TOKEN"] = "999999:not-the-right-token"
    code, printed = await run_once(env)
    assert code == 1
    assert "Erreur : Telegram refuse le jeton TELEGRAM_BOT_TOKEN" in printed and "@BotFather" in printed
    assert "Unclosed" not in printed and "not-the-right-token" not in printed
