"""`cap-quartiers admin [--port 8001]`: the admins' dashboard on 127.0.0.1, with a password.

Serves only the aggregates database (``BOT_STATS_DB_PATH``, counts already cut below five), opened
immutable — the bot keeps rebuilding it every hour next to it — never the bot's own database. Needs the
optional extra: ``pip install '.[admin]'``. ``--hash-password`` prints the hash to put in
``BOT_ADMIN_PASSWORD_HASH``."""

from __future__ import annotations

import argparse
import getpass
import json
import secrets
import sys
import tempfile
from pathlib import Path

from bot.config import Settings
from bot.errors import ConfigError

HOST = "127.0.0.1"
DEFAULT_PORT = 8001
PLUGINS_DIR = Path(__file__).resolve().parent.parent / "admin" / "datasette_plugins"
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "admin" / "templates"  # the login page in French
MISSING_EXTRA = (
    "le tableau de bord a besoin de l'option « admin » : pip install '.[admin]' "
    "(Datasette, datasette-dashboards, datasette-auth-passwords)."
)


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"défaut : {DEFAULT_PORT}")
    parser.add_argument(
        "--hash-password",
        action="store_true",
        help="demande un mot de passe et affiche la valeur à mettre dans BOT_ADMIN_PASSWORD_HASH",
    )
    parser.set_defaults(func=run)


def _read_password() -> str:
    if not sys.stdin.isatty():  # piped: the first line
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Encore une fois : ") != first:
        raise ConfigError("Les deux mots de passe sont différents. Recommence.")
    return first


def hash_password(password: str) -> str:
    try:
        from datasette_auth_passwords.utils import hash_password as pbkdf2
    except ModuleNotFoundError:
        raise ConfigError(MISSING_EXTRA) from None
    if len(password) < 12:
        raise ConfigError("Mot de passe trop court : au moins 12 caractères.")
    return str(pbkdf2(password))


def serve_args(settings: Settings, metadata_path: Path, port: int) -> list[str]:
    """The ``datasette serve`` arguments (public for the tests)."""
    stats = settings.stats_path.resolve()
    if stats == settings.db_path.resolve():
        raise ConfigError(
            "BOT_STATS_DB_PATH ne doit pas être la base du bot (BOT_DB_PATH) : elle n'est jamais servie."
        )
    return [
        "serve",
        "--immutable",
        str(stats),
        "--host",
        HOST,
        "--port",
        str(port),
        "--metadata",
        str(metadata_path),
        "--plugins-dir",
        str(PLUGINS_DIR),
        "--template-dir",
        str(TEMPLATES_DIR),
        "--secret",
        secrets.token_hex(32),
        "--setting",
        "sql_time_limit_ms",
        "3000",
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "default_cache_ttl",
        "0",
        # each Database owns its connection, so the reload plugin can swap in a rebuilt file
        "--setting",
        "num_sql_threads",
        "0",
    ]


def check(settings: Settings) -> None:
    if not settings.admin_password_hash:
        raise ConfigError(
            "BOT_ADMIN_PASSWORD_HASH manquant. Crée-le avec : cap-quartiers admin --hash-password "
            "puis : export BOT_ADMIN_PASSWORD_HASH='…' (identifiant de connexion : admin)."
        )
    if settings.admin_password_hash.count("$") != 3:
        raise ConfigError(
            "BOT_ADMIN_PASSWORD_HASH ne ressemble pas à un hash (pbkdf2_sha256$…) : regénère-le."
        )
    if not settings.stats_path.is_file():
        raise ConfigError(
            f"Base d'agrégats introuvable : {settings.stats_path}. Le bot la reconstruit chaque heure ; "
            "pour la créer tout de suite : cap-quartiers stats --build"
        )


def run(args: argparse.Namespace) -> int:
    if args.hash_password:
        print(hash_password(_read_password()))
        return 0
    settings = Settings.from_env()
    check(settings)
    try:
        from datasette.cli import cli
    except ModuleNotFoundError:
        raise ConfigError(MISSING_EXTRA) from None
    from bot.admin.dashboard import metadata

    with tempfile.TemporaryDirectory(prefix="cap-admin-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata(), ensure_ascii=False), encoding="utf-8")
        print(
            f"Tableau de bord : http://{HOST}:{args.port}/-/dashboards/usage (identifiant : admin)",
            flush=True,
        )
        cli.main(serve_args(settings, metadata_path, args.port), prog_name="datasette", standalone_mode=False)
    return 0
