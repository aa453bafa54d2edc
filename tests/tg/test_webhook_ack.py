"""Our webhook server (`bot.tg.webhook`, used by `run --webhook`): Telegram's call is answered only once the
update has been handled — the replies are already sent when the 200 comes back — and only with the secret."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from bot.compose import open_backend
from bot.engine.core import Engine
from bot.tg.app import ALLOWED_UPDATES, build_application
from bot.tg.webhook import serve_webhook
from tests.tg.conftest import FAST
from tests.tg.fakebotapi import FakeBotApi
from tests.tg.test_webhook import free_port, start_update

SECRET = "ack-after-handling"


async def test_the_update_is_acknowledged_after_its_replies_are_sent(
    api: FakeBotApi, settings_for: Any, engine: Engine
) -> None:
    settings = settings_for(api)
    port = free_port()
    app = build_application(settings, lambda: open_backend(settings, engine), network=FAST)
    stop = asyncio.Event()
    server = asyncio.create_task(
        serve_webhook(
            app,
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url="https://bot.example.fr/hook",
            secret_token=SECRET,
            allowed_updates=ALLOWED_UPDATES,
            stop_signals=(),
            stop=stop,
        )
    )
    url = f"http://127.0.0.1:{port}/hook"
    good = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            for _ in range(300):
                try:
                    await client.post(url, content=b"{}", headers={"Content-Type": "application/json"})
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
            assert api.webhook is not None and api.webhook["secret_token"] == SECRET
            body = json.dumps(start_update(1, 7101)).encode()
            forged = await client.post(url, content=body, headers={"Content-Type": "application/json"})
            wrong = await client.post(
                url, content=body, headers={**good, "X-Telegram-Bot-Api-Secret-Token": "no"}
            )
            garbage = await client.post(url, content=b"not json", headers=good)
            assert (forged.status_code, wrong.status_code, garbage.status_code) == (403, 403, 400)
            assert api.user(7101).messages() == []

            answer = await client.post(url, content=json.dumps(start_update(2, 7102)).encode(), headers=good)
            assert answer.status_code == 200
            assert api.user(7102).last_paragraph() == "Tu as quel âge ?"  # already sent when acknowledged
    finally:
        stop.set()
        async with asyncio.timeout(30):
            await server
    assert not app.running
