"""The compiled geodata index: communes, postcodes, QPV and their contours, in one local file.

Format (chosen to load fast and never execute code): one UTF-8 JSON document, columnar (one list per
field, which is smaller and faster to parse than a list of objects). Numbers are packed arrays (base64
of little-endian int32/float64, see ``stored``: one JSON string instead of 35,000 numbers to parse), the
département of a commune is a position in a small table (one shared string per département), QPV contours
are base64 WKB that shapely decodes in one vectorised call. It records ``FORMAT_VERSION`` (bumped with the
layout or the key rules) and the size and mtime of every source file, so a stale or foreign index is
rebuilt. The file is written to a temporary name then renamed, so a reader never sees half an index.

Communes and QPV are named tuples, not dataclasses: 35,000 of them are made at each start, and a tuple is
made in one C call (a frozen dataclass sets each field through ``object.__setattr__``: 3 to 5 times
slower) and is smaller."""

from __future__ import annotations

import base64
import json
import logging
import math
import os
import time
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import shapely

from bot.base.memory import gc_paused
from bot.errors import KnowledgeError
from bot.knowledge.geo import sources
from bot.knowledge.geo.keys import KEY_VERSION, compact_key, place_key
from bot.knowledge.geo.names import rows_of
from bot.knowledge.geo.stored import pack, prepared_document, prepared_from_document, unpack
from bot.knowledge.geo.tables import TABLES_VERSION, Prepared, prepare

logger = logging.getLogger(__name__)

# 1xx: the index without its name tables (rebuilt at each start); 2xxyy: with them (tables version xx,
# key version yy); 3xxyy: the same, numbers packed and entries by position. An index of another format is
# rebuilt automatically.
FORMAT_VERSION = 30_000 + 100 * TABLES_VERSION + KEY_VERSION


class Commune(NamedTuple):
    code_insee: str
    nom: str
    arrondissement: bool
    codes_postaux: tuple[str, ...]
    departement: str
    population: int
    lat: float
    lon: float
    key: str
    compact: str


class Qpv(NamedTuple):
    code_qpv: str
    nom_qpv: str
    departement: str
    communes: tuple[str, ...]
    commune: str  # main commune: the listed commune whose centre is nearest to the QPV point
    lat: float
    lon: float
    keys: tuple[str, ...]  # full name, then each part of a "A - B - C" name
    compact: str


@dataclass(frozen=True, slots=True)
class GeoIndex:
    format_version: int
    stamps: dict[str, list[int]]
    communes: tuple[Commune, ...]
    postcodes: dict[str, tuple[str, ...]]
    qpvs: tuple[Qpv, ...]
    contours_wkb: tuple[bytes | None, ...]  # aligned with qpvs
    prepared: Prepared  # the name tables of the resolver, without the quartier aliases


