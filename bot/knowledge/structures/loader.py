"""Start-up: every structure source merged into one finder."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from bot.base.problems import Severity
from bot.knowledge.structures.curated import read_curated
from bot.knowledge.structures.directories import Listed, read_directories
from bot.knowledge.structures.finder import Finder
from bot.knowledge.structures.importer import IMPORT_DIR, import_folder
from bot.knowledge.structures.merge import merge
from bot.knowledge.types import PlaceResolver, Structure

logger = logging.getLogger(__name__)


def load_structures(knowledge_dir: Path, geodata_dir: Path, today: date | None = None) -> list[Structure]:
    """Curated YAML (``knowledge_dir/structures``), then data·inclusion exports, then the directories of
    ``geodata_dir``, deduplicated."""
    entries, problems = read_curated(knowledge_dir, today)
    for problem in problems:
        if problem.severity is Severity.ERROR:
            logger.warning("%s", problem)
    curated = [Listed(s) for entry in entries for s in entry.structures]
    imported = import_folder(geodata_dir / IMPORT_DIR)
    directories = read_directories(geodata_dir)
    structures = merge(curated, imported, directories)
    logger.info(
        "structures: %d curated, %d imported, %d from directories -> %d after deduplication",
        len(curated), len(imported), len(directories), len(structures),
    )  # fmt: skip
    return structures


def load_finder(knowledge_dir: Path, geodata_dir: Path, resolver: PlaceResolver | None = None) -> Finder:
    """The nearest-structure finder. ``resolver`` is accepted for future use (placing entries that have
    a commune but no coordinates); today every loaded structure carries its own coordinates."""
    del resolver
    finder = Finder(load_structures(knowledge_dir, geodata_dir))
    logger.info("structure finder ready: %s", finder.reseaux())
    return finder
