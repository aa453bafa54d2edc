"""Start-up: load the compiled index, rebuilding it first when missing, stale or foreign."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from bot.errors import KnowledgeError
from bot.knowledge.geo import sources
from bot.knowledge.geo.aliases import read_aliases
from bot.knowledge.geo.index import FORMAT_VERSION, GeoIndex, build_index, load_index, save_index
from bot.knowledge.geo.resolver import Resolver

logger = logging.getLogger(__name__)


def missing_data_message(folder: Path, missing: list[str]) -> str:
    return (
        f"Données géographiques introuvables dans {folder} (manque : {', '.join(missing)}). "
        "Indique le dossier qui contient qpv_2024.csv, communes_france.csv… avec la variable "
        "BOT_GEODATA_DIR (exemple : export BOT_GEODATA_DIR=../shared/data), "
        "puis construis l'index : cap-quartiers geodata build"
    )


def rebuild(source: Path, index_path: Path) -> GeoIndex:
    index = build_index(source)
    save_index(index, index_path)
    logger.info("geodata index written to %s", index_path)
    return index


def current_index(geodata_dir: Path, index_path: Path) -> GeoIndex:
    """The index at ``index_path``, rebuilt from ``geodata_dir`` when it is missing or out of date.

    With no source data but a readable index of the right format, the index is used as is (a deployment
    may ship only the compiled index)."""
    missing = sources.missing_sources(geodata_dir)
    index: GeoIndex | None = None
    if index_path.is_file():
        try:
            index = load_index(index_path)
        except KnowledgeError as exc:
            logger.warning("%s", exc)
    if missing:
        if index is not None and index.format_version == FORMAT_VERSION:
            logger.warning(
                "geodata sources missing in %s, using the existing index %s", geodata_dir, index_path
            )
            return index
        raise KnowledgeError(missing_data_message(geodata_dir, missing))
    if index is not None and index.format_version == FORMAT_VERSION:
        if index.stamps == sources.source_stamps(geodata_dir):
            return index
        logger.info("geodata index %s is older than its sources: rebuilding", index_path)
    else:
        logger.info("geodata index %s missing or of another format: building it", index_path)
    return rebuild(geodata_dir, index_path)


def load_resolver(geodata_dir: Path, index_path: Path, knowledge_dir: Path) -> Resolver:
    """The place resolver: the index at ``index_path`` (rebuilt from ``geodata_dir`` when out of date)
    and the quartier aliases of ``knowledge_dir/quartiers.yaml``."""
    started = time.perf_counter()
    index = current_index(geodata_dir, index_path)
    aliases, problems = read_aliases(knowledge_dir)
    for problem in problems:
        logger.warning("%s", problem)
    resolver = Resolver(index, aliases)
    logger.info("place resolver ready in %.2f s", time.perf_counter() - started)
    return resolver
