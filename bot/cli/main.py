"""`cap-quartiers <command>`: one CLI, one module per command under `bot.cli`.

Each command module exposes ``register(parser)`` which adds its arguments and sets ``func`` to a
callable ``(args) -> int`` (the exit status). Only the module of the command being run is imported:
``cap-quartiers --help`` lists the commands from `COMMANDS` without importing any of them, so it loads
neither PTB, nor shapely, nor aiosqlite."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Mapping, Sequence

from bot.errors import BotError

# command name -> module under bot.cli that implements it
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("bot.cli.run", "lance le bot Telegram (sans jeton : le chat dans le terminal)"),
    "chat": ("bot.cli.chat", "parle au bot dans ce terminal (aperçu pour les conseillers)"),
    "validate": ("bot.cli.validate", "vérifie les dialogues et les connaissances"),
    "knowledge": ("bot.cli.knowledge", "relecture annuelle des connaissances : knowledge review"),
    "graph": ("bot.cli.graph", "dessine le dialogue (image svg, html ou Mermaid) ; --stats : les passages"),
    "test-dialogs": ("bot.cli.test_dialogs", "joue les scénarios écrits par les conseillers"),
    "geodata": ("bot.cli.geodata", "construit l'index local des QPV et des communes"),
    "place": ("bot.cli.place", "montre ce que le bot comprend d'un lieu"),
    "stats": ("bot.cli.stats", "statistiques d'usage (anonymes)"),
    "export": ("bot.cli.export", "exporte les événements (pseudonymes) en CSV"),
    "purge": ("bot.cli.purge", "efface ce qui dépasse la durée de conservation"),
    "storage": ("bot.cli.storage", "copie les données SQLite vers PostgreSQL (storage migrate --to URL)"),
    "backup": ("bot.cli.backup", "sauvegarde la base et le secret (même bot en marche)"),
    "restore": ("bot.cli.restore", "restaure une sauvegarde (bot arrêté)"),
    "doctor": ("bot.cli.doctor", "vérifie la santé du bot : base, corpus, dernière activité"),
    "admin": ("bot.cli.admin", "tableau de bord des administrateurs (navigateur, mot de passe)"),
}


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option), if any."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every command is listed; only ``command``'s module is imported, to add its arguments."""
    parser = argparse.ArgumentParser(prog="cap-quartiers", description="Cap Quartiers — bot d'orientation")
    parser.add_argument("-v", "--verbose", action="store_true", help="journal détaillé (DEBUG)")
    sub = parser.add_subparsers(dest="command", metavar="commande")
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:
            importlib.import_module(module_name).register(command_parser)
    return parser


LOG_LEVELS = {name: getattr(logging, name) for name in ("DEBUG", "INFO", "WARNING", "ERROR")}


def configure_logging(verbose: bool, env: Mapping[str, str] | None = None) -> int:
    """Root level from ``BOT_LOG_LEVEL`` (INFO when unset; an invalid value is reported by the settings
    check of the commands that read them), ``-v`` forcing DEBUG. Returns the level applied."""
    env = os.environ if env is None else env
    name = env.get("BOT_LOG_LEVEL", "").strip().upper()
    level = logging.DEBUG if verbose else LOG_LEVELS.get(name, logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)  # also when a handler was already installed
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    # At DEBUG python-telegram-bot dumps every update it receives (what people typed): never.
    logging.getLogger("telegram").setLevel(max(level, logging.INFO))
    return level


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(chosen_command(argv))
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except BotError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
