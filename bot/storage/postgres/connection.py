"""Connecting to PostgreSQL: one asyncpg pool per process, errors in French without the password."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bot.errors import StorageError

logger = logging.getLogger(__name__)

SCHEMES = ("postgresql", "postgres")


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and urlsplit(url or "").scheme in SCHEMES


def safe_url(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _asyncpg() -> Any:
    try:
        import asyncpg
    except ModuleNotFoundError as exc:  # the optional extra is not installed
        raise StorageError(
            "BOT_DATABASE_URL désigne PostgreSQL mais le pilote asyncpg n'est pas installé : "
            "pip install '.[postgres]'"
        ) from exc
    return asyncpg


async def create_pool(url: str, *, min_size: int = 1, max_size: int = 10) -> Any:
    """An asyncpg pool on ``url`` (``postgresql://user:password@host:port/database``)."""
    asyncpg = _asyncpg()
    try:
        return await asyncpg.create_pool(url, min_size=min_size, max_size=max_size, command_timeout=30)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as exc:
        raise StorageError(
            f"Impossible de se connecter à PostgreSQL ({safe_url(url)}) : {exc}. Vérifie que le serveur "
            "tourne et BOT_DATABASE_URL (postgresql://utilisateur:motdepasse@hote:5432/base)."
        ) from exc
