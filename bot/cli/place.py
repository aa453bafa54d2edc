"""`cap-quartiers place "texte"` (or `--lat --lon`): what the resolver understands, for counsellors.
``--dans COMMUNE`` looks the text up as the bot does after that commune was named (« sud » --dans Lille).

``--json`` prints a list of candidates, best first, with keys ``commune``, ``code_insee``,
``code_postal``, ``departement``, ``code_qpv``, ``nom_qpv``, ``score``, ``kind``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.compose import load_places
from bot.config import Settings
from bot.knowledge.types import PlaceCandidate


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "texte", nargs="?", help="ce que le jeune écrit : « roubais », « 59100 », « l'Alma »…"
    )
    parser.add_argument("--lat", type=float, help="latitude d'une position (avec --lon)")
    parser.add_argument("--lon", type=float, help="longitude d'une position (avec --lat)")
    parser.add_argument("--limit", type=int, default=5, help="nombre de propositions (défaut 5)")
    parser.add_argument(
        "--dans",
        metavar="COMMUNE",
        help="commune déjà donnée par le jeune (code INSEE ou nom exact) : ses quartiers passent en premier",
    )
    parser.add_argument("--json", action="store_true", help="sortie JSON (liste, la meilleure en premier)")
    parser.set_defaults(func=run)


def as_json(candidate: PlaceCandidate) -> dict[str, Any]:
    place = candidate.place
    return {
        "commune": place.commune,
        "code_insee": place.code_insee,
        "code_postal": place.code_postal,
        "departement": place.departement,
        "code_qpv": place.code_qpv,
        "nom_qpv": place.nom_qpv,
        "score": round(candidate.score, 1),
        "kind": candidate.kind,
    }


def run(args: argparse.Namespace) -> int:
    if (args.lat is None) != (args.lon is None):
        print("Donne --lat et --lon ensemble, par exemple : --lat 50.6938 --lon 3.1801")
        return 2
    if args.texte is None and args.lat is None:
        print('Donne un texte (cap-quartiers place "roubais") ou une position (--lat … --lon …).')
        return 2
    resolver = load_places(Settings.from_env())
    if args.lat is not None:
        found = resolver.locate(args.lat, args.lon)
        candidates = [found] if found else []
    else:
        candidates = resolver.resolve(args.texte, limit=args.limit, within=args.dans)
    if args.json:
        print(json.dumps([as_json(c) for c in candidates], ensure_ascii=False, indent=2))
        return 0
    if not candidates:
        print("Rien de reconnu. Le bot redemanderait le lieu.")
        return 0
    for rank, cand in enumerate(candidates, 1):
        p = cand.place
        qpv = (
            f"  QPV {p.code_qpv} {p.nom_qpv}"
            if p.code_qpv
            else "  hors QPV"
            if cand.kind == "position"
            else ""
        )
        print(
            f"{rank}. {p.commune}  INSEE {p.code_insee}  CP {p.code_postal or '-'}  dép. {p.departement}"
            f"{qpv}  score {cand.score:.0f} ({cand.kind})"
        )
    return 0
