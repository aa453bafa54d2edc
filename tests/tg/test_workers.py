"""Several webhook workers, one PostgreSQL database: the real command (`python -m bot run --webhook`) in two
processes, Telegram played by the test (the fake Bot API receives the replies; updates are delivered
round-robin to the workers, like a load balancer, and delivered again to the other worker when one does not
acknowledge — Telegram's redelivery). Several people talk at once; one worker is killed with SIGKILL while
it handles an update. Every person reaches the end of the questions, every turn in order."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.config import PROJECT_ROOT
from bot.engine.core import Engine
from bot.engine.wording import STALE_BUTTON
from tests.tg.fakebotapi import TOKEN, FakeBotApi, FakeUser
from tests.tg.test_webhook import free_port

SECRET = "two-workers_secret"
QUESTIONS = (  # what each person must see, in this order
    "Tu as quel âge ?",
    "Tu vas encore à l'école",
    "C'est quoi ton diplôme",
    "Qu'est-ce que tu aimerais faire",
    "Tu habites où",
)
ANSWERS = ("18 à 25 ans", "plus d'un an", "Aucun diplôme", "Trouver un travail")
PEOPLE = 8
JSON = {"Content-Type": "application/json"}
JSON = {"Content-Type": "application/json"}


@dataclass
class Telegram:
    """Delivers updates to the workers' webhooks, round-robin; an update not acknowledged (connection
    refused or cut, 5xx) goes to the next worker until one says 200."""

    urls: list[str]
    client: httpx.AsyncClient
    delivered: int = 0
    redelivered: int = 0
    in_flight: list[int] = field(default_factory=list)
    _turn: itertools.count[int] = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        self.in_flight = [0] * len(self.urls)

    async def deliver(self, update: dict[str, Any]) -> None:
        body = json.dumps(update).encode()
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with asyncio.timeout(60):
            while True:
                worker = next(self._turn) % len(self.urls)
                self.in_flight[worker] += 1
                status: int | None = None
                try:
                    response = await self.client.post(self.urls[worker], content=body, headers=headers)
                    status = response.status_code
                except httpx.TransportError:
                    pass
                finally:
                    self.in_flight[worker] -= 1
                if status == 200:
                    self.delivered += 1
                    return
                assert status is None or status >= 500, f"update refused: {status}"
                self.redelivered += 1
                await asyncio.sleep(0.05)


@dataclass
class WebhookUser(FakeUser):
    """A person whose updates go through ``Telegram`` instead of the fake server's getUpdates queue."""

    telegram: Telegram | None = None
    ids: itertools.count[int] | None = None
    sent: list[dict[str, Any]] = field(default_factory=list)

    async def _push(self, body: dict[str, Any]) -> int:
        assert self.telegram is not None and self.ids is not None
        update = {"update_id": next(self.ids), **body}
        self.sent.append(update)
        await self.telegram.deliver(update)
        return int(update["update_id"])


def environment(api: FakeBotApi, tmp_path: Path, index_path: Path, url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_", "PTB_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        TELEGRAM_API_BASE_FILE_URL=api.base_file_url,
        BOT_DATABASE_URL=url,
        BOT_DB_PATH=str(tmp_path / "unused.sqlite3"),
        BOT_SECRET_PATH=str(tmp_path / "secret.key"),  # the same secret file for every worker
        BOT_INDEX_PATH=str(index_path),
        BOT_WEBHOOK_SECRET=SECRET,
        BOT_WEBHOOK_LISTEN="127.0.0.1",
        BOT_WEBHOOK_PORT=str(port),
        PYTHONUNBUFFERED="1",
    )
    return env


