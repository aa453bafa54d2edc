"""`cap-quartiers doctor [--json] [--max-age SECONDS]`: the `/healthz` checks from outside the bot process,
for polling mode (or a container HEALTHCHECK). Exit code 0 when everything is fine, 1 otherwise."""

from __future__ import annotations

import argparse
import json
import stat
from datetime import datetime
from pathlib import Path

from bot.config import Settings
from bot.errors import BotError
from bot.health import Check, HealthReport, age_check
from bot.storage.sqlite.timefmt import utcnow


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="sortie JSON (comme /healthz)")
    parser.add_argument("--quiet", action="store_true", help="rien à l'écran, seulement le code de sortie")
    parser.add_argument(
        "--max-age",
        type=float,
        metavar="SECONDES",
        help="échec si la dernière conversation enregistrée est plus ancienne",
    )
    parser.set_defaults(func=run)


def corpus_check(settings: Settings) -> Check:
    """The corpus loads and validates; the place index is there, readable and built from the current data."""
    from bot.compose import load_served_corpus
    from bot.knowledge.geo import sources
    from bot.knowledge.geo.index import FORMAT_VERSION, read_header

    try:
        corpus = load_served_corpus(settings)
    except BotError as exc:
        return Check("corpus", False, str(exc).splitlines()[0])
    header = read_header(settings.index_path)
    if header is None or header[0] != FORMAT_VERSION:
        return Check(
            "corpus",
            False,
            f"index des lieux absent ou illisible ({settings.index_path}) : cap-quartiers geodata build",
        )
    detail = f"dialogue {corpus.dialog.version}, index des lieux {settings.index_path}"
    if not sources.missing_sources(settings.geodata_dir) and header[1] != sources.source_stamps(
        settings.geodata_dir
    ):
        detail += " (plus ancien que les données : il sera reconstruit au prochain démarrage)"
    return Check("corpus", True, detail)


def secret_check(path: Path) -> Check:
    if not path.is_file():
        return Check(
            "secret", False, f"{path} absent (créé au premier démarrage ; restaure-le s'il a existé)"
        )
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return Check(
            "secret", False, f"{path} lisible par d'autres comptes (mode {mode:o}) : chmod 600 {path}"
        )
    return Check("secret", True, f"{path} (mode {mode:o})")


def diagnose(settings: Settings, max_age: float | None = None, now: datetime | None = None) -> HealthReport:
    from bot.storage.sqlite.health import file_database_check

    database, last = file_database_check(settings.db_path)
    age = None if last is None else ((now or utcnow()) - last).total_seconds()
    return HealthReport(
        (
            database,
            corpus_check(settings),
            age_check(age, "conversation enregistrée", max_age),
            secret_check(settings.secret_path),
        )
    )


def run(args: argparse.Namespace) -> int:
    report = diagnose(Settings.from_env(), args.max_age)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif not args.quiet:
        print(report.as_text())
    return 0 if report.ok else 1
