"""The open-data files the geodata index is compiled from (see ``SOURCES.md`` in the data folder).

Only reading and light typing happens here; the index module decides what to keep."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import KnowledgeError

COMMUNES_FILE = "communes_france.csv"
POSTCODES_FILE = "codes_postaux_communes.csv"
QPV_FILE = "qpv_2024.csv"
CONTOURS_FILE = "qpv_2024_contours.geojson"
SOURCE_FILES: tuple[str, ...] = (COMMUNES_FILE, POSTCODES_FILE, QPV_FILE, CONTOURS_FILE)


@dataclass(frozen=True, slots=True)
class CommuneRow:
    code_insee: str
    nom: str
    arrondissement: bool
    codes_postaux: tuple[str, ...]
    departement: str
    population: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class QpvRow:
    code_qpv: str
    nom_qpv: str
    departement: str
    communes: tuple[str, ...]  # INSEE codes, COG 2026
    lat: float
    lon: float


def missing_sources(folder: Path) -> list[str]:
    return [name for name in SOURCE_FILES if not (folder / name).is_file()]


def source_stamps(folder: Path) -> dict[str, list[int]]:
    """``{file name: [mtime_ns, size]}``: an index built from other files is stale."""
    stamps: dict[str, list[int]] = {}
    for name in SOURCE_FILES:
        stat = (folder / name).stat()
        stamps[name] = [stat.st_mtime_ns, stat.st_size]
    return stamps


def _rows(path: Path) -> Iterator[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise KnowledgeError(f"{path} : lecture impossible ({exc}).") from exc


def read_communes(folder: Path) -> list[CommuneRow]:
    out: list[CommuneRow] = []
    for row in _rows(folder / COMMUNES_FILE):
        if not row.get("lat") or not row.get("lon"):
            continue  # no centre: cannot serve a distance
        out.append(
            CommuneRow(
                code_insee=row["code_insee"],
                nom=row["nom"],
                arrondissement=row.get("type") == "arrondissement-municipal",
                codes_postaux=tuple(row.get("codes_postaux", "").split()),
                departement=row["departement_code"],
                population=int(row.get("population") or 0),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
        )
    return out


def read_postcodes(folder: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for row in _rows(folder / POSTCODES_FILE):
        table.setdefault(row["code_postal"], []).append(row["code_insee"])
    return table


def read_qpv(folder: Path) -> list[QpvRow]:
    out: list[QpvRow] = []
    for row in _rows(folder / QPV_FILE):
        communes = row.get("insee_communes_cog2026") or row.get("insee_communes") or ""
        out.append(
            QpvRow(
                code_qpv=row["code_qpv"],
                nom_qpv=row["nom_qpv"],
                departement=row["departement_code"],
                communes=tuple(code for code in communes.split(";") if code),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
        )
    return out


def read_contours(folder: Path) -> dict[str, dict[str, Any]]:
    """``{code_qpv: GeoJSON geometry}``."""
    path = folder / CONTOURS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KnowledgeError(f"{path} : lecture impossible ({exc}).") from exc
    return {
        str(feature["properties"]["code_qpv"]): feature["geometry"]
        for feature in data.get("features", [])
        if feature.get("geometry")
    }
