"""`cap-quartiers purge`: delete what is past retention (the bot also does it daily)."""

from __future__ import annotations

import argparse
import asyncio

from bot.config import Settings
from bot.storage.retention import PurgeReport, purge
from bot.storage.sqlite import open_database


def register(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not settings.database_url and not settings.db_path.exists():
        print(f"Rien à purger : pas de base à {settings.db_path}.")
        return 0
    report = asyncio.run(_purge(settings))
    print(report.describe())
    return 0


async def _purge(settings: Settings) -> PurgeReport:
    if settings.database_url:
        from bot.storage.postgres import open_pool
        from bot.storage.postgres.retention import purge as purge_postgres

        pool = await open_pool(settings.database_url, max_size=2)
        try:
            return await purge_postgres(pool, settings)
        finally:
            await pool.close()
    db = await open_database(settings.db_path)
    try:
        return await purge(db, settings)
    finally:
        await db.close()
