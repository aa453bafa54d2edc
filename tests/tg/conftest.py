"""End-to-end harness: the real PTB ``Application`` over HTTP against the fake Bot API on 127.0.0.1, with the
real engine (orientation dialog, geodata index) and the real SQLite storage in a temporary folder."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.compose import build_engine, open_backend
from bot.config import Settings
from bot.engine.core import Engine
from bot.tg.app import ALLOWED_UPDATES, NetworkConfig, TgApplication, build_application, edge_of
from bot.tg.backend import Backend
from bot.tg.sender import RetryPolicy
from tests.tg.fakebotapi import TOKEN, FakeBotApi, FakeUser

ADMIN_ID = 4242
FAST = NetworkConfig(
    connect_timeout=1.0,
    read_timeout=1.0,
    write_timeout=1.0,
    pool_timeout=1.0,
    poll_timeout=1.0,
    rate_limit_retries=2,
    retry=RetryPolicy(attempts=3, base_delay=0.05, max_delay=0.2),
)


@pytest.fixture(scope="session")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("geodata") / "geodata.index"


@pytest.fixture(scope="session")
def engine(index_path: Path) -> Engine:
    """The real engine: orientation dialog, dispositifs, geodata index (built once for the session)."""
    settings = replace(Settings.from_env({}), index_path=index_path)
    return build_engine(settings)


@pytest.fixture
def settings_for(tmp_path: Path, index_path: Path) -> Iterator[Any]:
    def make(api: FakeBotApi) -> Settings:
        return replace(
            Settings.from_env({}),
            token=TOKEN,
            api_base_url=api.base_url,
            api_base_file_url=api.base_file_url,
            db_path=tmp_path / "bot.sqlite3",
            secret_path=tmp_path / "secret.key",
            index_path=index_path,
            admin_ids=frozenset({ADMIN_ID}),
        )

    yield make


@dataclass(repr=False)
class RunningBot:
    """One running bot process (in this event loop) talking to the fake server."""

    api: FakeBotApi
    app: TgApplication
    settings: Settings
    stopped: bool = False

    def user(self, user_id: int = 1001, language_code: str = "fr") -> FakeUser:
        user = self.api.user(user_id, language_code=language_code)
        user.settle = self.settle
        return user

    async def settle(self, update_id: int) -> None:
        """Until the bot has fetched and completely processed ``update_id`` (replies sent)."""
        await self.api.wait_fetched(update_id)
        await self.app.update_queue.join()

    def user_key(self, user_id: int) -> str:
        backend = edge_of(self.app).backend
        assert backend is not None
        return backend.user_key(user_id)

    async def stop(self) -> None:
        """Stop like SIGTERM would (idempotent): the event log is flushed and the database closed."""
        if self.stopped:
            return
        self.stopped = True
        app = self.app
        try:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
        finally:
            await app.shutdown()
            if app.post_shutdown is not None:
                await app.post_shutdown(app)

    def sql(self, query: str, *params: object) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.settings.db_path)) as conn:
            return conn.execute(query, params).fetchall()


@asynccontextmanager
async def running_bot(
    api: FakeBotApi,
    settings: Settings,
    engine: Engine,
    *,
    clock: Callable[[], datetime] | None = None,
    network: NetworkConfig = FAST,
) -> AsyncIterator[RunningBot]:
    """Start the bot like ``run_polling`` does (initialize, post_init, polling, start) and stop it the same
    way (updater.stop, stop, shutdown, post_shutdown), without owning the event loop. ``clock``: the
    time the follow-ups see (default: the real one)."""

    async def backend() -> Backend:
        if clock is None:
            return await open_backend(settings, engine)
        return await open_backend(settings, engine, clock=clock)

    app = build_application(settings, backend, network=network)
    running = RunningBot(api, app, settings)
    await app.initialize()
    try:
        assert app.post_init is not None and app.updater is not None
        await app.post_init(app)
        await app.updater.start_polling(timeout=int(network.poll_timeout), allowed_updates=ALLOWED_UPDATES)
        await app.start()
        yield running
    finally:
        await running.stop()


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotApi, settings_for: Any, engine: Engine) -> AsyncIterator[RunningBot]:
    async with running_bot(api, settings_for(api), engine) as running:
        yield running
