"""``AiohttpRequest``: python-telegram-bot's HTTP requests made by aiohttp instead of httpx.

Each Bot API call through PTB's default ``HTTPXRequest`` costs about 2 ms of CPU on the machines we measure
on (httpx, httpcore, anyio: ``bench/profile_e2e.py``); through aiohttp (C HTTP parser, no anyio layer) it
costs about 1 ms, PTB's own encoding and parsing included, and a quarter of httpx's when calls overlap
(``bench/bench_http.py``). A step makes one or two calls, so this is the largest
share of the bot's own latency. ``BaseRequest`` is PTB's documented extension point for another HTTP library;
this module is only the adapter: aiohttp does the HTTP.

Behaviour kept from ``HTTPXRequest``:

- the four timeouts, per call or by default: *connect* bounds opening a connection
  (``ClientTimeout.sock_connect``), *pool* + *connect* bound getting one from the pool
  (``ClientTimeout.connect``), *read* bounds each wait for the answer (``ClientTimeout.sock_read``, which
  PTB lengthens for getUpdates' long polling); aiohttp has no write timeout, so the sum of the four is the
  ceiling of the whole call (``ClientTimeout.total``);
- a timeout is ``telegram.error.TimedOut``, any other transport failure ``NetworkError``; the status and
  body go back to PTB unchanged, which turns Telegram's errors into its exceptions;
- form-encoded parameters, multipart when a file is sent; PTB's User-Agent; a proxy from the environment
  (``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``; an HTTP proxy: aiohttp speaks no SOCKS, nor does httpx
  without its extra), as httpx reads it. Read once per server, not by aiohttp's
  ``trust_env``, which reads ``~/.netrc`` and the environment in a worker thread on every call (two thread
  hand-offs a call);
- the bot token (in every URL) never appears in an error message nor in its chained exceptions.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_HEADERS = {"User-Agent": BaseRequest.USER_AGENT}


class AiohttpRequest(BaseRequest):
    """One aiohttp session (and its connection pool) for PTB's Bot API calls; opened by ``initialize``."""

    __slots__ = (
        "_connect",
        "_pool",
        "_pool_size",
        "_proxies",
        "_proxy_of",
        "_read",
        "_session",
        "_write",
    )

    def __init__(
        self,
        *,
        connection_pool_size: int = 1,
        connect_timeout: float | None = 5.0,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._connect = connect_timeout
        self._read = read_timeout
        self._write = write_timeout
        self._pool = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str] = {}
        self._proxy_of: dict[tuple[str, str], str | None] = {}  # (scheme, host) -> proxy URL or None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        # aiohttp binds a session to the running event loop: it is made here, not in __init__
        if self._session is None or self._session.closed:
            self._proxies = urllib.request.getproxies_environment()
            self._proxy_of.clear()
            # TLS: aiohttp's verifying context, made once at its import from the system's CA store
            # (ca-certificates; SSL_CERT_FILE is honoured)
            connector = aiohttp.TCPConnector(limit=self._pool_size)
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers=_HEADERS,
                timeout=aiohttp.ClientTimeout(total=None),
                trust_env=False,  # the proxy is chosen by _proxy
                skip_auto_headers=("Accept-Encoding",),  # the Bot API answers are small JSON
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._read if isinstance(read_timeout, DefaultValue) else read_timeout
        write = self._write if isinstance(write_timeout, DefaultValue) else write_timeout
        connect = self._connect if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool if isinstance(pool_timeout, DefaultValue) else pool_timeout
        parts = (read, write, connect, pool)
        timeout = aiohttp.ClientTimeout(
            total=None if None in parts else sum(p for p in parts if p is not None),
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )
        try:
            async with session.request(
                method, url, data=_body(request_data), timeout=timeout, proxy=self._proxy(url)
            ) as response:
                return response.status, await response.read()
        # "from None": aiohttp's messages can hold the URL, so the token; the chained exception would be
        # printed with any logged traceback. The class and the scrubbed message say what happened.
        except aiohttp.ConnectionTimeoutError as error:
            raise TimedOut(
                "No connection to the Bot API server in time (pool full or server not answering): "
                f"the request was not sent ({_scrubbed(error, url)})"
            ) from None
        except TimeoutError as error:  # asyncio's and aiohttp's read timeouts
            raise TimedOut(f"Timed out ({_scrubbed(error, url)})") from None
        except aiohttp.ClientError as error:
            raise NetworkError(_scrubbed(error, url)) from None

    def _proxy(self, url: str) -> str | None:
        """The proxy for this URL's server from the environment read at ``initialize`` (None: direct)."""
        if not self._proxies:
            return None
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxy_of:
            bypass = urllib.request.proxy_bypass(key[1])  # NO_PROXY
            chosen = self._proxies.get(key[0]) or self._proxies.get("all")
            self._proxy_of[key] = None if bypass else chosen
        return self._proxy_of[key]


def _body(request_data: RequestData | None) -> dict[str, str] | aiohttp.FormData | None:
    """Form fields as a dict (aiohttp encodes them), or multipart when the call sends files."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields or None
    form = aiohttp.FormData(fields)
    for name, value in (request_data.multipart_data or {}).items():
        filename, content, *mime = value
        form.add_field(name, content, filename=filename, content_type=mime[0] if mime else None)
    return form


def _scrubbed(error: BaseException, url: str) -> str:
    """``<class>: <message>`` without the token: ``/bot<token>`` in the URL's path becomes ``/bot…``."""
    message = f"{type(error).__name__}: {error}"
    path_start = url.find("/bot")
    if path_start < 0:
        return message
    secret = url[path_start:].split("/", 2)[1]  # "bot<token>"
    return message.replace(secret, "bot…") if secret != "bot" else message
