"""One resumable download: HTTP ``Range`` from the partial file's size, checked against the server's
validator (``If-Range`` with the ETag or Last-Modified seen first), so a file changed upstream in the
meantime is downloaded again from the start instead of being spliced."""

from __future__ import annotations

import json
import logging
import re
import shutil
import sys
import time
from pathlib import Path
from typing import TextIO

import httpx

from bot.errors import KnowledgeError

logger = logging.getLogger(__name__)

CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


class FetchError(KnowledgeError):
    """A file could not be downloaded or is not what the manifest describes."""


class Progress:
    """Progress on stderr: a line redrawn in place on a terminal, a start and an end line otherwise."""

    def __init__(self, name: str, stream: TextIO | None = None, interval: float = 0.2) -> None:
        self.name = name
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval
        self.done = 0
        self.total: int | None = None
        self._last = 0.0

    def start(self, done: int, total: int | None) -> None:
        self.done, self.total = done, total
        resumed = f", reprise à {_size(done)}" if done else ""
        known = _size(total) if total is not None else "taille inconnue"
        self._write(f"{self.name} : téléchargement ({known}{resumed})", final=not self.tty)

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if self.tty and now - self._last >= self.interval:
            self._last = now
            self._write(self._line(), final=False)

    def finish(self) -> None:
        self._write(self._line() + " ✓", final=True)

    def _line(self) -> str:
        if self.total:
            share = min(100, self.done * 100 // self.total)
            filled = share // 5
            bar = "█" * filled + "·" * (20 - filled)
            return f"{self.name} [{bar}] {share:3d} % ({_size(self.done)} / {_size(self.total)})"
        return f"{self.name} : {_size(self.done)}"

    def _write(self, text: str, *, final: bool) -> None:
        if self.tty:
            self.stream.write("\r\033[K" + text + ("\n" if final else ""))
        elif final:
            self.stream.write(text + "\n")
        self.stream.flush()


def _size(count: int | None) -> str:
    if count is None:
        return "?"
    if count < 1024:
        return f"{count} octets"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} Ko".replace(".", ",")
    return f"{count / (1024 * 1024):.1f} Mo".replace(".", ",")


def _validator_path(part: Path) -> Path:
    return part.with_name(part.name + ".json")


def _read_validator(part: Path) -> str | None:
    try:
        data = json.loads(_validator_path(part).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("validator") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


def _write_validator(part: Path, response: httpx.Response) -> None:
    etag = response.headers.get("etag")
    validator = etag if etag and not etag.startswith("W/") else response.headers.get("last-modified")
    path = _validator_path(part)
    if validator:
        path.write_text(json.dumps({"validator": validator}), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def discard_partial(part: Path) -> None:
    part.unlink(missing_ok=True)
    _validator_path(part).unlink(missing_ok=True)


def _unreachable(name: str, url: str, reason: str, part: Path) -> FetchError:
    kept = (
        f" Le fichier partiel ({_size(part.stat().st_size)}) est gardé : relance la commande pour reprendre."
        if part.is_file() and part.stat().st_size
        else ""
    )
    return FetchError(
        f"{name} : téléchargement impossible depuis {url} ({reason}). Vérifie l'adresse (BOT_GEODATA_URL ou "
        f"--from) et la connexion, puis relance « cap-quartiers geodata fetch ».{kept}"
    )


def download(
    client: httpx.Client,
    name: str,
    url: str,
    part: Path,
    stream: TextIO | None = None,
    *,
    retried: bool = False,
) -> None:
    """Download ``url`` into ``part``, resuming from what ``part`` already holds. Raises FetchError."""
    part.parent.mkdir(parents=True, exist_ok=True)
    offset = part.stat().st_size if part.is_file() else 0
    headers = {"Accept-Encoding": "identity"}  # byte ranges must count the bytes of the file itself
    validator = _read_validator(part) if offset else None
    if offset:
        headers["Range"] = f"bytes={offset}-"
        if validator:
            headers["If-Range"] = validator
    progress = Progress(name, stream)
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 416 and response.headers.get("content-range") == f"bytes */{offset}":
                return  # the partial file is already whole (stopped between download and move)
            if response.status_code == 416 and not retried:
                # the partial file does not fit the current one (changed upstream): start again
                discard_partial(part)
                response.close()
                download(client, name, url, part, stream, retried=True)
                return
            if response.status_code == 206:
                match = CONTENT_RANGE.fullmatch(response.headers.get("content-range", ""))
                if match is None or int(match.group(1)) != offset:
                    raise FetchError(
                        f"{name} : le serveur {url} a répondu à une reprise par une plage inattendue "
                        f"({response.headers.get('content-range')!r}). "
                        "Supprime le dossier .partiel et relance."
                    )
                total = int(match.group(3)) if match.group(3) != "*" else None
                mode = "ab"
            elif response.status_code == 200:
                offset = 0
                length = response.headers.get("content-length")
                total = int(length) if length and length.isdigit() else None
                mode = "wb"
                _write_validator(part, response)
            else:
                raise FetchError(
                    f"{name} : {url} répond « {response.status_code} {response.reason_phrase} ». "
                    "Le fichier a peut-être été déplacé par son éditeur : vérifie l'adresse dans le "
                    "manifeste (bot/opendata/manifest.yaml) ou BOT_GEODATA_URL."
                )
            progress.start(offset, total)
            with part.open(mode) as out:
                for chunk in response.iter_bytes():  # as received: nothing buffered is lost on a cut
                    out.write(chunk)
                    progress.advance(len(chunk))
    except httpx.TimeoutException as exc:
        raise _unreachable(name, url, f"délai dépassé : {type(exc).__name__}", part) from exc
    except httpx.TransportError as exc:
        raise _unreachable(name, url, str(exc) or type(exc).__name__, part) from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"{name} : adresse invalide {url!r} ({exc}).") from exc
    progress.finish()


def copy_local(name: str, source: Path, part: Path) -> None:
    """``--from DIR``: the same file from a local folder (a USB key, a mounted share)."""
    if not source.is_file():
        raise FetchError(f"{name} : introuvable dans {source.parent} (attendu : {source}).")
    part.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, part)
