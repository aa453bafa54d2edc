"""`cap-quartiers storage migrate --to postgresql://…`: copy the SQLite data into PostgreSQL.

Stop the bot first; then set BOT_DATABASE_URL to the same address and start it again (docs/postgresql.md)."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.errors import ConfigError, StorageError

if TYPE_CHECKING:
    from bot.storage.postgres.transfer import TransferReport


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="storage_command", metavar="action", required=True)
    migrate = sub.add_parser(
        "migrate",
        help="copie les sessions et les événements du fichier SQLite vers une base PostgreSQL vide",
        description="Copie les sessions, événements et textes non compris du fichier SQLite (BOT_DB_PATH) "
        "vers une base PostgreSQL vide. Arrête le bot avant.",
    )
    migrate.add_argument(
        "--to", required=True, metavar="URL", help="postgresql://utilisateur:mdp@hote:5432/base"
    )
    migrate.set_defaults(func=run_migrate)


def run_migrate(args: argparse.Namespace) -> int:
    from bot.storage.postgres import is_postgres_url

    settings = Settings.from_env()
    if not is_postgres_url(args.to):
        raise ConfigError("--to doit être une adresse postgresql://utilisateur:motdepasse@hote:5432/base")
    if not settings.db_path.exists():
        raise StorageError(f"Pas de base SQLite à {settings.db_path} (BOT_DB_PATH) : rien à copier.")
    report = asyncio.run(_migrate(settings, args.to))
    print(report.describe())
    print(
        "Ensuite : export BOT_DATABASE_URL=<la même adresse> puis relance le bot. "
        "Garde le même fichier secret (BOT_SECRET_PATH) ; le fichier SQLite peut être archivé."
    )
    return 0


async def _migrate(settings: Settings, url: str) -> TransferReport:
    from bot.storage.postgres import open_pool
    from bot.storage.postgres.transfer import copy_to_postgres
    from bot.storage.sqlite import open_database

    db = await open_database(settings.db_path)
    try:
        pool = await open_pool(url, max_size=2)
        try:
            return await copy_to_postgres(db, pool)
        finally:
            await pool.close()
    finally:
        await db.close()
