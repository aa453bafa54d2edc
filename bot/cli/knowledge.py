"""`cap-quartiers knowledge review [--json] [--strict]`: the yearly review of ``knowledge/`` as a checklist.

Lists every fact of ``knowledge/dispositifs.yaml``, every curated structure of ``knowledge/structures/``
and every quartier alias of ``knowledge/quartiers.yaml``, oldest source first (undated ones at the top),
each with what to re-check and the page to re-check it on; then the doors that have no source dated
2023 or later. Exit status 0, or 1 with ``--strict`` when such a door exists or a file cannot be read."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from bot.base.problems import Problem, Severity
from bot.config import Settings
from bot.dialogs.corpus import dispositifs_path
from bot.dialogs.loader import display_path
from bot.knowledge.dispositifs import load_catalogue
from bot.knowledge.geo.aliases import ALIASES_FILE, read_aliases
from bot.knowledge.review import (
    KIND_ALIAS,
    KIND_FACT,
    KIND_STRUCTURE,
    RECENT_YEAR,
    ReviewItem,
    StaleDoor,
    alias_items,
    fact_items,
    oldest_first,
    stale_doors,
    structure_items,
)
from bot.knowledge.structures.curated import read_curated

AFTER_REVIEW = (
    "Après vérification : mets à jour « date » (faits) ou « date_maj » (lieux), "
    "puis lance cap-quartiers validate."
)
KIND_LABELS = {KIND_FACT: "fait", KIND_STRUCTURE: "lieu", KIND_ALIAS: "quartier"}


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="action", required=True)
    review = sub.add_parser(
        "review",
        help="liste à revérifier : chaque fait et chaque lieu, du plus ancien au plus récent",
        description="Relecture annuelle : chaque fait et chaque lieu de knowledge/, source la plus ancienne "
        "d'abord, avec quoi revérifier et sur quelle page.",
    )
    review.add_argument("--json", action="store_true", help="sortie JSON (pour un tableur ou un outil)")
    review.add_argument(
        "--strict", action="store_true", help="code de sortie 1 si une porte n'a aucune source récente"
    )
    review.add_argument(
        "--date", type=date.fromisoformat, help="date du jour pour calculer les âges (AAAA-MM-JJ)"
    )
    review.set_defaults(func=run_review)


def _shown(path: str) -> str:
    candidate = Path(path)
    return display_path(candidate) if candidate.is_absolute() else path


def _age(item: ReviewItem, today: date) -> str:
    months = item.age_months(today)
    if months is None:
        return "date inconnue"
    if months < 0:
        return f"{item.date}"
    if months < 24:
        return f"{item.date} (il y a {months} mois)"
    return f"{item.date} (il y a {months // 12} ans)"


def collect(settings: Settings, today: date) -> tuple[list[ReviewItem], list[StaleDoor], list[Problem]]:
    catalogue, problems = load_catalogue(dispositifs_path(settings.knowledge_dir))
    entries, curated_problems = read_curated(settings.knowledge_dir, today)
    aliases, alias_problems = read_aliases(settings.knowledge_dir)
    problems = [p for p in problems + curated_problems + alias_problems if p.severity is Severity.ERROR]
    items = oldest_first(
        fact_items(catalogue)
        + structure_items(((e.path, e.line, e.structures) for e in entries), catalogue)
        + alias_items(aliases, str(settings.knowledge_dir / ALIASES_FILE))
    )
    return items, stale_doors(catalogue), problems


def as_json(items: list[ReviewItem], stale: list[StaleDoor], today: date) -> dict[str, Any]:
    return {
        "date": today.isoformat(),
        "elements": [
            {
                "type": KIND_LABELS[item.kind],
                "sujet": item.subject,
                "date_source": item.date,
                "age_mois": item.age_months(today),
                "fichier": _shown(item.path),
                "ligne": item.line,
                "a_reverifier": item.recheck,
                "ou_verifier": item.page,
                "source": item.source,
            }
            for item in items
        ],
        "portes_sans_source_recente": [
            {
                "dispositif": d.dispositif,
                "fichier": _shown(d.path),
                "ligne": d.line,
                "source_la_plus_recente": d.newest,
            }
            for d in stale
        ],
    }


def render(items: list[ReviewItem], stale: list[StaleDoor], today: date) -> list[str]:
    counts = {kind: sum(item.kind == kind for item in items) for kind in KIND_LABELS}
    lines = [
        f"Relecture des connaissances au {today.isoformat()} : {len(items)} éléments "
        f"({counts[KIND_FACT]} faits, {counts[KIND_STRUCTURE]} lieux, {counts[KIND_ALIAS]} quartiers), "
        "du plus ancien au plus récent.",
        "",
    ]
    width = len(str(len(items)))
    for number, item in enumerate(items, start=1):
        where = f"{_shown(item.path)}:{item.line}" if item.line is not None else _shown(item.path)
        lines.append(
            f"[{number:>{width}}] {_age(item, today)} · {KIND_LABELS[item.kind]} {item.subject} — {where}"
        )
        lines.append(f"      À revérifier : {item.recheck}")
        page = item.page or "aucune page citée : ajoute « url: » (ou la source) pour le prochain relecteur"
        lines.append(f"      Où vérifier : {page}")
        lines.append(f"      Source citée : {item.source}")
    lines.append("")
    if stale:
        lines.append(f"Portes sans aucune source de {RECENT_YEAR} ou après — à revérifier en priorité :")
        for door in stale:
            newest = f"source la plus récente : {door.newest}" if door.newest else "aucune source datée"
            lines.append(f"  - {door.dispositif} ({_shown(door.path)}:{door.line}) : {newest}")
    else:
        lines.append(f"Toutes les portes ont au moins une source de {RECENT_YEAR} ou après.")
    lines.append(AFTER_REVIEW)
    return lines


def run_review(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    today = args.date or date.today()
    items, stale, problems = collect(settings, today)
    for problem in problems:
        print(problem)
    if args.json:
        print(json.dumps(as_json(items, stale, today), ensure_ascii=False, indent=2))
    else:
        print("\n".join(render(items, stale, today)))
    return 1 if args.strict and (stale or problems) else 0
