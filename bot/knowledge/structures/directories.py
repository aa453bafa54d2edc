"""Structure directories of the data folder (``BOT_GEODATA_DIR``), read at start-up, never copied to git.

- ``missions_locales.csv`` (SOURCES.md §10): national Mission Locale directory, 2016–2019 addresses;
- ``missions_locales_liens_inscription_partiel.csv`` (§7): 32 ML with a registration link, commune centre;
- ``structures_hauts_de_france_curees.csv``, ``e2c_sites_hauts_de_france.csv``,
  ``structures_hauts_de_france_complements.csv`` (§8, §11, §12): the hand-made Hauts-de-France lists
  (also re-typed in ``knowledge/structures/``, which wins when both describe the same place).

``prepa_apprentissage_organismes_2023.csv`` (§6) is deliberately *not* loaded: the national
prépa-apprentissage programme ended on 31 Dec 2024, so those organisations are not current doors.
Rows without coordinates are skipped and counted."""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.structures import fields
from bot.knowledge.structures.reseaux import MISSION_LOCALE, RESEAU_BY_CSV_TYPE
from bot.knowledge.types import Structure

logger = logging.getLogger(__name__)

ML_FILE = "missions_locales.csv"
ML_LINKS_FILE = "missions_locales_liens_inscription_partiel.csv"
HAND_MADE_FILES: tuple[str, ...] = (
    "structures_hauts_de_france_curees.csv",
    "e2c_sites_hauts_de_france.csv",
    "structures_hauts_de_france_complements.csv",
)


@dataclass(frozen=True, slots=True)
class Listed:
    """A structure as read from a directory, with what deduplication needs."""

    structure: Structure
    siret: str | None = None


def _none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _coords(row: dict[str, str]) -> tuple[float, float] | None:
    try:
        return float(row["lat"]), float(row["lon"])
    except (KeyError, TypeError, ValueError):
        return None


def _approximate(precision: str | None) -> bool:
    return not (precision or "").startswith(("adresse", "point UNML"))


def _date(text: str | None) -> str:
    if (text or "").strip().lower().startswith("inconnu"):
        return fields.UNKNOWN_DATE
    when = fields.loose_date(text or "")
    if when is None:
        return fields.UNKNOWN_DATE
    return f"{when.year}-{when.month:02d}" if "-" in (text or "")[:7] else str(when.year)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_missions_locales(path: Path) -> tuple[list[Listed], int]:
    out: list[Listed] = []
    skipped = 0
    for n, row in enumerate(_read(path), 2):
        point = _coords(row)
        if point is None:
            skipped += 1
            continue
        ident = _none(row.get("id_annuaire")) or _none(row.get("code_structure_imilo")) or f"ligne-{n}"
        structure = Structure(
            id=f"annuaire-ml:{ident}",
            nom=_none(row.get("nom")) or _none(row.get("nom_annuaire")) or "Mission locale",
            reseau=MISSION_LOCALE,
            source=f"{row.get('source', '').strip()} — {ML_FILE} (SOURCES.md §10)",
            date_maj=_date(row.get("date_info")),
            confiance=fields.confiance_of(row.get("confiance")),
            adresse=_none(row.get("adresse")),
            code_postal=_none(row.get("code_postal")),
            commune=_none(row.get("commune_adresse")) or _none(row.get("commune")),
            code_insee=_none(row.get("code_insee")),
            lat=point[0],
            lon=point[1],
            approximate_position=_approximate(row.get("precision_coord")),
            telephone=_none(row.get("telephone")),
            site_web=_none(row.get("site_web")),
        )
        out.append(Listed(structure, _none(row.get("siret"))))
    return out, skipped


def read_ml_links(path: Path) -> tuple[list[Listed], int]:
    out: list[Listed] = []
    skipped = 0
    for row in _read(path):
        point = _coords(row)
        if point is None:
            skipped += 1
            continue
        lieu = _none(row.get("lieu")) or _none(row.get("commune")) or "?"
        structure = Structure(
            id=f"ml-inscription:{_none(row.get('siret')) or lieu}",
            nom=f"Mission locale – {lieu}",
            reseau=MISSION_LOCALE,
            source=f"flux-retour-cfas ml-rdv-url.csv (commit 2026-06-01) — {ML_LINKS_FILE} (SOURCES.md §7)",
            date_maj="2026-06",
            confiance="faible",
            commune=_none(row.get("commune")),
            code_insee=_none(row.get("code_insee")),
            lat=point[0],
            lon=point[1],
            approximate_position=True,
            site_web=_none(row.get("url_inscription_ou_rdv")),
            remarque="Adresse inconnue : seule la commune est connue. Lien de pré-inscription non testé.",
        )
        out.append(Listed(structure, _none(row.get("siret"))))
    return out, skipped


def read_hand_made(path: Path) -> tuple[list[Listed], int]:
    out: list[Listed] = []
    skipped = 0
    for n, row in enumerate(_read(path), 2):
        point = _coords(row)
        reseau = RESEAU_BY_CSV_TYPE.get((row.get("type") or "").strip())
        if point is None or reseau is None:
            skipped += 1
            continue
        remarque = _none(row.get("remarque"))
        if (link := _none(row.get("url_inscription"))) is not None:
            remarque = f"{remarque + ' ' if remarque else ''}Pré-inscription en ligne : {link}"
        structure = Structure(
            id=f"{path.stem}:{n}",
            nom=_none(row.get("nom")) or "?",
            reseau=reseau,
            source=_none(row.get("source")) or path.name,
            date_maj=_date(row.get("date_info")),
            confiance=fields.confiance_of(row.get("confiance")),
            adresse=_none(row.get("adresse")),
            code_postal=_none(row.get("code_postal")),
            commune=_none(row.get("commune")),
            code_insee=_none(row.get("code_insee")),
            lat=point[0],
            lon=point[1],
            approximate_position=_approximate(row.get("precision_coord")),
            telephone=_none(row.get("telephone")),
            site_web=_none(row.get("site_web")),
            remarque=remarque,
        )
        out.append(Listed(structure, _none(row.get("siret"))))
    return out, skipped


def read_directories(folder: Path) -> list[Listed]:
    """Every directory found in the data folder (missing files are skipped with a log line)."""
    readers = [(ML_FILE, read_missions_locales), (ML_LINKS_FILE, read_ml_links)]
    readers += [(name, read_hand_made) for name in HAND_MADE_FILES]
    out: list[Listed] = []
    for name, reader in readers:
        path = folder / name
        if not path.is_file():
            logger.info("structure directory %s absent, skipped", path)
            continue
        try:
            rows, skipped = reader(path)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            logger.warning("structure directory %s unreadable: %s", path, exc)
            continue
        logger.info("%s: %d structures, %d rows without coordinates skipped", name, len(rows), skipped)
        out.extend(rows)
    return out
