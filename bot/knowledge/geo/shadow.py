"""Quartier aliases that are also the name of a commune elsewhere in France.

An alias is read before commune names: « Pile » written by someone from a commune called Pile would be sent
to the quartier of Roubaix. The validator warns, so the counsellor can make the alias more precise (« la
Pile », « quartier de la Pile ») or accept it knowingly. Needs the place index (`GeoIndex`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from bot.base.problems import Problem, Severity
from bot.knowledge.geo.aliases import Alias
from bot.knowledge.geo.index import Commune
from bot.knowledge.geo.keys import place_key

SHOWN = 3  # communes named in one warning


def shadowed_communes(aliases: Iterable[Alias], communes: Iterable[Commune], path: str) -> list[Problem]:
    by_key: dict[str, list[Commune]] = defaultdict(list)
    for commune in communes:
        if not commune.arrondissement:
            by_key[commune.key].append(commune)
    problems: list[Problem] = []
    for alias in aliases:
        for name in alias.noms:
            elsewhere = [c for c in by_key.get(place_key(name), []) if c.code_insee != alias.code_insee]
            if not elsewhere:
                continue
            elsewhere.sort(key=lambda c: (-c.population, c.code_insee))
            listed = ", ".join(f"{c.nom} ({c.departement}, INSEE {c.code_insee})" for c in elsewhere[:SHOWN])
            more = f" et {len(elsewhere) - SHOWN} autres" if len(elsewhere) > SHOWN else ""
            problems.append(
                Problem(
                    path,
                    alias.line,
                    f"l'alias « {name} » ({alias.commune}) porte aussi le nom de la commune {listed}{more} : "
                    f"quelqu'un de là-bas qui l'écrit serait envoyé vers {alias.commune}.",
                    "Précise l'alias (« quartier de … », avec l'article) ou retire ce nom de « noms ».",
                    Severity.WARNING,
                )
            )
    return problems