def _squared(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return dx * dx + (lat2 - lat1) ** 2


def qpv_keys(nom: str) -> tuple[str, ...]:
    keys = [place_key(nom)]
    parts = [place_key(part) for part in nom.replace("–", " - ").split(" - ")]
    keys.extend(part for part in parts if part and part not in keys)
    return tuple(key for key in keys if key)


def _geometry_wkb(geometry: dict[str, Any] | None) -> bytes | None:
    if geometry is None:
        return None
    shape = shapely.geometry.shape(geometry)
    if not shape.is_valid:
        shape = shapely.make_valid(shape)  # QN05602M is self-intersecting (SOURCES.md §2)
    return bytes(shapely.to_wkb(shape))


def build_index(folder: Path) -> GeoIndex:
    """Compile the index from the data folder. Raises KnowledgeError when files are missing."""
    missing = sources.missing_sources(folder)
    if missing:
        raise KnowledgeError(
            f"Données géographiques absentes dans {folder} : {', '.join(missing)}. "
            "Indique le dossier des données avec BOT_GEODATA_DIR (voir SOURCES.md), "
            "puis lance : cap-quartiers geodata build"
        )
    started = time.perf_counter()
    rows = sources.read_communes(folder)
    communes = tuple(
        Commune(
            r.code_insee,
            r.nom,
            r.arrondissement,
            r.codes_postaux,
            r.departement,
            r.population,
            r.lat,
            r.lon,
            place_key(r.nom),
            compact_key(r.nom),
        )
        for r in rows
    )
    by_code = {c.code_insee: c for c in communes}
    postcodes = {
        code: tuple(c for c in codes if c in by_code)
        for code, codes in sources.read_postcodes(folder).items()
    }
    contours = sources.read_contours(folder)
    qpvs: list[Qpv] = []
    wkbs: list[bytes | None] = []
    for q in sources.read_qpv(folder):
        listed = [by_code[c] for c in q.communes if c in by_code]
        main = min(listed, key=lambda c: _squared(q.lat, q.lon, c.lat, c.lon)).code_insee if listed else ""
        keys, compact = qpv_keys(q.nom_qpv), compact_key(q.nom_qpv)
        qpvs.append(Qpv(q.code_qpv, q.nom_qpv, q.departement, q.communes, main, q.lat, q.lon, keys, compact))
        wkbs.append(_geometry_wkb(contours.get(q.code_qpv)))
    prepared = prepare(communes, qpvs)
    logger.info(
        "index built from %s: %d communes, %d postcodes, %d QPV (%d contours) in %.2f s",
        folder,
        len(communes),
        len(postcodes),
        len(qpvs),
        sum(w is not None for w in wkbs),
        time.perf_counter() - started,
    )
    return GeoIndex(
        FORMAT_VERSION, sources.source_stamps(folder), communes, postcodes, tuple(qpvs), tuple(wkbs), prepared
    )


def save_index(index: GeoIndex, path: Path) -> None:
    c, q = index.communes, index.qpvs
    departements = sorted({x.departement for x in c})
    dep_pos = {dep: i for i, dep in enumerate(departements)}
    document = {
        "format_version": index.format_version,
        "stamps": index.stamps,
        "communes": {
            "code_insee": [x.code_insee for x in c],
            "nom": [x.nom for x in c],
            "arrondissement": pack(array("i", (int(x.arrondissement) for x in c))),
            "codes_postaux": [" ".join(x.codes_postaux) for x in c],
            "departements": departements,
            "departement": pack(array("i", (dep_pos[x.departement] for x in c))),
            "population": pack(array("q", (x.population for x in c))),
            "lat": pack(array("d", (x.lat for x in c))),
            "lon": pack(array("d", (x.lon for x in c))),
            "key": [x.key for x in c],
            "compact": [x.compact for x in c],
        },
        "postcodes": {code: " ".join(codes) for code, codes in index.postcodes.items()},
        "qpv": {
            "code_qpv": [x.code_qpv for x in q],
            "nom_qpv": [x.nom_qpv for x in q],
            "departement": [x.departement for x in q],
            "communes": [" ".join(x.communes) for x in q],
            "commune": [x.commune for x in q],
            "lat": pack(array("d", (x.lat for x in q))),
            "lon": pack(array("d", (x.lon for x in q))),
            "keys": [list(x.keys) for x in q],
            "compact": [x.compact for x in q],
            "wkb": [base64.b64encode(w).decode("ascii") if w else "" for w in index.contours_wkb],
        },
        "tables": prepared_document(index.prepared, [x.code_insee for x in c]),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)


def read_header(path: Path) -> tuple[int, dict[str, list[int]]] | None:
    """(format version, source stamps) of an index file, or None when it is unreadable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return int(document["format_version"]), dict(document["stamps"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_index(path: Path) -> GeoIndex:
    try:
        with gc_paused():
            document = json.loads(path.read_bytes())
            return _from_document(document)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise KnowledgeError(
            f"Index géographique illisible : {path} ({exc}). Reconstruis-le : cap-quartiers geodata build"
        ) from exc


def _from_document(document: dict[str, Any]) -> GeoIndex:
    if document.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"format {document.get('format_version')} au lieu de {FORMAT_VERSION}")
    c = document["communes"]
    columns = {
        "code_insee": c["code_insee"],
        "nom": c["nom"],
        "arrondissement": unpack("i", c["arrondissement"]),
        "codes_postaux": c["codes_postaux"],
        "departement": unpack("i", c["departement"]),
        "population": unpack("q", c["population"]),
        "lat": unpack("d", c["lat"]),
        "lon": unpack("d", c["lon"]),
        "key": c["key"],
        "compact": c["compact"],
    }
    departements = [str(dep) for dep in c["departements"]]
    if columns["departement"] and min(columns["departement"]) < 0:
        raise ValueError("département hors de la table")
    # one C-level pass per column, then one tuple per commune (no Python code per commune)
    communes = tuple(
        rows_of(
            Commune,
            zip(
                columns["code_insee"],
                columns["nom"],
                map(bool, columns["arrondissement"]),
                map(tuple, map(str.split, columns["codes_postaux"])),
                map(departements.__getitem__, columns["departement"]),
                columns["population"].tolist(),
                columns["lat"].tolist(),
                columns["lon"].tolist(),
                columns["key"],
                columns["compact"],
                strict=True,
            ),
        )
    )
    q = document["qpv"]
    qpv_columns = {
        "code_qpv": q["code_qpv"],
        "nom_qpv": q["nom_qpv"],
        "departement": q["departement"],
        "communes": q["communes"],
        "commune": q["commune"],
        "lat": unpack("d", q["lat"]),
        "lon": unpack("d", q["lon"]),
        "keys": q["keys"],
        "compact": q["compact"],
    }
    qpvs = tuple(
        Qpv(code, nom, dep, tuple(cs.split()), main, lat, lon, tuple(keys), compact)
        for code, nom, dep, cs, main, lat, lon, keys, compact in zip(
            *(qpv_columns[name] for name in ("code_qpv", "nom_qpv", "departement", "communes", "commune")),
            qpv_columns["lat"].tolist(),
            qpv_columns["lon"].tolist(),
            qpv_columns["keys"],
            qpv_columns["compact"],
            strict=True,
        )
    )
    wkbs = tuple(base64.b64decode(w) if w else None for w in q["wkb"])
    postcodes = {code: tuple(codes.split()) for code, codes in document["postcodes"].items()}
    prepared = prepared_from_document(document["tables"], columns["code_insee"])
    return GeoIndex(FORMAT_VERSION, dict(document["stamps"]), communes, postcodes, qpvs, wkbs, prepared)
