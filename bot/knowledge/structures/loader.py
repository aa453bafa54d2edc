"""Start-up: every structure source merged into one finder."""

from __future__ import annotations

import logging
from datetime import date

from bot.base.problems import Severity
from bot.config import Settings
from bot.knowledge.structures.curated import read_curated
from bot.knowledge.structures.directories import Listed, read_directories
from bot.knowledge.structures.finder import Finder
from bot.knowledge.structures.importer import IMPORT_DIR, import_folder
from bot.knowledge.structures.merge import merge
from bot.knowledge.types import PlaceResolver, Structure

log = logging.getLogger(__name__)


def load_structures(settings: Settings, today: date | None = None) -> list[Structure]:
    """Curated YAML, then data·inclusion exports, then the data folder's directories, deduplicated."""
    entries, problems = read_curated(settings.knowledge_dir, today)
    for problem in problems:
        if problem.severity is Severity.ERROR:
            log.warning("%s", problem)
    curated = [Listed(s) for entry in entries for s in entry.structures]
    imported = import_folder(settings.geodata_dir / IMPORT_DIR)
    directories = read_directories(settings.geodata_dir)
    structures = merge(curated, imported, directories)
    log.info(
        "structures: %d curated, %d imported, %d from directories -> %d after deduplication",
        len(curated), len(imported), len(directories), len(structures),
    )  # fmt: skip
    return structures


def load_finder(settings: Settings, resolver: PlaceResolver | None = None) -> Finder:
    """The nearest-structure finder. ``resolver`` is accepted for future use (placing entries that have
    a commune but no coordinates); today every loaded structure carries its own coordinates."""
    del resolver
    finder = Finder(load_structures(settings))
    log.info("structure finder ready: %s", finder.reseaux())
    return finder
