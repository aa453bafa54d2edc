"""``AiohttpRequest`` under python-telegram-bot's ``Bot``, against small aiohttp servers on 127.0.0.1.

The whole suite already drives the bot through it (every ``build_application`` test); these tests pin what
those do not reach: the form and multipart bodies, each timeout, a refused connection, the proxy from the
environment, and that the token never shows in an error or its traceback."""

from __future__ import annotations

import asyncio
import json
import time
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.tg.http import AiohttpRequest
from tests.tg.fakebotapi import BOT_USER, TOKEN

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    yield


def message(chat_id: int, text: str) -> dict[str, Any]:
    return {"message_id": 7, "date": 0, "chat": {"id": chat_id, "type": "private"}, "text": text}


@asynccontextmanager
async def server(
    handler: Handler, keepalive_timeout: float = 75.0
) -> AsyncIterator[tuple[int, list[web.Request]]]:
    """An aiohttp server on a free port of 127.0.0.1 answering every path with ``handler``; yields its port
    and the requests it received (getMe is answered by the server itself)."""
    seen: list[web.Request] = []

    async def route(request: web.Request) -> web.StreamResponse:
        seen.append(request)
        if request.path.endswith("/getMe"):
            return web.json_response({"ok": True, "result": BOT_USER})
        return await handler(request)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", route)
    runner = web.AppRunner(app, access_log=None, keepalive_timeout=keepalive_timeout)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield port, seen
    finally:
        await runner.cleanup()


def make_bot(base: str, **timeouts: Any) -> Bot:
    return Bot(
        TOKEN,
        base_url=f"{base}/bot",
        base_file_url=f"{base}/file/bot",
        request=AiohttpRequest(connection_pool_size=timeouts.pop("pool_size", 4), **timeouts),
        get_updates_request=AiohttpRequest(),
    )


def printed(error: BaseException) -> str:
    """Everything a logged traceback of ``error`` would show, chained exceptions included."""
    return "".join(traceback.format_exception(error))


async def test_a_call_is_a_form_with_ptb_user_agent_and_its_answer_is_parsed() -> None:
    bodies: list[dict[str, str]] = []

    async def send(request: web.Request) -> web.Response:
        form = await request.post()
        bodies.append({k: str(v) for k, v in form.items()})
        return web.json_response({"ok": True, "result": message(42, str(form["text"]))})

    async with server(send) as (port, seen):
        bot = make_bot(f"http://127.0.0.1:{port}")
        async with bot:
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Oui", callback_data="y")]])
            sent = await bot.send_message(42, "Salut ! Tu as quel âge ?", reply_markup=keyboard)
    assert sent.text == "Salut ! Tu as quel âge ?" and sent.chat.id == 42
    call = seen[-1]
    assert call.path == f"/bot{TOKEN}/sendMessage"
    assert call.content_type == "application/x-www-form-urlencoded"
    assert call.headers["User-Agent"].startswith("python-telegram-bot")
    assert bodies[0]["chat_id"] == "42"
    keyboard_sent = json.loads(bodies[0]["reply_markup"])
    assert keyboard_sent == {"inline_keyboard": [[{"text": "Oui", "callback_data": "y"}]]}


async def test_a_file_goes_as_multipart_with_its_name_and_the_other_fields() -> None:
    parts: dict[str, tuple[str | None, bytes]] = {}

    async def upload(request: web.Request) -> web.Response:
        reader = await request.multipart()
        async for part in reader:
            parts[part.name or ""] = (part.filename, await part.read())  # type: ignore[union-attr]
        return web.json_response({"ok": True, "result": {**message(42, ""), "document": DOCUMENT}})

    async with server(upload) as (port, seen), make_bot(f"http://127.0.0.1:{port}") as bot:
        await bot.send_document(42, document=b"plan du quartier", filename="plan.txt", caption="Le plan")
    assert seen[-1].content_type == "multipart/form-data"
    assert parts["document"] == ("plan.txt", b"plan du quartier")
    assert parts["chat_id"] == (None, b"42") and parts["caption"] == (None, b"Le plan")


DOCUMENT = {"file_id": "f1", "file_unique_id": "u1", "file_name": "plan.txt"}


