"""`cap-quartiers chat [--dialog FILE]`: talk to the bot in this terminal (no token, no network)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Settings
from bot.console.chat import run_chat


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dialog", type=Path, help="un autre fichier de dialogue (pour essayer une modification)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return run_chat(Settings.from_env(), args.dialog)
