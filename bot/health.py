"""Health of a running bot, in one shape for `/healthz` (webhook mode) and `cap-quartiers doctor`.

Three checks, each named the same in both places:

- ``database``: the database accepts a write transaction, and its disk is not full;
- ``corpus``: the dialog and the knowledge are loaded (webhook) or load without error (doctor), with places;
- ``last_update``: how long ago the last update arrived (webhook) or the last conversation turn was saved
  (doctor). Informative, unless a maximum age is asked (``?max_age=`` / ``--max-age``): a quiet night is
  not an outage, but a stuck bot can be caught that way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.engine.core import Engine

LABELS = {
    "database": "base de données",
    "corpus": "dialogue et connaissances",
    "last_update": "dernière mise à jour",
    "secret": "secret de pseudonymisation",
}


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str
    value: float | None = None  # a figure for monitoring (seconds, bytes), when there is one


@dataclass(frozen=True, slots=True)
class HealthReport:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checks": {
                check.name: {"ok": check.ok, "detail": check.detail, "value": check.value}
                for check in self.checks
            },
        }

    def as_text(self) -> str:
        lines = [
            f"{'✓' if check.ok else '✗'} {LABELS.get(check.name, check.name)} : {check.detail}"
            for check in self.checks
        ]
        lines.append("Tout va bien." if self.ok else "Problème détecté (code de sortie 1).")
        return "\n".join(lines)


def describe_age(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} j"


def age_check(age: float | None, what: str, max_age: float | None = None) -> Check:
    """``what``: "mise à jour reçue", "conversation enregistrée"…"""
    if age is None:
        return Check("last_update", True, f"aucune {what} pour l'instant")
    detail = f"{what} il y a {describe_age(age)}"
    if max_age is not None and age > max_age:
        return Check("last_update", False, f"{detail} (plus de {describe_age(max_age)})", age)
    return Check("last_update", True, detail, age)


def corpus_check(engine: Engine) -> Check:
    """The running bot's corpus: which dialog version it serves, and whether it can resolve places."""
    knowledge = engine.knowledge
    if knowledge.places is None:
        return Check("corpus", False, f"dialogue {engine.version} chargé, mais sans index des lieux")
    structures = "avec" if knowledge.structures is not None else "sans"
    return Check("corpus", True, f"dialogue {engine.version}, lieux chargés, {structures} structures")
