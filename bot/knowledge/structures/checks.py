"""Knowledge-file checks for ``cap-quartiers validate``: curated structures and quartier aliases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.base.problems import Problem, Severity
from bot.knowledge.geo.aliases import ALIASES_FILE, read_aliases
from bot.knowledge.structures import fields
from bot.knowledge.structures.curated import MAX_AGE_MONTHS, read_curated
from bot.knowledge.types import PlaceResolver


def check_knowledge(
    knowledge_dir: Path, resolver: PlaceResolver | None = None, today: date | None = None
) -> list[Problem]:
    """Every problem in ``knowledge/structures/*.yaml`` and ``knowledge/quartiers.yaml``, with file:line.

    With a resolver, alias QPV codes are checked against the geodata index (and the alias commune
    against the QPV's communes when the resolver is ours)."""
    today = today or date.today()
    _, problems = read_curated(knowledge_dir, today)
    aliases, alias_problems = read_aliases(knowledge_dir)
    problems.extend(alias_problems)
    path = str(knowledge_dir / ALIASES_FILE)
    for alias in aliases:
        when = fields.parse_date(alias.date)
        if when is None:
            problems.append(Problem(path, alias.line, f"date « {alias.date} » : forme attendue AAAA-MM-JJ."))
        elif fields.months_between(when, today) > MAX_AGE_MONTHS:
            problems.append(
                Problem(
                    path,
                    alias.line,
                    f"alias {alias.noms[0]!r} vérifié en {alias.date}, il y a plus de 24 mois.",
                    "Revérifie-le puis mets la date à jour.",
                    Severity.WARNING,
                )
            )
        if resolver is None:
            continue
        place = resolver.qpv(alias.code_qpv)
        if place is None:
            problems.append(
                Problem(
                    path,
                    alias.line,
                    f"code QPV inconnu « {alias.code_qpv} » (alias {alias.noms[0]!r}).",
                    f'Vérifie-le avec : cap-quartiers place "{alias.code_qpv}"',
                )
            )
            continue
        row = getattr(resolver, "qpv_row", None)
        qpv_row = row(alias.code_qpv) if callable(row) else None
        communes = getattr(qpv_row, "communes", None)
        if communes and alias.code_insee not in communes:
            problems.append(
                Problem(
                    path,
                    alias.line,
                    f"la commune {alias.code_insee} ne fait pas partie du QPV {alias.code_qpv}.",
                    f"Communes de ce QPV : {', '.join(communes)}.",
                )
            )
    return problems
