"""Datasette plugin loaded by ``bot admin``: show the new figures after the bot's hourly rebuild.

The rebuild replaces ``stats.sqlite3`` with a new file (never writes into the one being read). An immutable
database keeps its open connection on the old file, so before each request this plugin compares the
file's identity (inode, size, modification time) with the one it opened and, when it changed, swaps in a
fresh immutable ``Database``. ``bot admin`` runs Datasette without SQL threads (``num_sql_threads 0``):
each ``Database`` then owns its connection, and the old one is dropped with the old object."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.database import Database


def _stamp(path: str) -> tuple[int, int, int] | None:
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def refresh(datasette: Any, seen: dict[str, tuple[int, int, int] | None]) -> None:
    for name, db in list(datasette.databases.items()):
        if db.is_mutable or db.is_memory or not db.path:
            continue
        stamp = _stamp(db.path)
        if name not in seen:
            seen[name] = stamp
        elif stamp is not None and stamp != seen[name]:
            seen[name] = stamp
            fresh = Database(datasette, path=db.path, is_mutable=False)
            datasette.remove_database(name)
            datasette.add_database(fresh, name=name, route=db.route)


@hookimpl  # type: ignore[untyped-decorator]
def asgi_wrapper(datasette: Any) -> Any:
    seen: dict[str, tuple[int, int, int] | None] = {}

    def wrap(app: Any) -> Any:
        async def reloading(scope: Any, receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                refresh(datasette, seen)
            await app(scope, receive, send)

        return reloading

    return wrap
