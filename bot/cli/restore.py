"""`cap-quartiers restore SRC [--force]`: put a backup (`cap-quartiers backup`) back in place."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Settings
from bot.storage.sqlite.backup import restore


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src", type=Path, help="dossier d'une sauvegarde")
    parser.add_argument(
        "--force",
        action="store_true",
        help="remplacer la base et le secret existants (gardés à côté, suffixés .avant-restauration-…)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    report = restore(args.src, settings.db_path, settings.secret_path, force=args.force)
    print(f"Sauvegarde du {report.created_at} restaurée : base {report.db_path}")
    if report.secret_path is not None:
        print(f"Secret restauré : {report.secret_path} (mode 600)")
    else:
        print(
            "Attention : la sauvegarde ne contenait pas de secret ; "
            "les utilisateurs seront vus comme nouveaux."
        )
    for path in report.set_aside:
        print(f"Ancien fichier gardé : {path}")
    print("Tu peux relancer le bot.")
    return 0
