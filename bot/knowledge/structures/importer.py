"""Importer for data·inclusion structure exports (JSON or CSV), so a deployment can load a complete,
current national directory.

Convention (no setting needed): drop the export files in ``$BOT_GEODATA_DIR/data-inclusion/``
(``*.json`` — a list of structures, or an object with ``items``/``structures``/``data`` — or ``*.csv``
with the data·inclusion column names). They are read at start-up like the other directories and never
committed. Only structures with coordinates and at least one known ``reseaux_porteurs`` id are kept."""

from __future__ import annotations

import csv
import json
import logging
import re
from pathlib import Path
from typing import Any

from bot.knowledge.structures.directories import Listed
from bot.knowledge.structures.fields import UNKNOWN_DATE, in_france
from bot.knowledge.structures.reseaux import KNOWN_RESEAUX
from bot.knowledge.types import Structure

logger = logging.getLogger(__name__)

IMPORT_DIR = "data-inclusion"
_LIST_SPLIT = re.compile(r"[,;|]")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _float(value: Any) -> float | None:
    try:
        return float(str(value).replace(",", ".")) if _text(value) is not None else None
    except ValueError:
        return None


def _reseaux(value: Any) -> list[str]:
    if isinstance(value, list):
        items = [str(v) for v in value]
    else:
        items = _LIST_SPLIT.split((_text(value) or "").strip("[]{}"))
    return [item.strip().strip("'\"") for item in items if item.strip().strip("'\"")]


def structures_from_record(record: dict[str, Any]) -> list[Listed]:
    """The structure(s) of one data·inclusion record: one per known network; [] when unusable."""
    lat, lon = _float(record.get("latitude")), _float(record.get("longitude"))
    nom, ident = _text(record.get("nom")), _text(record.get("id"))
    if lat is None or lon is None or not in_france(lat, lon) or nom is None or ident is None:
        return []
    source = _text(record.get("source")) or "data·inclusion"
    adresse = _text(record.get("adresse"))
    if adresse and (extra := _text(record.get("complement_adresse"))):
        adresse = f"{adresse}, {extra}"
    out = []
    for reseau in _reseaux(record.get("reseaux_porteurs")):
        if reseau not in KNOWN_RESEAUX:
            continue
        structure = Structure(
            id=f"data-inclusion:{ident}",
            nom=nom,
            reseau=reseau,
            source=f"data·inclusion ({source})"
            + (f" {link}" if (link := _text(record.get("lien_source"))) else ""),
            date_maj=(_text(record.get("date_maj")) or UNKNOWN_DATE)[:10],
            confiance="moyenne",
            adresse=adresse,
            code_postal=_text(record.get("code_postal")),
            commune=_text(record.get("commune")),
            code_insee=_text(record.get("code_insee")),
            lat=lat,
            lon=lon,
            approximate_position=False,
            telephone=_text(record.get("telephone")),
            site_web=_text(record.get("site_web")),
            horaires_accueil=_text(record.get("horaires_accueil")),
        )
        out.append(Listed(structure, _text(record.get("siret"))))
    return out


def _records(path: Path) -> list[dict[str, Any]]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("items") or data.get("structures") or data.get("data") or []
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def import_file(path: Path) -> list[Listed]:
    records = _records(path)
    out = [listed for record in records for listed in structures_from_record(record)]
    logger.info("data·inclusion import %s: %d records, %d structures kept", path, len(records), len(out))
    return out


def import_folder(folder: Path) -> list[Listed]:
    """Every ``*.json`` / ``*.csv`` export of the folder (none when the folder does not exist)."""
    if not folder.is_dir():
        return []
    out: list[Listed] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in {".json", ".csv"}:
            continue
        try:
            out.extend(import_file(path))
        except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
            logger.warning("data·inclusion export %s unreadable, skipped: %s", path, exc)
    return out
