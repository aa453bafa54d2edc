"""`python -m bot stats [--since 30j] [--until 2026-02-01] [--format table|json|text]`."""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime, timedelta

from bot.admin.access import parse_moment
from bot.admin.format import format_stats_json, format_stats_table, format_stats_text
from bot.admin.stats import compute_stats
from bot.config import Settings
from bot.errors import ConfigError, StorageError
from bot.storage.sqlite import open_database
from bot.storage.sqlite.timefmt import utcnow

FORMATS = {"table": format_stats_table, "json": format_stats_json, "text": format_stats_text}


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", help="début : 2026-01-31, 2026-01-31T08:00 ou 30j (défaut : 7j)")
    parser.add_argument("--until", help="fin, exclue (défaut : maintenant)")
    parser.add_argument("--format", choices=sorted(FORMATS), default="table", help="défaut : table")
    parser.set_defaults(func=run)


def window(args: argparse.Namespace) -> tuple[datetime, datetime]:
    now = utcnow()
    try:
        until = parse_moment(args.until, now) if args.until else now
        since = parse_moment(args.since, now) if args.since else until - timedelta(days=7)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if since >= until:
        raise ConfigError("--since doit être avant --until.")
    return since, until


def require_database(settings: Settings) -> None:
    if settings.database_url:  # PostgreSQL: the connection itself says what is wrong
        return
    if not settings.db_path.exists():
        raise StorageError(
            f"Base introuvable : {settings.db_path}. Le bot l'a-t-il déjà créée ? "
            "Sinon indique son chemin : BOT_DB_PATH=/chemin/bot.sqlite3"
        )


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    require_database(settings)
    since, until = window(args)
    print(asyncio.run(_report(settings, since, until, args.format)))
    return 0


async def _report(settings: Settings, since: datetime, until: datetime, fmt: str) -> str:
    if settings.database_url:
        from bot.storage.postgres.stats_source import open_stats_source

        async with open_stats_source(settings.database_url) as source:
            return FORMATS[fmt](await source.compute_stats(since, until))
    db = await open_database(settings.db_path)
    try:
        stats = await compute_stats(db, since, until)
    finally:
        await db.close()
    return FORMATS[fmt](stats)
