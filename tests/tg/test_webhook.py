"""Webhook mode: Telegram's calls carry the secret token; anything without it is refused."""

from __future__ import annotations

import socket
from typing import Any

import httpx

from bot.compose import open_backend
from bot.engine.core import Engine
from bot.tg.app import ALLOWED_UPDATES, build_application
from tests.tg.conftest import FAST
from tests.tg.fakebotapi import FakeBotApi

SECRET = "s3cret-token_for-tests"


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


async def test_webhook_checks_the_secret_token(api: FakeBotApi, settings_for: Any, engine: Engine) -> None:
    settings = settings_for(api)
    port = free_port()
    app = build_application(settings, lambda: open_backend(settings, engine), network=FAST)
    await app.initialize()
    try:
        assert app.post_init is not None and app.updater is not None
        await app.post_init(app)
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="telegram",
            webhook_url="https://bot.example.fr/telegram",
            secret_token=SECRET,
            allowed_updates=ALLOWED_UPDATES,
        )
        await app.start()
        assert api.webhook is not None and api.webhook["secret_token"] == SECRET
        url = f"http://127.0.0.1:{port}/telegram"
        async with httpx.AsyncClient() as client:
            forged = await client.post(url, json=start_update(1, 7001))
            wrong = await client.post(
                url, json=start_update(2, 7001), headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
            )
            good = await client.post(
                url, json=start_update(3, 7002), headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
        assert forged.status_code == 403 and wrong.status_code == 403
        assert good.status_code == 200
        await app.update_queue.join()
        assert api.user(7002).last_text() == "Tu as quel âge ?"
        assert api.user(7001).messages() == []
    finally:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
