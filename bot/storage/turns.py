"""One user's turn at a time, inside one process: a FIFO ``asyncio.Lock`` per user key.

The in-memory and SQLite stores serve one process, so their ``SessionStore.turn`` is this lock. The
PostgreSQL store replaces it with a transaction-scoped advisory lock that holds across worker processes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from weakref import WeakValueDictionary


class KeyedLocks:
    """Locks created on demand and forgotten when nobody holds or waits for them."""

    def __init__(self) -> None:
        self._locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        async with lock:
            yield
