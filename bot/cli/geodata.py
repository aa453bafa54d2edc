"""`cap-quartiers geodata build|fetch`: compile the local geodata index, or download the open data first.

- ``build [--source DIR] [--output FILE]``: (re)build the index from the data folder.
- ``fetch [--dest DIR] [--from URL|DIR] [--force] [--no-build]``: download every file of the manifest
  (``bot/opendata/manifest.yaml``), resumable and checked, then build the index."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bot.config import Settings
from bot.knowledge.geo import sources
from bot.knowledge.geo.index import build_index, save_index
from bot.knowledge.geo.loader import missing_data_message

GEODATA_URL_VARIABLE = "BOT_GEODATA_URL"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=["build", "fetch"],
        help="build : (re)construit l'index ; fetch : télécharge les données ouvertes puis construit l'index",
    )
    parser.add_argument("--source", type=Path, help="build : dossier des données (défaut : BOT_GEODATA_DIR)")
    parser.add_argument(
        "--output", type=Path, help="fichier d'index (défaut : BOT_INDEX_PATH ou var/geodata.index)"
    )
    parser.add_argument(
        "--dest", type=Path, help="fetch : dossier où ranger les données (défaut : BOT_GEODATA_DIR)"
    )
    parser.add_argument(
        "--from",
        dest="origin",
        metavar="URL|DOSSIER",
        help=f"fetch : miroir des fichiers (défaut : {GEODATA_URL_VARIABLE}), ou un dossier local",
    )
    parser.add_argument("--manifest", type=Path, help="fetch : un autre manifeste que celui du paquet")
    parser.add_argument("--force", action="store_true", help="fetch : retélécharger même les fichiers à jour")
    parser.add_argument("--no-build", action="store_true", help="fetch : ne pas construire l'index ensuite")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.action == "fetch":
        return fetch(args, settings)
    return build(args.source or settings.geodata_dir, args.output or settings.index_path)


def build(source: Path, output: Path) -> int:
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


def fetch(args: argparse.Namespace, settings: Settings) -> int:
    from bot.opendata.fetch import Source, fetch_all
    from bot.opendata.manifest import DEFAULT_MANIFEST, load_manifest

    manifest = load_manifest(args.manifest or DEFAULT_MANIFEST)
    dest: Path = args.dest or settings.geodata_dir
    source = Source.parse(args.origin or os.environ.get(GEODATA_URL_VARIABLE, "").strip() or None)
    relative = [spec for spec in manifest.files if "://" not in source.describe(spec, manifest)]
    if relative:
        from bot.opendata.fetch import no_source_message

        print(f"Erreur : {no_source_message(relative[0])}", file=sys.stderr)
        return 1
    print(f"Données ouvertes -> {dest} ({len(manifest.files)} fichiers, manifeste {manifest.path})")
    outcomes = fetch_all(manifest, source, dest, force=args.force)
    failed = [o for o in outcomes if o.error]
    for outcome in outcomes:
        mark = "✗" if outcome.error else "✓"
        print(f"  {mark} {outcome.name} : {outcome.status}{'' if outcome.required else ' (facultatif)'}")
    for outcome in failed:
        print(f"Erreur : {outcome.error}", file=sys.stderr)
    if any(o.required for o in failed):
        print(
            "Index non construit : un fichier indispensable manque. Corrige l'erreur puis relance.",
            file=sys.stderr,
        )
        return 1
    if not args.no_build:
        status = build(dest, args.output or settings.index_path)
        if status:
            return status
    if dest.resolve() != settings.geodata_dir.resolve():
        print(f"Pour que le bot lise ce dossier : export BOT_GEODATA_DIR={dest}")
    return 1 if failed else 0
