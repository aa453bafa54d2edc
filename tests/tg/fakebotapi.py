"""A fake Telegram Bot API server on 127.0.0.1, for tests only.

It speaks just enough HTTP/1.1 (keep-alive, Content-Length bodies, JSON or form-encoded parameters) for
python-telegram-bot's httpx client: ``POST /bot<token>/<method>``. It keeps a queue of updates that the tests
push (messages, callback queries, locations, stickers), serves ``getUpdates`` long polling with offsets,
records every call, assigns message ids, and injects faults on demand (429 with ``retry_after``, 500, a
delay longer than the client's read timeout, 403 "bot was blocked by the user").

Tests drive it like a conversation through :class:`FakeUser`::

    user = server.user(1001)
    await user.send("/start")
    await user.press("18-25 ans")
    assert "Mission Locale" in user.last_text()
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

TOKEN = "123456:TEST-token-for-the-fake-server"
BOT_ID = 123456
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Cap Quartiers", "username": "cap_quartiers_bot"}
# Parameters that PTB sends JSON-encoded inside form bodies.
_JSON_PARAMS = {"reply_markup", "commands", "scope", "allowed_updates", "link_preview_options", "entities"}
# Methods through which the bot speaks to a chat (used for the reply latency).
REPLY_METHODS = {"sendMessage", "editMessageText", "sendVenue", "sendLocation"}


class ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    fault: str | None = None
    riding: bool = False  # carried by the bot's answer to a webhook call, not a request of its own

    @property
    def chat_id(self) -> int | None:
        raw = self.params.get("chat_id")
        return int(raw) if raw is not None else None


@dataclass
class Fault:
    kind: str  # "retry_after" | "500" | "timeout" | "forbidden"
    retry_after: int = 1
    delay: float = 2.0


@dataclass(repr=False)
class FakeBotApi:
    """The server. ``async with FakeBotApi() as api:`` starts it on a free port of 127.0.0.1."""

    host: str = "127.0.0.1"
    port: int = 0
    calls: list[Call] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    # chat id -> every message the bot sent there, as stored (edits applied in place)
    messages: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _pushed_at: dict[int, float] = field(default_factory=dict)  # chat id -> push time awaiting a reply
    _changed: asyncio.Condition | None = None
    _server: asyncio.Server | None = None
    _connections: set[asyncio.Task[None]] = field(default_factory=set)
    _confirmed_offset: int = 0  # highest offset a getUpdates call asked for
    webhook: dict[str, Any] | None = None  # parameters of the last setWebhook
    # (method, language code or "") -> the value set: "commands", "description", "short_description"
    profile: dict[tuple[str, str], Any] = field(default_factory=dict)
    # (url, secret token): ``push`` delivers each update to that webhook, as Telegram does, instead of
    # queueing it for getUpdates (see :meth:`deliver_to`)
    webhook_target: tuple[str, str] | None = None
    _client: Any = None  # aiohttp.ClientSession, while delivering to a webhook

    # ---------------------------------------------------------------- lifecycle
    async def __aenter__(self) -> Self:
        self._changed = asyncio.Condition()
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        if self._client is not None:
            await self._client.close()
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    # ---------------------------------------------------------------- what the tests use
    def user(self, user_id: int, first_name: str = "Test", language_code: str = "fr") -> FakeUser:
        return FakeUser(self, user_id, first_name, language_code=language_code)

    def fail(
        self, method: str, kind: str, *, times: int = 1, retry_after: int = 1, delay: float = 2.0
    ) -> None:
        """The next ``times`` calls of ``method`` fail with ``kind``."""
        self.faults.setdefault(method, []).extend(
            Fault(kind, retry_after=retry_after, delay=delay) for _ in range(times)
        )

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method and c.fault is None and (chat_id is None or c.chat_id == chat_id)
        ]

    def deliver_to(self, url: str, secret_token: str) -> None:
        """From now on, deliver updates to the bot's webhook at ``url`` like Telegram: one POST an update
        with the secret token, awaited until the bot acknowledges it; a Bot API method in the bot's answer
        is run (recorded with ``riding=True``). The calls are made by aiohttp, the bot's own client: this
        server stands for Telegram, and its share of a benchmark's CPU should stay small."""
        import aiohttp

        self.webhook_target = (url, secret_token)
        self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))

    async def push(self, update_body: dict[str, Any], chat_id: int) -> int:
        assert self._changed is not None
        update_id = next(self._update_ids)
        self._pushed_at[chat_id] = time.perf_counter()
        if self.webhook_target is not None:
            await self._deliver({"update_id": update_id, **update_body})
            return update_id
        self._updates.append({"update_id": update_id, **update_body})
        async with self._changed:
            self._changed.notify_all()
        return update_id

    async def _deliver(self, update: dict[str, Any]) -> None:
        assert self.webhook_target is not None and self._client is not None
        url, secret = self.webhook_target
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
        async with self._client.post(url, data=json.dumps(update).encode(), headers=headers) as response:
            status, content = response.status, await response.read()
        if status != 200:
            raise AssertionError(f"the webhook refused update {update['update_id']}: {status}")
        answer = json.loads(content) if content.strip() else {}
        if isinstance(answer, dict) and "method" in answer:
            await self.run_riding(answer)

    async def run_riding(self, answer: dict[str, Any]) -> None:
        """Run the method of a webhook's answer, as Telegram does (no result goes back)."""
        params = {k: v for k, v in answer.items() if k != "method"}
        method = str(answer["method"])
        self.calls.append(Call(method, params, time.perf_counter(), riding=True))
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            raise AssertionError(f"unknown method in a webhook answer: {method}")
        await handler(params)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    async def wait_fetched(self, update_id: int, within: float = 10.0) -> None:
        """Until the bot asked for updates past ``update_id`` (so it holds that update in its queue)."""
        await self.wait_until(lambda: self._confirmed_offset > update_id, within)

    async def wait_until(self, predicate: Callable[[], bool], within: float = 10.0) -> None:
        assert self._changed is not None
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(predicate)

    def replied(self, call: Call) -> None:
        """A reply to a chat (one of ``REPLY_METHODS``) went through; called before anyone waiting is woken
        up. Nothing here: a harness that keeps its own counts overrides it."""

    def new_message_id(self) -> int:
        return next(self._message_ids)

    # ---------------------------------------------------------------- HTTP
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                path, params = request
                status, body = await self._dispatch(path, params)
                payload = json.dumps(body).encode()
                head = (
                    f"HTTP/1.1 {status} {'OK' if status == 200 else 'Error'}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
                    "Connection: keep-alive\r\n\r\n"
                )
                writer.write(head.encode() + payload)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            writer.close()
            # (a cancellation while closing is the end of this connection anyway: swallowed, so that
            # asyncio's stream callback does not print it as an error)
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await writer.wait_closed()
            self._connections.discard(task)

    async def _dispatch(self, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        parts = path.strip("/").split("/")
        if len(parts) != 2 or parts[0] != f"bot{TOKEN}":
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        method = parts[1]
        call = Call(method, params, time.perf_counter())
        self.calls.append(call)
        pending = self.faults.get(method)
        if pending:
            fault = pending.pop(0)
            call.fault = fault.kind
            return await self._fault(fault)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": f"Not Found: method {method} unknown"}
        try:
            result = await handler(params)
        except ApiError as exc:
            call.fault = f"{exc.code}"
            return exc.code, {"ok": False, "error_code": exc.code, "description": exc.description}
        if method in REPLY_METHODS and call.chat_id is not None:
            pushed = self._pushed_at.pop(call.chat_id, None)
            if pushed is not None:
                self.latencies.append(call.at - pushed)
            self.replied(call)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        return 200, {"ok": True, "result": _public(result)}

    async def _fault(self, fault: Fault) -> tuple[int, dict[str, Any]]:
        if fault.kind == "retry_after":
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {fault.retry_after}",
                "parameters": {"retry_after": fault.retry_after},
            }
        if fault.kind == "500":
            return 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        if fault.kind == "forbidden":
            return 403, {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            }
        if fault.kind == "timeout":
            await asyncio.sleep(fault.delay)
            return 500, {"ok": False, "error_code": 500, "description": "too late"}
        raise AssertionError(fault.kind)

    # ---------------------------------------------------------------- Bot API methods
    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return {**BOT_USER, "can_join_groups": False, "can_read_all_group_messages": False}

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = params
        return True

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = params["commands"]
        if isinstance(commands, str):
            commands = json.loads(commands)
        self.profile["commands", params.get("language_code", "")] = [
            (c["command"], c["description"]) for c in commands
        ]
        return True

    async def _m_setMyDescription(self, params: dict[str, Any]) -> Any:
        self.profile["description", params.get("language_code", "")] = params.get("description", "")
        return True

    async def _m_getMyDescription(self, params: dict[str, Any]) -> Any:
        return {"description": self.profile.get(("description", params.get("language_code", "")), "")}

    async def _m_setMyShortDescription(self, params: dict[str, Any]) -> Any:
        self.profile["short_description", params.get("language_code", "")] = params.get(
            "short_description", ""
        )
        return True

    async def _m_getMyShortDescription(self, params: dict[str, Any]) -> Any:
        key = ("short_description", params.get("language_code", ""))
        return {"short_description": self.profile.get(key, "")}

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        assert self._changed is not None
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        self._confirmed_offset = max(self._confirmed_offset, offset)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        async with self._changed:
            self._changed.notify_all()
            if not self._updates and timeout > 0:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(timeout):
                        await self._changed.wait_for(lambda: bool(self._updates))
        return list(self._updates[: int(params.get("limit") or 100)])

    def _store(self, chat_id: int, message: dict[str, Any]) -> dict[str, Any]:
        self.messages.setdefault(chat_id, []).append(message)
        return message

    def _base(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": self.new_message_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
            "from": BOT_USER,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        elif markup is not None:
            message["x_keyboard"] = markup  # reply keyboard / removal: the client shows it, not the message
        return message

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        message = self._base(params)
        message["text"] = params["text"]
        message["x_parse_mode"] = params.get("parse_mode")
        return self._store(int(params["chat_id"]), message)

    async def _m_sendLocation(self, params: dict[str, Any]) -> Any:
        message = self._base(params)
        message["location"] = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        return self._store(int(params["chat_id"]), message)

    async def _m_sendVenue(self, params: dict[str, Any]) -> Any:
        message = self._base(params)
        location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        message["location"] = location
        message["venue"] = {"location": location, "title": params["title"], "address": params["address"]}
        return self._store(int(params["chat_id"]), message)

    def _find(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for message in self.messages.get(chat_id, []):
            if message["message_id"] == message_id:
                return message
        raise ApiError(400, "Bad Request: message to edit not found")

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        message = self._find(params)
        if message.get("text") == params["text"] and message.get("reply_markup") == params.get(
            "reply_markup"
        ):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup of the message",
            )
        message["text"] = params["text"]
        message["x_parse_mode"] = params.get("parse_mode")
        message.pop("reply_markup", None)
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        message["x_edited"] = True
        return message

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        message = self._find(params)
        if message.get("reply_markup") == params.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        message.pop("reply_markup", None)
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, dict[str, Any]] | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    _, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    url = urlsplit(target)
    params: dict[str, Any] = dict(parse_qsl(url.query))
    content_type = headers.get("content-type", "")
    if body and content_type.startswith("application/json"):
        params.update(json.loads(body))
    elif body:
        for key, value in parse_qsl(body.decode(), keep_blank_values=True):
            params[key] = json.loads(value) if key in _JSON_PARAMS else value
    return url.path, params


