"""Usual quartier names that are not official QPV names ("Alma-Gare", "l'Epeule"), from
``knowledge/quartiers.yaml``. Each alias names the QPV it falls into, its commune and its source.

Reading and checking are one pass: :func:`read_aliases` returns the valid aliases and every problem
(with file:line) so the resolver and ``validate`` agree on what a valid alias is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.base.problems import Problem
from bot.base.suggest import did_you_mean
from bot.base.yamlsrc import line_of, load_yaml_file, user_keys

ALIASES_FILE = "quartiers.yaml"
ALIAS_KEYS: frozenset[str] = frozenset(
    {"noms", "code_qpv", "commune", "code_insee", "source", "date", "confiance", "note"}
)
REQUIRED_KEYS: tuple[str, ...] = ("noms", "code_qpv", "commune", "code_insee", "source", "date")
_QPV_CODE = re.compile(r"^QN\d{5}[A-Z]$")
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


@dataclass(frozen=True, slots=True)
class Alias:
    noms: tuple[str, ...]
    code_qpv: str
    commune: str
    code_insee: str
    source: str
    date: str
    confiance: str | None = None
    note: str | None = None
    line: int | None = None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _read_entry(entry: dict[str, Any], where: str, problems: list[Problem]) -> Alias | None:
    ok = True
    for key in user_keys(entry):
        if key not in ALIAS_KEYS:
            problems.append(
                Problem(
                    where,
                    line_of(entry, key),
                    f"clé inconnue « {key} » dans un alias de quartier.",
                    did_you_mean(key, ALIAS_KEYS),
                )
            )
    for key in REQUIRED_KEYS:
        if _text(entry.get(key)) is None:
            ok = False
            problems.append(
                Problem(where, line_of(entry), f"il manque « {key} » dans cet alias de quartier.")
            )
    raw_names = entry.get("noms")
    names = [str(n).strip() for n in raw_names] if isinstance(raw_names, list) else []
    if raw_names is not None and not (names and all(names)):
        ok = False
        problems.append(
            Problem(
                where,
                line_of(entry, "noms"),
                "« noms » doit être une liste de noms non vides.",
                'Exemple : noms: ["Alma-Gare", "l\'Alma"]',
            )
        )
    code = _text(entry.get("code_qpv")) or ""
    if code and not _QPV_CODE.match(code):
        ok = False
        problems.append(
            Problem(where, line_of(entry, "code_qpv"), f"« {code} » n'est pas un code QPV (forme QN05980M).")
        )
    insee = _text(entry.get("code_insee")) or ""
    if insee and not _INSEE.match(insee):
        ok = False
        problems.append(
            Problem(
                where,
                line_of(entry, "code_insee"),
                f"« {insee} » n'est pas un code INSEE de commune (5 caractères).",
                'Mets-le entre guillemets pour garder le zéro initial : "02691".',
            )
        )
    if not ok:
        return None
    return Alias(
        noms=tuple(names),
        code_qpv=code,
        commune=str(entry["commune"]).strip(),
        code_insee=insee,
        source=str(entry["source"]).strip(),
        date=str(entry["date"]).strip(),
        confiance=_text(entry.get("confiance")),
        note=_text(entry.get("note")),
        line=line_of(entry),
    )


def read_aliases(knowledge_dir: Path) -> tuple[list[Alias], list[Problem]]:
    """Aliases of ``<knowledge_dir>/quartiers.yaml`` (none when the file does not exist)."""
    path = knowledge_dir / ALIASES_FILE
    if not path.is_file():
        return [], []
    data, unreadable = load_yaml_file(path, numbers_as_text=True)
    if unreadable:
        return [], unreadable
    where = str(path)
    entries = data.get("quartiers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return [], [
            Problem(where, 1, "le fichier doit commencer par « quartiers: » suivi d'une liste d'alias.")
        ]
    problems: list[Problem] = []
    aliases: list[Alias] = []
    for entry in entries:
        if not isinstance(entry, dict):
            problems.append(Problem(where, None, "chaque alias doit être un bloc « - noms: … ».", None))
            continue
        alias = _read_entry(entry, where, problems)
        if alias is not None:
            aliases.append(alias)
    return aliases, problems
