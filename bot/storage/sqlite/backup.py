"""Backup and restore of the bot's state: the SQLite database (through SQLite's online backup API, so the
copy is consistent even while the bot writes) and the pseudonymisation secret, plus a manifest.

A backup is a folder (mode 0700):

    bot.sqlite3      the database, one consistent snapshot, checked with PRAGMA integrity_check
    secret.key       the HMAC secret (mode 0600): without it, restored users are strangers
    sauvegarde.json  when, which schema, sizes and SHA-256 of both files (no personal data)

Restoring checks the manifest and the checksums, refuses to overwrite an existing database or secret unless
forced (then the old files are kept aside, never deleted), and removes stale ``-wal``/``-shm`` files that
would otherwise be replayed over the restored database."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.errors import StorageError
from bot.storage.sqlite.migrations import MIGRATIONS

logger = logging.getLogger(__name__)

DB_FILE = "bot.sqlite3"
SECRET_FILE = "secret.key"
MANIFEST_FILE = "sauvegarde.json"
FORMAT = 1
SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class BackupReport:
    folder: Path
    db_bytes: int
    sessions: int
    events: int
    migrations: tuple[str, ...]
    with_secret: bool


@dataclass(frozen=True, slots=True)
class RestoreReport:
    db_path: Path
    secret_path: Path | None
    set_aside: tuple[Path, ...]
    created_at: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 (never readable by others, even for a moment)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _check_copy(path: Path) -> tuple[int, int, tuple[str, ...]]:
    """Integrity check of a copied database; ``(sessions, events, migrations)``."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()
        if verdict is None or verdict[0] != "ok":
            raise StorageError(f"La copie {path} est abîmée (integrity_check : {verdict}).")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

        def count(table: str) -> int:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) if table in tables else 0

        migrations: tuple[str, ...] = ()
        if "schema_migrations" in tables:
            rows = conn.execute("SELECT name FROM schema_migrations ORDER BY rowid").fetchall()
            migrations = tuple(str(row[0]) for row in rows)
        return count("sessions"), count("events"), migrations


def backup(db_path: Path, secret_path: Path, dest: Path) -> BackupReport:
    """Write a backup folder at ``dest`` (which must not exist, or be empty)."""
    if not db_path.is_file():
        raise StorageError(
            f"Pas de base à sauvegarder : {db_path} n'existe pas (vérifie BOT_DB_PATH ou BOT_VAR_DIR)."
        )
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StorageError(f"{dest} existe déjà et n'est pas un dossier vide : choisis un nouveau dossier.")
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    dest.chmod(0o700)
    copy = dest / (DB_FILE + ".partiel")
    try:
        # One step (pages=-1) under one read transaction: a consistent snapshot; in WAL mode the bot keeps
        # writing meanwhile (readers never block the writer).
        with (
            contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)) as source,
            contextlib.closing(sqlite3.connect(copy)) as target,
        ):
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # a self-contained file, no -wal beside it
        copy.chmod(0o600)
        sessions, events, migrations = _check_copy(copy)
        copy.replace(dest / DB_FILE)
    except sqlite3.Error as exc:
        copy.unlink(missing_ok=True)
        raise StorageError(f"Sauvegarde de {db_path} impossible : {exc}") from exc
    files: dict[str, dict[str, Any]] = {DB_FILE: {"octets": (dest / DB_FILE).stat().st_size}}
    with_secret = secret_path.is_file()
    if with_secret:
        _write_private(dest / SECRET_FILE, secret_path.read_bytes())
        files[SECRET_FILE] = {"octets": (dest / SECRET_FILE).stat().st_size}
    else:
        logger.warning("no secret at %s: backup without secret.key", secret_path)
    for name, info in files.items():
        info["sha256"] = _sha256(dest / name)
    manifest = {
        "format": FORMAT,
        "application": "cap-quartiers",
        "cree_le": datetime.now(UTC).isoformat(timespec="seconds"),
        "migrations": list(migrations),
        "sessions": sessions,
        "evenements": events,
        "fichiers": files,
    }
    _write_private(dest / MANIFEST_FILE, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
    return BackupReport(dest, files[DB_FILE]["octets"], sessions, events, migrations, with_secret)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise StorageError(f"{folder} n'est pas une sauvegarde du bot ({MANIFEST_FILE} absent).") from exc
    except (OSError, ValueError) as exc:
        raise StorageError(f"{path} illisible ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StorageError(f"{path} : format de sauvegarde inconnu ({manifest.get('format')!r}).")
    files = manifest.get("fichiers")
    if not isinstance(files, dict) or DB_FILE not in files:
        raise StorageError(f"{path} : la liste des fichiers ne mentionne pas {DB_FILE}.")
    for name, info in files.items():
        actual = folder / name
        if not actual.is_file():
            raise StorageError(f"Sauvegarde incomplète : {actual} manque.")
        if _sha256(actual) != info.get("sha256"):
            raise StorageError(
                f"Sauvegarde altérée : l'empreinte de {actual} ne correspond pas au manifeste."
            )
    unknown = [name for name in manifest.get("migrations", []) if name not in {m.name for m in MIGRATIONS}]
    if unknown:
        raise StorageError(
            f"Cette sauvegarde vient d'une version plus récente du bot (migrations {', '.join(unknown)}) : "
            "mets le bot à jour avant de la restaurer."
        )
    return manifest


def _set_aside(path: Path, stamp: str) -> Path | None:
    if not path.exists():
        return None
    aside = path.with_name(f"{path.name}.avant-restauration-{stamp}")
    path.replace(aside)
    return aside


def restore(src: Path, db_path: Path, secret_path: Path, *, force: bool = False) -> RestoreReport:
    """Put the backup at ``src`` in place. Stop the bot first."""
    manifest = read_manifest(src)
    has_secret = SECRET_FILE in manifest["fichiers"]
    occupied = [p for p in (db_path, *(Path(f"{db_path}{s}") for s in SIDE_FILES)) if p.exists()]
    if has_secret and secret_path.exists():
        occupied.append(secret_path)
    if occupied and not force:
        raise StorageError(
            f"Restauration refusée : {', '.join(map(str, occupied))} existe déjà. Arrête le bot, puis "
            "relance avec --force pour remplacer (les fichiers actuels sont gardés à côté, suffixés "
            "« .avant-restauration-… »)."
        )
    _check_copy(src / DB_FILE)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staged = db_path.with_name(db_path.name + ".restauration")
    staged.unlink(missing_ok=True)
    _write_private(staged, (src / DB_FILE).read_bytes())
    aside = [_set_aside(p, stamp) for p in occupied]
    staged.replace(db_path)
    restored_secret: Path | None = None
    if has_secret:
        secret_path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(secret_path, (src / SECRET_FILE).read_bytes())
        restored_secret = secret_path
    return RestoreReport(
        db_path, restored_secret, tuple(p for p in aside if p is not None), str(manifest.get("cree_le", "?"))
    )
