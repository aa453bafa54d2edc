"""Hand-written structures in ``knowledge/structures/*.yaml`` (data·inclusion field names).

Reading and checking are one pass (like the quartier aliases): :func:`read_curated` returns the
structures it could build and every problem found, with file:line, so the finder and ``validate``
agree. One entry with several ``reseaux_porteurs`` gives one :class:`Structure` per network."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.base.problems import Problem, Severity
from bot.base.suggest import did_you_mean
from bot.base.yamlsrc import line_of, load_yaml_file, user_keys
from bot.knowledge.structures import fields
from bot.knowledge.structures.reseaux import KNOWN_RESEAUX
from bot.knowledge.types import Structure

STRUCTURES_DIR = "structures"
REQUIRED: tuple[str, ...] = ("id", "nom", "reseaux_porteurs", "source", "date_maj")
OPTIONAL: tuple[str, ...] = (
    "structure_parente", "siret", "adresse", "complement_adresse", "code_postal", "code_insee", "commune",
    "latitude", "longitude", "position_approximative", "telephone", "site_web", "lien_inscription",
    "horaires_accueil", "confiance", "remarque",
)  # fmt: skip
KEYS: frozenset[str] = frozenset(REQUIRED + OPTIONAL)
MAX_AGE_MONTHS = 24
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_POSTCODE = re.compile(r"^\d{5}$")
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


@dataclass(frozen=True, slots=True)
class CuratedEntry:
    path: str
    line: int | None
    structures: tuple[Structure, ...]


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


class _EntryReader:
    def __init__(self, path: str, entry: dict[str, Any], today: date, problems: list[Problem]) -> None:
        self.path, self.entry, self.today, self.problems = path, entry, today, problems
        self.ok = True

    def error(self, key: str | None, message: str, hint: str | None = None) -> None:
        self.ok = False
        self.problems.append(Problem(self.path, line_of(self.entry, key), message, hint))

    def warning(self, key: str | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, line_of(self.entry, key), message, hint, Severity.WARNING))

    def read(self) -> CuratedEntry | None:
        e = self.entry
        for key in user_keys(e):
            if key not in KEYS:
                self.error(key, f"clé inconnue « {key} ».", did_you_mean(key, KEYS))
        for key in REQUIRED:
            if e.get(key) in (None, "", []):
                what = (
                    "la source" if key == "source" else "la date de mise à jour" if key == "date_maj" else key
                )
                self.error(
                    None, f"il manque « {key} » ({what}) dans la structure « {e.get('nom') or e.get('id')} »."
                )
        ident = _text(e.get("id")) or ""
        if ident and not _ID.match(ident):
            self.error("id", f"identifiant « {ident} » : minuscules, chiffres et tirets seulement.")
        reseaux = self._reseaux()
        lat, lon = self._coordinates()
        self._date()
        confiance = _text(e.get("confiance")) or "moyenne"
        if confiance not in fields.CONFIANCES:
            self.error(
                "confiance",
                f"confiance « {confiance} » inconnue.",
                "Valeurs possibles : haute, moyenne, faible.",
            )
        for key, pattern, example in (("code_postal", _POSTCODE, "59100"), ("code_insee", _INSEE, "59512")):
            value = _text(e.get(key))
            if value and not pattern.match(value):
                self.error(
                    key, f"{key} « {value} » invalide.", f'Exemple : {key}: "{example}" (entre guillemets).'
                )
        approx = e.get("position_approximative", False)
        if not isinstance(approx, bool):
            self.error("position_approximative", "position_approximative vaut true ou false.")
        if not self.ok:
            return None
        remarque = _text(e.get("remarque"))
        if (link := _text(e.get("lien_inscription"))) is not None:
            remarque = f"{remarque + ' ' if remarque else ''}Pré-inscription en ligne : {link}"
        structures = tuple(
            Structure(
                id=ident, nom=str(e["nom"]).strip(), reseau=reseau, source=str(e["source"]).strip(),
                date_maj=str(e["date_maj"]).strip(), confiance=confiance, adresse=_text(e.get("adresse")),
                code_postal=_text(e.get("code_postal")), commune=_text(e.get("commune")),
                code_insee=_text(e.get("code_insee")), lat=lat, lon=lon,
                approximate_position=bool(approx), telephone=_text(e.get("telephone")),
                site_web=_text(e.get("site_web")), horaires_accueil=_text(e.get("horaires_accueil")),
                remarque=remarque,
            )
            for reseau in reseaux
        )  # fmt: skip
        return CuratedEntry(self.path, line_of(e), structures)

    def _reseaux(self) -> list[str]:
        raw = self.entry.get("reseaux_porteurs")
        values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        if raw is not None and not values:
            self.error(
                "reseaux_porteurs", "reseaux_porteurs doit être une liste.", "Exemple : [mission-locale]"
            )
        out: list[str] = []
        for value in values:
            name = str(value).strip()
            if name in KNOWN_RESEAUX:
                out.append(name)
            else:
                self.error(
                    "reseaux_porteurs", f"réseau inconnu « {name} ».", did_you_mean(name, KNOWN_RESEAUX)
                )
        return out

    def _coordinates(self) -> tuple[float | None, float | None]:
        e = self.entry
        lat, lon = _number(e.get("latitude")), _number(e.get("longitude"))
        for key, value, raw in (("latitude", lat, e.get("latitude")), ("longitude", lon, e.get("longitude"))):
            if raw is not None and value is None:
                self.error(
                    key, f"{key} « {raw} » n'est pas un nombre (degrés décimaux, point comme séparateur)."
                )
        if (lat is None) != (lon is None):
            self.error("latitude", "donne latitude et longitude ensemble, ou aucune des deux.")
            return None, None
        if lat is not None and lon is not None and (found := fields.coordinates_problem(lat, lon)):
            self.error("latitude", *found)
        return lat, lon

    def _date(self) -> None:
        raw = _text(self.entry.get("date_maj"))
        if raw is None:
            return
        if raw == fields.UNKNOWN_DATE:
            self.warning("date_maj", "date de l'information inconnue : à vérifier avant de l'afficher.")
            return
        when = fields.parse_date(raw)
        if when is None:
            self.error(
                "date_maj",
                f"date_maj « {raw} » : forme attendue AAAA, AAAA-MM ou AAAA-MM-JJ (ou « inconnue »).",
            )
        elif when > self.today:
            self.error("date_maj", f"date_maj « {raw} » est dans le futur.")
        elif fields.months_between(when, self.today) > MAX_AGE_MONTHS:
            self.warning(
                "date_maj",
                f"information de {raw}, vieille de plus de {MAX_AGE_MONTHS} mois.",
                "Revérifie l'adresse et le téléphone, puis mets date_maj à jour.",
            )


def read_curated(knowledge_dir: Path, today: date | None = None) -> tuple[list[CuratedEntry], list[Problem]]:
    """Entries of ``<knowledge_dir>/structures/*.yaml`` (sorted by file name) and every problem."""
    today = today or date.today()
    entries: list[CuratedEntry] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted((knowledge_dir / STRUCTURES_DIR).glob("*.yaml")):
        data, unreadable = load_yaml_file(path, numbers_as_text=True)
        if unreadable:
            problems += unreadable
            continue
        items = data.get("structures") if isinstance(data, dict) else None
        if not isinstance(items, list):
            problems.append(
                Problem(str(path), 1, "le fichier doit commencer par « structures: » suivi d'une liste.")
            )
            continue
        for item in items:
            if not isinstance(item, dict):
                problems.append(Problem(str(path), None, "chaque structure doit être un bloc « - id: … »."))
                continue
            entry = _EntryReader(str(path), item, today, problems).read()
            ident = _text(item.get("id"))
            if ident:
                where = f"{path}:{line_of(item)}"
                if ident in seen:
                    problems.append(
                        Problem(
                            str(path),
                            line_of(item, "id"),
                            f"identifiant « {ident} » en double (déjà à {seen[ident]}).",
                        )
                    )
                    continue
                seen[ident] = where
            if entry is not None:
                entries.append(entry)
    return entries, problems
