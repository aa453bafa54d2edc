"""Does a downloaded file look like the one the bot was written for? Size bounds, checksum, format and the
columns the code reads. Each problem is a French sentence naming what differs."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from bot.opendata.manifest import FileSpec

CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _csv_problems(path: Path, spec: FileSpec) -> list[str]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            first = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        return [f"ce n'est plus un CSV UTF-8 lisible ({exc})"]
    if not header:
        return ["le fichier est vide (pas de ligne d'en-tête)"]
    missing = [column for column in spec.columns if column not in header]
    problems = []
    if missing:
        problems.append(
            f"colonnes attendues absentes : {', '.join(missing)} (en-tête reçu : {', '.join(header[:12])}"
            f"{'…' if len(header) > 12 else ''})"
        )
    if first is None:
        problems.append("aucune ligne de données après l'en-tête")
    return problems


def _geojson_problems(path: Path, spec: FileSpec) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return [f"ce n'est plus un GeoJSON lisible ({exc})"]
    features = data.get("features") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(features, list)
    ):
        return ["un GeoJSON « FeatureCollection » avec une liste « features » est attendu"]
    if not features:
        return ["la collection ne contient aucune entité"]
    first = features[0] if isinstance(features[0], dict) else {}
    properties = first.get("properties") or {}
    missing = [column for column in spec.columns if column not in properties]
    problems = []
    if missing:
        problems.append(f"propriétés attendues absentes : {', '.join(missing)}")
    if not isinstance(first.get("geometry"), dict):
        problems.append("la première entité n'a pas de géométrie")
    return problems


def file_problems(path: Path, spec: FileSpec) -> list[str]:
    """Every way ``path`` differs from what ``spec`` expects (empty: the file is fine)."""
    size = path.stat().st_size
    if not spec.min_bytes <= size <= spec.max_bytes:
        return [f"taille inattendue : {size} octets (attendu entre {spec.min_bytes} et {spec.max_bytes})"]
    if spec.sha256 is not None:
        actual = sha256_of(path)
        if actual != spec.sha256:
            return [f"empreinte SHA-256 différente ({actual[:16]}… au lieu de {spec.sha256[:16]}…)"]
    if spec.format == "csv":
        return _csv_problems(path, spec)
    return _geojson_problems(path, spec)
