"""`cap-quartiers backup DEST`: a consistent copy of the database and of the secret, while the bot runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Settings
from bot.storage.sqlite.backup import backup


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dest", type=Path, help="dossier de la sauvegarde (nouveau, ou vide)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    report = backup(settings.db_path, settings.secret_path, args.dest)
    print(
        f"Sauvegarde écrite dans {report.folder} : base de {report.db_bytes} octets "
        f"({report.sessions} conversations, {report.events} événements), "
        f"{'secret inclus' if report.with_secret else 'SANS secret (aucun secret trouvé)'}."
    )
    print("Garde ce dossier à l'abri : le secret permet de relier les clés pseudonymes aux comptes.")
    return 0
