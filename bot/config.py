"""Typed settings read once from the environment. Nothing here touches disk or network at import.

Every problem names the variable and how to set it (French, because admins read it)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GEODATA_DIR = PROJECT_ROOT.parent / "shared" / "data"
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_API_BASE_FILE_URL = "https://api.telegram.org/file/bot"


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None = field(default=None, repr=False)  # never printed
    api_base_url: str = DEFAULT_API_BASE_URL
    api_base_file_url: str = DEFAULT_API_BASE_FILE_URL
    dialogs_dir: Path = PROJECT_ROOT / "dialogs"
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    geodata_dir: Path = DEFAULT_GEODATA_DIR
    index_path: Path = PROJECT_ROOT / "var" / "geodata.index"
    db_path: Path = PROJECT_ROOT / "var" / "bot.sqlite3"
    secret_path: Path = PROJECT_ROOT / "var" / "secret.key"
    admin_ids: frozenset[int] = frozenset()
    retention_events_days: int = 396  # 13 months
    retention_unmatched_days: int = 92  # 3 months
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    log_level: str = "INFO"
    # postgresql://user:password@host:5432/base : sessions and events in PostgreSQL instead of db_path
    database_url: str | None = field(default=None, repr=False)  # may carry a password
    # aggregates only (bot admin serves it); None: "stats.sqlite3" beside db_path
    stats_db_path: Path | None = None
    admin_password_hash: str | None = field(default=None, repr=False)  # bot admin --hash-password

    @property
    def stats_path(self) -> Path:
        """Aggregates database: ``BOT_STATS_DB_PATH``, else ``stats.sqlite3`` beside the bot's database."""
        return self.stats_db_path or self.db_path.with_name("stats.sqlite3")

    lexicon_path: Path = Path("/usr/share/dict/french")  # words kept in unmatched texts (Debian wfrench)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        problems: list[str] = []

        def path(name: str, default: Path) -> Path:
            raw = env.get(name, "").strip()
            return Path(raw).expanduser() if raw else default

        def integer(name: str, default: int, minimum: int = 0) -> int:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                value = int(raw)
            except ValueError:
                problems.append(f"{name}={raw!r} n'est pas un nombre entier. Exemple : {name}={default}")
                return default
            if value < minimum:
                problems.append(f"{name} doit valoir au moins {minimum} (reçu {value}).")
                return default
            return value

        admin_ids: set[int] = set()
        for part in env.get("BOT_ADMIN_IDS", "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if part.lstrip("-").isdigit():
                admin_ids.add(int(part))
            else:
                problems.append(
                    f"BOT_ADMIN_IDS contient {part!r}, qui n'est pas un identifiant Telegram numérique. "
                    "Exemple : BOT_ADMIN_IDS=123456789,987654321"
                )

        token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
        if token is not None and (":" not in token or not token.split(":", 1)[0].isdigit()):
            problems.append(
                "TELEGRAM_BOT_TOKEN ne ressemble pas à un jeton de bot (forme attendue : 123456:ABC-DEF…). "
                "Demande-le à @BotFather puis : export TELEGRAM_BOT_TOKEN=…"
            )
        log_level = env.get("BOT_LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            problems.append(f"BOT_LOG_LEVEL={log_level!r} : valeurs possibles DEBUG, INFO, WARNING, ERROR.")
            log_level = "INFO"

        var_dir = path("BOT_VAR_DIR", PROJECT_ROOT / "var")
        settings = cls(
            token=token,
            api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL,
            api_base_file_url=env.get("TELEGRAM_API_BASE_FILE_URL", "").strip() or DEFAULT_API_BASE_FILE_URL,
            dialogs_dir=path("BOT_DIALOGS_DIR", PROJECT_ROOT / "dialogs"),
            knowledge_dir=path("BOT_KNOWLEDGE_DIR", PROJECT_ROOT / "knowledge"),
            geodata_dir=path("BOT_GEODATA_DIR", DEFAULT_GEODATA_DIR),
            index_path=path("BOT_INDEX_PATH", var_dir / "geodata.index"),
            db_path=path("BOT_DB_PATH", var_dir / "bot.sqlite3"),
            secret_path=path("BOT_SECRET_PATH", var_dir / "secret.key"),
            admin_ids=frozenset(admin_ids),
            retention_events_days=integer("BOT_RETENTION_EVENTS_DAYS", 396, minimum=1),
            retention_unmatched_days=integer("BOT_RETENTION_UNMATCHED_DAYS", 92, minimum=1),
            webhook_url=env.get("BOT_WEBHOOK_URL", "").strip() or None,
            webhook_secret=env.get("BOT_WEBHOOK_SECRET", "").strip() or None,
            webhook_listen=env.get("BOT_WEBHOOK_LISTEN", "0.0.0.0").strip() or "0.0.0.0",
            webhook_port=integer("BOT_WEBHOOK_PORT", 8443, minimum=1),
            log_level=log_level,
            database_url=database_url(env, problems),
            stats_db_path=Path(raw).expanduser()
            if (raw := env.get("BOT_STATS_DB_PATH", "").strip())
            else None,
            admin_password_hash=env.get("BOT_ADMIN_PASSWORD_HASH", "").strip() or None,
            lexicon_path=path("BOT_LEXICON_PATH", Path("/usr/share/dict/french")),
        )
        if problems:
            raise ConfigError("Configuration invalide :\n  - " + "\n  - ".join(problems))
        return settings


def database_url(env: Mapping[str, str], problems: list[str]) -> str | None:
    """``BOT_DATABASE_URL``: empty for the SQLite file, else a ``postgresql://`` URL."""
    raw = env.get("BOT_DATABASE_URL", "").strip()
    if not raw:
        return None
    if not raw.startswith(("postgresql://", "postgres://")):
        problems.append(
            "BOT_DATABASE_URL doit être une adresse PostgreSQL, par exemple "
            "BOT_DATABASE_URL=postgresql://capquartiers:motdepasse@localhost:5432/capquartiers "
            "(laisse-la vide pour garder le fichier SQLite BOT_DB_PATH)."
        )
        return None
    return raw
