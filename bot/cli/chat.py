"""`cap-quartiers chat [--dialog FILE] [--from NOEUD] [--set VARIABLE=VALEUR …]`: talk to the bot in this
terminal (no token, no network), from the start or from one node with answers already given."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Settings
from bot.console.chat import run_chat
from bot.console.preset import parse_sets


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dialog", type=Path, help="un autre fichier de dialogue (pour essayer une modification)"
    )
    parser.add_argument(
        "--from",
        dest="start",
        metavar="NOEUD",
        help="commence à ce nœud (pour essayer une branche), avec les réponses données par --set",
    )
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="VARIABLE=VALEUR",
        help="une réponse déjà donnée : age=18_25 (id du choix), lieu=59512 (code INSEE, code QPV ou nom)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return run_chat(Settings.from_env(), args.dialog, args.start, parse_sets(args.sets))