async def test_telegram_errors_come_back_as_ptb_exceptions() -> None:
    async def refuse(request: web.Request) -> web.Response:
        body = {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
        return web.json_response(body, status=400)

    async with server(refuse) as (port, _), make_bot(f"http://127.0.0.1:{port}") as bot:
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(42, "x")


async def test_a_silent_server_is_timed_out_by_the_read_timeout_without_the_token() -> None:
    async def silent(request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        raise AssertionError("the client should have given up")

    async with server(silent) as (port, _), make_bot(f"http://127.0.0.1:{port}", read_timeout=0.3) as bot:
        started = time.monotonic()
        with pytest.raises(TimedOut) as caught:
            await bot.send_message(42, "x")
        waited = time.monotonic() - started
    assert 0.25 <= waited < 3.0
    assert TOKEN not in printed(caught.value)


async def test_a_full_pool_is_timed_out_and_the_call_is_not_sent() -> None:
    arrived, release = asyncio.Event(), asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        arrived.set()
        await release.wait()
        return web.json_response({"ok": True, "result": message(1, "a")})

    async with server(slow) as (port, seen):
        bot = make_bot(f"http://127.0.0.1:{port}", pool_size=1, pool_timeout=0.2, connect_timeout=0.2)
        async with bot:
            first = asyncio.create_task(bot.send_message(1, "a"))
            await arrived.wait()  # the only connection is busy
            with pytest.raises(TimedOut, match="not sent") as caught:
                await bot.send_message(2, "b", pool_timeout=0.2)
            assert [r.path for r in seen].count(f"/bot{TOKEN}/sendMessage") == 1
            release.set()
            assert (await first).text == "a"
    assert TOKEN not in printed(caught.value)


async def test_a_refused_connection_is_a_network_error_without_the_token() -> None:
    async with server(lambda request: asyncio.sleep(0)) as (port, _):  # type: ignore[arg-type,return-value]
        pass  # the port is free again: nothing listens there
    request = AiohttpRequest(connect_timeout=2.0)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
    assert not isinstance(caught.value, TimedOut)
    assert "ClientConnectorError" in str(caught.value)
    assert TOKEN not in printed(caught.value)


async def test_the_proxy_of_the_environment_is_used_and_no_proxy_bypasses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def ok(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": message(42, "via")})

    async with server(ok) as (proxy_port, through_proxy):
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy_port}")
        # a host that no resolver knows: only the proxy can carry the call
        async with make_bot("http://api.telegram.invalid") as bot:
            assert (await bot.send_message(42, "via")).text == "via"
        assert through_proxy[-1].host == "api.telegram.invalid"
        assert through_proxy[-1].path == f"/bot{TOKEN}/sendMessage"

        async with server(ok) as (direct_port, direct):
            monkeypatch.setenv("NO_PROXY", "127.0.0.1")
            before = len(through_proxy)
            async with make_bot(f"http://127.0.0.1:{direct_port}") as bot:
                await bot.send_message(42, "direct")
            assert len(through_proxy) == before
            assert direct[-1].path == f"/bot{TOKEN}/sendMessage"


async def test_calls_need_initialize_and_the_request_opens_again_after_shutdown() -> None:
    async def ok(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": True})

    async with server(ok) as (port, seen):
        request = AiohttpRequest()
        url = f"http://127.0.0.1:{port}/bot{TOKEN}/deleteWebhook"
        with pytest.raises(NetworkError, match="not initialized"):  # PTB wraps the RuntimeError
            await request.post(url)
        for _ in range(2):  # PTB shuts requests down and initializes them again (Application restarts)
            await request.initialize()
            assert await request.post(url) is True
            await request.shutdown()
    assert len(seen) == 2


async def test_a_connection_the_server_closed_while_idle_is_not_reused() -> None:
    """Telegram closes idle keep-alive connections: the next call opens a new one instead of failing."""

    peers: list[int] = []

    async def ok(request: web.Request) -> web.Response:
        assert request.transport is not None
        peers.append(request.transport.get_extra_info("peername")[1])  # the client's port: its connection
        return web.json_response({"ok": True, "result": message(42, "x")})

    async with server(ok, keepalive_timeout=0.2) as (port, _), make_bot(f"http://127.0.0.1:{port}") as bot:
        await bot.send_message(42, "x")
        await asyncio.sleep(0.6)  # the server has closed the connection by now
        for _ in range(3):
            assert (await bot.send_message(42, "x")).text == "x"
    assert len(peers) == 4 and peers[1] != peers[0]  # a new connection after the idle close