@asynccontextmanager
async def worker(env: dict[str, str], log: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--webhook",
            "https://bot.example.fr/telegram",
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def until(check: Callable[[], Awaitable[bool]], within: float, what: str) -> None:
    for _ in range(int(within * 10)):
        if await check():
            return
        await asyncio.sleep(0.1)
    pytest.fail(f"not within {within} s: {what}")


async def test_two_workers_one_killed_no_turn_lost_order_kept(
    api: FakeBotApi,
    tmp_path: Path,
    index_path: Path,
    engine: Engine,  # builds the place index once, before the workers start
    postgres_url: str,
) -> None:
    ports = [free_port(), free_port()]
    logs = [tmp_path / "worker0.log", tmp_path / "worker1.log"]
    urls = [f"http://127.0.0.1:{port}/telegram" for port in ports]
    async with AsyncExitStack() as stack, httpx.AsyncClient(timeout=30) as client:
        workers = [
            await stack.enter_async_context(
                worker(environment(api, tmp_path, index_path, postgres_url, port), log)
            )
            for port, log in zip(ports, logs, strict=True)
        ]

        async def all_listening() -> bool:
            for process, log in zip(workers, logs, strict=True):
                if process.returncode is not None:
                    pytest.fail(f"a worker stopped at start:\n{log.read_text(encoding='utf-8')}")
            for url in urls:
                try:
                    response = await client.post(url, content=b"{}", headers=JSON)
                except httpx.TransportError:
                    return False
                assert response.status_code == 403  # no secret token: refused
            return True

        await until(all_listening, 90, "workers listening")
        assert len(api.calls_of("setWebhook")) == 2

        telegram = Telegram(urls, client)
        ids = itertools.count(1)
        people = [WebhookUser(api, 5000 + i, telegram=telegram, ids=ids) for i in range(PEOPLE)]
        killed_while_busy: list[int] = []

        async def converse(user: WebhookUser) -> None:
            rng = random.Random(user.id)
            await user.send("/start")
            for answer in ANSWERS:
                await asyncio.sleep(rng.uniform(0, 0.05))
                await user.press(answer)

        async def kill_worker_mid_run() -> None:
            total = PEOPLE * (len(ANSWERS) + 1)
            for _ in range(60_000):
                if telegram.delivered >= total // 3 and telegram.in_flight[0] > 0:
                    break
                await asyncio.sleep(0.001)
            killed_while_busy.append(telegram.in_flight[0])
            workers[0].send_signal(signal.SIGKILL)

        async with asyncio.timeout(180):
            await asyncio.gather(kill_worker_mid_run(), *(converse(user) for user in people))
        assert await workers[0].wait() == -signal.SIGKILL
        assert killed_while_busy and killed_while_busy[0] >= 1
        assert telegram.redelivered >= 1

        for user in people:
            texts = user.step_texts()
            # a step may begin with what the bot said before its question (« Salut 👋 … »)
            seen = [next((i for i, t in enumerate(texts) if q in t), None) for q in QUESTIONS]
            assert None not in seen, f"a turn was lost for {user.id}:\n{user.transcript()}"
            assert seen == sorted(seen), f"turns out of order for {user.id}:\n{user.transcript()}"
            assert user.last_paragraph().startswith(QUESTIONS[-1]), user.transcript()

        import asyncpg

        conn = await asyncpg.connect(postgres_url)
        try:
            rows = await conn.fetch("SELECT state FROM sessions")
        finally:
            await conn.close()
        assert sorted(json.loads(row[0])["node"] for row in rows) == ["lieu"] * PEOPLE

        # A worker killed after its commit but before its "200": Telegram delivers that update again. The
        # turn does not run twice; the person is told the button is old and sees where they are.
        again = people[0]
        await telegram.deliver(again.sent[-1])
        assert again.last_text() == f"{STALE_BUTTON}\n\n{again.step_texts()[-2]}"
        assert again.last_paragraph().startswith(QUESTIONS[-1])

        workers[1].send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            assert await workers[1].wait() == 0
    assert "bot stopped cleanly" in logs[1].read_text(encoding="utf-8")
    everything = "".join(log.read_text(encoding="utf-8") for log in logs)
    assert TOKEN.split(":")[1] not in everything
