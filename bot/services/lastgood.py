"""The last good copy of the corpus: the files that last loaded without an error, kept under ``var/``.

Written after each successful load (start-up or reload), read at start-up when the corpus in ``dialogs/``
and ``knowledge/`` has errors, so the bot still starts — on the version residents were already using.

Layout: ``<folder>/dialogs/…`` and ``<folder>/knowledge/…`` (the corpus files only, same sub-folders) and
``<folder>/SAVED`` (when, in UTC). A new copy is written beside the old one and renamed into place; a copy
interrupted half-way is never read (the old one, renamed aside first, is used instead)."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.services.corpus import corpus_files, fingerprint

logger = logging.getLogger(__name__)

STAMP = "SAVED"


@dataclass(frozen=True, slots=True)
class LastGood:
    dialogs_dir: Path
    knowledge_dir: Path
    saved: str  # "2026-11-29 18:40 UTC", for the people told the bot runs on it


def _aside(folder: Path) -> Path:
    return folder.with_name(folder.name + ".old")


def _staging(folder: Path) -> Path:
    return folder.with_name(folder.name + ".new")


def find(folder: Path) -> LastGood | None:
    """The last good copy in ``folder`` (or the previous one, if a save was interrupted), else None."""
    for candidate in (folder, _aside(folder)):
        stamp = candidate / STAMP
        if stamp.is_file():
            return LastGood(
                candidate / "dialogs", candidate / "knowledge", stamp.read_text(encoding="utf-8").strip()
            )
    return None


def save(dialogs_dir: Path, knowledge_dir: Path, folder: Path, expected: str) -> bool:
    """Copy the corpus files to ``folder`` if they still have the fingerprint ``expected`` (what was just
    loaded); False when they changed meanwhile (the next reload saves them, if they are valid)."""
    staging = _staging(folder)
    shutil.rmtree(staging, ignore_errors=True)
    for label, source in (("dialogs", dialogs_dir), ("knowledge", knowledge_dir)):
        for path in corpus_files(source):
            target = staging / label / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        (staging / label).mkdir(parents=True, exist_ok=True)
    if fingerprint(staging / "dialogs", staging / "knowledge") != expected:
        shutil.rmtree(staging, ignore_errors=True)
        logger.info("corpus changed while it was loading: last good copy not updated")
        return False
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    (staging / STAMP).write_text(now + "\n", encoding="utf-8")
    aside = _aside(folder)
    shutil.rmtree(aside, ignore_errors=True)
    if folder.exists():
        folder.replace(aside)
    staging.replace(folder)
    shutil.rmtree(aside, ignore_errors=True)
    logger.debug("last good corpus copied to %s", folder)
    return True
