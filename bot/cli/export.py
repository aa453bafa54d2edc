"""`cap-quartiers export --since 2026-01-01 [--until ...] --to evenements.csv` (pseudonymous events, times
in Europe/Paris)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.admin.export import export_events
from bot.cli.stats import require_database, window
from bot.config import Settings


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", help="début : 2026-01-31, 2026-01-31T08:00 ou 30j (défaut : 7j)")
    parser.add_argument("--until", help="fin, exclue (défaut : maintenant)")
    parser.add_argument("--to", required=True, type=Path, help="fichier CSV à écrire (- pour la sortie)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    require_database(settings)
    period = window(args)
    since, until = period.since, period.until
    if str(args.to) == "-":
        count = asyncio.run(_export(settings, since, until, sys.stdout))
    else:
        args.to.parent.mkdir(parents=True, exist_ok=True)
        with args.to.open("w", encoding="utf-8", newline="") as out:
            count = asyncio.run(_export(settings, since, until, out))
        print(f"{count} événement(s) exporté(s) dans {args.to} (pseudonymes propres à ce fichier)")
    return 0


async def _export(settings: Settings, since: datetime, until: datetime, out: TextIO) -> int:
    from bot.compose import open_stats_source

    async with open_stats_source(settings) as source:
        return await export_events(source, since, until, out)
