"""`cap-quartiers stats [période] [--since …] [--until …] [--format table|json|text] [--build]`.

Without ``--build``: the figures of a period, computed like the dashboard's (names, funnel, sources, cut
below five). With ``--build``: rebuild the aggregates database that ``bot admin`` serves."""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime

from bot.admin.build import admin_keys, build_aggregates, load_names
from bot.admin.format import format_stats_json, format_stats_table, format_stats_text
from bot.admin.periods import Window, now_utc, parse_moment, parse_period
from bot.admin.stats import compute_stats
from bot.config import Settings
from bot.errors import ConfigError, StorageError

FORMATS = {"table": format_stats_table, "json": format_stats_json, "text": format_stats_text}


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "periode", nargs="*", help="30j, 2 semaines, 3 mois, 1 an, depuis 2026-01-01 (défaut : 7 jours)"
    )
    parser.add_argument("--since", help="début : 2026-01-31, 2026-01-31T08:00 (heure de Paris) ou 30j")
    parser.add_argument("--until", help="fin, exclue (défaut : maintenant)")
    parser.add_argument("--format", choices=sorted(FORMATS), default="table", help="défaut : table")
    parser.add_argument(
        "--build", action="store_true", help="reconstruit la base d'agrégats servie par « bot admin »"
    )
    parser.set_defaults(func=run)


def window(args: argparse.Namespace, now: datetime | None = None) -> Window:
    now = now or now_utc()
    period = " ".join(getattr(args, "periode", None) or []) or None
    try:
        if period is not None and (args.since or args.until):
            raise ValueError("Donne soit une période (30j, 2 semaines…), soit --since/--until, pas les deux.")
        if period is not None or not (args.since or args.until):
            return parse_period(period, now)
        until = parse_moment(args.until, now) if args.until else now
        since = parse_moment(args.since, now) if args.since else parse_period(None, until).since
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if since >= until:
        raise ConfigError("--since doit être avant --until.")
    return Window(since, until, "période choisie")


def require_database(settings: Settings) -> None:
    if not settings.database_url and not settings.db_path.exists():
        raise StorageError(
            f"Base introuvable : {settings.db_path}. Le bot l'a-t-il déjà créée ? "
            "Sinon indique son chemin : BOT_DB_PATH=/chemin/bot.sqlite3"
        )


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    require_database(settings)
    if args.build:
        print(asyncio.run(_build(settings)))
        return 0
    print(asyncio.run(_report(settings, window(args), args.format)))
    return 0


async def _build(settings: Settings) -> str:
    from bot.compose import open_stats_source

    names = await asyncio.to_thread(load_names, settings)
    async with open_stats_source(settings) as source:
        report = await build_aggregates(source, names, settings.stats_path, excluded=admin_keys(settings))
    return report.describe()


async def _report(settings: Settings, period: Window, fmt: str) -> str:
    from bot.compose import open_stats_source

    names = await asyncio.to_thread(load_names, settings)
    async with open_stats_source(settings) as source:
        stats = await compute_stats(source, period, names, admin_keys(settings))
    return FORMATS[fmt](stats)
