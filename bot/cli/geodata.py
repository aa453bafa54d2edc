"""`python -m bot geodata build [--source DIR] [--output FILE]`: compile the local geodata index."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bot.config import Settings
from bot.knowledge.geo import sources
from bot.knowledge.geo.index import build_index, save_index
from bot.knowledge.geo.loader import missing_data_message


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["build"], help="build : (re)construit l'index")
    parser.add_argument("--source", type=Path, help="dossier des données ouvertes (défaut : BOT_GEODATA_DIR)")
    parser.add_argument(
        "--output", type=Path, help="fichier d'index (défaut : BOT_INDEX_PATH ou var/geodata.index)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    source: Path = args.source or settings.geodata_dir
    output: Path = args.output or settings.index_path
    missing = sources.missing_sources(source)
    if missing:
        print(missing_data_message(source, missing))
        return 1
    started = time.perf_counter()
    index = build_index(source)
    save_index(index, output)
    print(
        f"Index construit en {time.perf_counter() - started:.1f} s : {len(index.communes)} communes, "
        f"{len(index.postcodes)} codes postaux, {len(index.qpvs)} QPV -> {output}"
    )
    return 0
