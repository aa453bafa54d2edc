"""Pseudonymous user keys: HMAC-SHA256 of the Telegram id with a secret that never leaves the server.

The secret is generated with `secrets` on first run and written to ``settings.secret_path`` with mode 0600;
later runs load it. Without the secret, a key cannot be linked back to a Telegram id, even by someone who
tries every possible id. Losing the secret only means returning users are seen as new ones.

Keys are the first 32 hex characters (128 bits) of the HMAC: collisions stay negligible for any number of
users this bot will ever see (birthday bound ~2^64), and the shorter key keeps rows and indexes smaller."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

from bot.errors import StorageError

logger = logging.getLogger(__name__)

SECRET_BYTES = 32
KEY_HEX_CHARS = 32


class Pseudonymizer:
    """Turns a Telegram id into a stable pseudonymous key. The raw id is never stored anywhere."""

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise StorageError("Le secret de pseudonymisation est trop court (au moins 16 octets).")
        self._secret = secret

    def __repr__(self) -> str:
        return "Pseudonymizer(<secret>)"

    def key(self, telegram_user_id: int) -> str:
        digest = hmac.new(self._secret, str(int(telegram_user_id)).encode("ascii"), hashlib.sha256)
        return digest.hexdigest()[:KEY_HEX_CHARS]


def load_or_create_secret(path: Path) -> bytes:
    """Read the secret at ``path``; create it (mode 0600, parent directory included) when absent."""
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(SECRET_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it meanwhile: use theirs
        return _read_secret(path)
    except OSError as exc:
        raise StorageError(
            f"Impossible de créer le secret {path} ({exc.strerror}). "
            "Vérifie les droits du dossier ou choisis un autre chemin avec BOT_SECRET_PATH."
        ) from exc
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret.hex() + "\n")
    logger.info("pseudonymisation secret created: %s", path)
    return secret


def _read_secret(path: Path) -> bytes:
    raw = path.read_text(encoding="ascii").strip()
    try:
        secret = bytes.fromhex(raw)
    except ValueError:
        secret = b""
    if len(secret) < 16:
        raise StorageError(
            f"Le fichier secret {path} est illisible. Restaure-le depuis une sauvegarde ; le supprimer "
            "en crée un nouveau, mais les utilisateurs déjà vus deviendront de nouveaux utilisateurs."
        )
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        logger.warning("the secret %s is readable by other accounts (mode %o): chmod 600", path, mode)
    return secret
