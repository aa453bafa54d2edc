"""Webhook mode: Telegram's calls carry the secret token (anything without it is refused), and `/healthz`
on the same server reports the database, the corpus and the age of the last update."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.compose import open_backend
from bot.config import PROJECT_ROOT, Settings
from bot.engine.core import Engine
from bot.tg.app import ALLOWED_UPDATES, TgApplication, build_application
from bot.tg.webhook import MAX_BODY, RIDE_AT_MOST, WebhookServer
from tests.tg.conftest import FAST
from tests.tg.fakebotapi import FakeBotApi
from tests.tg.test_process import environment

SECRET = "s3cret-token_for-tests"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_update(update_id: int, user_id: int) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Test"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": user_id, "type": "private", "first_name": "Test"},
            "from": user,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


@asynccontextmanager
async def webhook_bot(
    settings: Settings, engine: Engine, port: int, ride_at_most: float = RIDE_AT_MOST
) -> AsyncIterator[TgApplication]:
    """The webhook lifecycle of `bot.tg.webhook.serve_webhook`, without owning the event loop."""
    app = build_application(settings, lambda: open_backend(settings, engine), network=FAST)
    server = WebhookServer(app, url_path="telegram", secret_token=SECRET, ride_at_most=ride_at_most)
    await app.initialize()
    try:
        assert app.post_init is not None
        await app.post_init(app)
        await server.start("127.0.0.1", port)
        await app.bot.set_webhook(
            "https://bot.example.fr/telegram", secret_token=SECRET, allowed_updates=ALLOWED_UPDATES
        )
        await app.start()
        yield app
    finally:
        await server.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)


async def test_webhook_checks_the_secret_token(api: FakeBotApi, settings_for: Any, engine: Engine) -> None:
    port = free_port()
    async with webhook_bot(settings_for(api), engine, port) as app:
        assert api.webhook is not None and api.webhook["secret_token"] == SECRET
        url = f"http://127.0.0.1:{port}/telegram"
        async with httpx.AsyncClient() as client:
            forged = await client.post(url, json=start_update(1, 7001))
            wrong = await client.post(
                url, json=start_update(2, 7001), headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
            )
            garbage = await client.post(url, content=b"{not json", headers=HEADERS)
            good = await client.post(url, json=start_update(3, 7002), headers=HEADERS)
        assert forged.status_code == 403 and wrong.status_code == 403
        assert garbage.status_code == 400
        assert good.status_code == 200
        await app.update_queue.join()
        assert api.user(7002).last_paragraph() == "Tu as quel âge ?"
        assert api.user(7001).messages() == []


async def test_webhook_refuses_a_body_too_big_and_keeps_serving(
    api: FakeBotApi, settings_for: Any, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    port = free_port()
    async with webhook_bot(settings_for(api), engine, port):
        url = f"http://127.0.0.1:{port}/telegram"
        huge = b'{"update_id": 1, "message": "' + b"x" * (MAX_BODY + 10) + b'"}'
        async with httpx.AsyncClient() as client:
            refused = await client.post(url, content=huge, headers=HEADERS)
            wrong_method = await client.get(url, headers=HEADERS)
            unknown = await client.post(f"http://127.0.0.1:{port}/other", json=start_update(4, 7003))
            good = await client.post(url, json=start_update(5, 7004), headers=HEADERS)
        assert refused.status_code == 413
        assert wrong_method.status_code == 405 and unknown.status_code == 404
        assert good.status_code == 200
        assert api.user(7004).last_paragraph() == "Tu as quel âge ?"
    # no line per request (no access log)
    assert not [r for r in caplog.records if r.name.startswith("aiohttp")]


async def test_a_failure_inside_a_request_is_a_500_logged_by_its_class_only(
    api: FakeBotApi, settings_for: Any, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = build_application(settings_for(api), lambda: open_backend(settings_for(api), engine), network=FAST)
    server = WebhookServer(app, url_path="telegram", secret_token=SECRET)

    async def broken(max_age: float | None = None) -> Any:
        raise RuntimeError("Martine Dupont, 12 rue Zorglub")  # as if an error quoted what was received

    server.state.health = broken  # type: ignore[method-assign]
    port = free_port()
    await server.start("127.0.0.1", port)
    try:
        async with httpx.AsyncClient() as client:
            answer = await client.get(f"http://127.0.0.1:{port}/healthz")
    finally:
        await server.stop()
    assert answer.status_code == 500
    assert "webhook request failed: RuntimeError" in caplog.text
    assert "Zorglub" not in caplog.text  # neither the message nor a traceback


async def test_healthz_reports_database_corpus_and_last_update(
    api: FakeBotApi, settings_for: Any, engine: Engine
) -> None:
    port = free_port()
    settings = settings_for(api)
    async with webhook_bot(settings, engine, port) as app, httpx.AsyncClient(timeout=30) as client:
        health = f"http://127.0.0.1:{port}/healthz"
        before = await client.get(health)
        assert before.status_code == 200 and before.headers["cache-control"] == "no-store"
        body = before.json()
        assert body["ok"] is True and set(body["checks"]) == {"database", "corpus", "last_update"}
        assert (
            body["checks"]["database"]["ok"] and str(settings.db_path) in body["checks"]["database"]["detail"]
        )
        assert body["checks"]["corpus"]["detail"].startswith(f"dialogue {engine.version}, lieux chargés")
        assert body["checks"]["last_update"]["value"] is None

        await client.post(f"http://127.0.0.1:{port}/telegram", json=start_update(1, 7101), headers=HEADERS)
        await app.update_queue.join()
        after = (await client.get(health)).json()["checks"]["last_update"]
        assert after["ok"] and after["value"] is not None and after["value"] < 60
        await asyncio.sleep(0.05)
        stale = await client.get(health, params={"max_age": "0.01"})
        assert stale.status_code == 503 and stale.json()["checks"]["last_update"]["ok"] is False

        # Another process holds the write lock longer than the busy timeout: the database is not writable.
        with contextlib.closing(sqlite3.connect(settings.db_path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            locked = await client.get(health)
            other.execute("ROLLBACK")
        assert locked.status_code == 503
        database = locked.json()["checks"]["database"]
        assert database["ok"] is False and "refuse l'écriture" in database["detail"]
        assert (await client.get(health)).status_code == 200


async def test_the_run_command_serves_healthz_in_webhook_mode_and_stops_on_sigterm(
    api: FakeBotApi, tmp_path: Path, index_path: Path
) -> None:
    port = free_port()
    env = environment(api, tmp_path, index_path)
    env.update(BOT_WEBHOOK_SECRET=SECRET, BOT_WEBHOOK_LISTEN="127.0.0.1", BOT_WEBHOOK_PORT=str(port))
    log = tmp_path / "bot.log"
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--webhook", "https://bot.example.fr/hook/telegram",
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out,
        )  # fmt: skip
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            async with asyncio.timeout(60):
                while True:
                    try:
                        health = await client.get(f"http://127.0.0.1:{port}/healthz")
                        break
                    except httpx.TransportError:
                        await asyncio.sleep(0.2)
            assert health.status_code == 200, health.text
            assert api.webhook is not None and api.webhook["url"] == "https://bot.example.fr/hook/telegram"
            url = f"http://127.0.0.1:{port}/hook/telegram"
            assert (await client.post(url, json=start_update(1, 7201), headers=HEADERS)).status_code == 200
        await api.wait_until(lambda: api.user(7201).last_paragraph() == "Tu as quel âge ?", 30)
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            assert await process.wait() == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert "bot stopped cleanly" in log.read_text(encoding="utf-8")