# -------------------------------------------------------------------- the simulated person
Settle = Callable[[int], Awaitable[None]]


@dataclass
class FakeUser:
    api: FakeBotApi = field(repr=False)
    id: int
    first_name: str = "Test"
    language_code: str = "fr"  # what the user's Telegram app is set to
    settle: Settle | None = field(
        default=None, repr=False
    )  # waits until the bot has processed an update id (set by the harness)
    _cq_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def _user(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": self.api.new_message_id(),
            "date": int(time.time()),
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": self._user,
            **content,
        }

    async def _push(self, body: dict[str, Any]) -> int:
        update_id = await self.api.push(body, self.id)
        if self.settle is not None:
            await self.settle(update_id)
        return update_id

    async def send(self, text: str) -> int:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self._push({"message": self._message(**content)})

    async def share_location(self, lat: float, lon: float) -> int:
        return await self._push({"message": self._message(location={"latitude": lat, "longitude": lon})})

    async def send_sticker(self) -> int:
        sticker = {
            "file_id": "stk1",
            "file_unique_id": "u1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return await self._push({"message": self._message(sticker=sticker)})

    async def send_photo(self) -> int:
        photo = [{"file_id": "ph1", "file_unique_id": "u2", "width": 90, "height": 90}]
        return await self._push({"message": self._message(photo=photo)})

    async def press(self, label: str, *, message: dict[str, Any] | None = None, exact: bool = False) -> int:
        """Press the inline button whose label contains ``label`` (or equals it with ``exact``), in
        ``message`` or else in the latest bot message that has such a button."""
        candidates = [message] if message is not None else list(reversed(self.messages()))
        for msg in candidates:
            for row in (msg.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    text = button["text"]
                    if (text == label) if exact else (label.casefold() in text.casefold()):
                        return await self.press_data(button["callback_data"], msg)
        raise AssertionError(f"no button {label!r}; buttons: {self.buttons()}")

    async def press_data(self, data: str, message: dict[str, Any]) -> int:
        query = {
            "id": f"{self.id}-{next(self._cq_ids)}",
            "from": self._user,
            "chat_instance": f"ci{self.id}",
            "data": data,
            "message": _public(message),
        }
        return await self._push({"callback_query": query})

    # ---------------------------------------------------------------- what the user sees
    def messages(self) -> list[dict[str, Any]]:
        return self.api.messages.get(self.id, [])

    def texts(self) -> list[str]:
        return [m.get("text") or _venue_text(m) for m in self.messages()]

    def last_text(self) -> str:
        texts = [m["text"] for m in self.messages() if "text" in m]
        return texts[-1] if texts else ""

    def last_paragraph(self) -> str:
        """The end of the last text message after its last blank line: the question being asked, also
        when the bot joined it to what it said before (« Salut 👋 … » then « Tu as quel âge ? »)."""
        return self.last_text().rsplit("\n\n", 1)[-1]

    def buttons(self) -> list[str]:
        """Labels of the inline buttons still shown on the latest message that has some."""
        for msg in reversed(self.messages()):
            rows = (msg.get("reply_markup") or {}).get("inline_keyboard")
            if rows:
                return [b["text"] for row in rows for b in row]
        return []

    def step_texts(self) -> list[str]:
        """What the bot said, one item per step: a press continues the question it answers in the same
        message (« question », « ✅ answer », then the next step), and each step counts once."""
        return [step for text in self.texts() for step in _steps_of(text)]

    def current_text(self) -> str:
        """The text of the last step shown (the end of the last text message)."""
        texts = [m["text"] for m in self.messages() if "text" in m]
        steps = _steps_of(texts[-1]) if texts else []
        return steps[-1] if steps else ""

    def transcript(self) -> str:
        return "\n---\n".join(self.texts())


_ANSWER_LINE = re.compile(r"\n\n✅ [^\n]*(?:\n\n|$)")


def _steps_of(text: str) -> list[str]:
    """« Q1\n\n✅ A1\n\nQ2 » -> ["Q1", "Q2"]: the steps a message shows, answer marks left out."""
    return [part for part in _ANSWER_LINE.split(text) if part] or [text]


def _venue_text(message: dict[str, Any]) -> str:
    if "venue" in message:
        return f"[venue] {message['venue']['title']} — {message['venue']['address']}"
    if "location" in message:
        return f"[location] {message['location']['latitude']},{message['location']['longitude']}"
    return ""


def _public(result: Any) -> Any:
    """What the Bot API would return: test-only bookkeeping (``x_*`` keys) left out."""
    if isinstance(result, dict):
        return {k: v for k, v in result.items() if not k.startswith("x_")}
    if isinstance(result, list):
        return [_public(r) for r in result]
    return result
