"""Scoring of the typed-places set (``typed_places.yaml``) with the engine's own rule for places.

The engine shows one place with « c'est ça ? » when the best candidate scores at least ``PLACE_CLEAR``
and leads the next by ``PLACE_MARGIN``, or when it is alone; otherwise it shows buttons. Outcomes:

- ``right``: the expected place offered alone, or buttons shown that hold the expected places
  (``ask`` items: buttons shown, holding every code of ``among``), or nothing for a ``none`` item;
- ``silent``: one place offered alone and it is wrong (the worst outcome: the person says « oui » to it
  or never notices), or anything offered alone for a ``none`` / ``ask`` item;
- ``missed``: nothing found, or buttons without the expected place (the bot asks again: not silent)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.engine.reading import MAX_PLACE_BUTTONS, PLACE_CLEAR, PLACE_MARGIN
from bot.knowledge.types import PlaceCandidate, PlaceResolver

TYPED_PLACES = Path(__file__).with_name("typed_places.yaml")


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    expect: str  # INSEE code, QPV code, "none" or "ask"
    category: str
    among: tuple[str, ...] = ()
    within: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    item: Item
    verdict: str  # "right" | "silent" | "missed"
    shown: str


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, verdict: str, category: str | None = None) -> int:
        return sum(
            1
            for o in self.outcomes
            if o.verdict == verdict and (category is None or o.item.category == category)
        )

    def rate(self, verdict: str, category: str | None = None) -> float:
        total = sum(1 for o in self.outcomes if category is None or o.item.category == category)
        return self.count(verdict, category) / total if total else 0.0

    def categories(self) -> list[str]:
        seen: dict[str, None] = {}
        for o in self.outcomes:
            seen.setdefault(o.item.category, None)
        return list(seen)

    def lines(self) -> list[str]:
        by: dict[str, int] = defaultdict(int)
        for o in self.outcomes:
            by[o.item.category] += 1
        out = [f"{'catégorie':18} {'n':>4} {'juste':>7} {'silencieux':>11} {'raté':>6}"]
        for category in [*self.categories(), None]:
            n = by[category] if category else len(self.outcomes)
            out.append(
                f"{category or 'TOTAL':18} {n:>4} {self.rate('right', category):>7.1%} "
                f"{self.rate('silent', category):>11.1%} {self.rate('missed', category):>6.1%}"
            )
        return out


def load_items(path: Path = TYPED_PLACES) -> list[Item]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Item(
            text=str(raw["text"]),
            expect=str(raw["expect"]),
            category=str(raw["category"]),
            among=tuple(str(code) for code in raw.get("among", ())),
            within=str(raw["within"]) if raw.get("within") else None,
        )
        for raw in data["places"]
    ]


def _code(candidate: PlaceCandidate) -> str:
    return candidate.place.code_qpv or candidate.place.code_insee


def _is(candidate: PlaceCandidate, code: str) -> bool:
    if code.startswith("QN"):
        return candidate.place.code_qpv == code
    return candidate.place.code_insee == code and candidate.place.code_qpv is None


def taken_alone(candidates: list[PlaceCandidate]) -> bool:
    """The engine's rule (bot/dialogs/engine.py ``_offer_places``): one place with « c'est ça ? »."""
    best = candidates[0]
    second = candidates[1].score if len(candidates) > 1 else 0.0
    return (best.score >= PLACE_CLEAR and best.score - second >= PLACE_MARGIN) or len(candidates) == 1


def judge(item: Item, candidates: list[PlaceCandidate]) -> str:
    if not candidates:
        return "right" if item.expect == "none" else "missed"
    if item.expect == "none":
        return "silent" if taken_alone(candidates) else "missed"
    buttons = candidates[:MAX_PLACE_BUTTONS]
    if taken_alone(candidates):
        if item.expect == "ask":
            return "silent"
        return "right" if _is(candidates[0], item.expect) else "silent"
    wanted = item.among if item.expect == "ask" else (item.expect,)
    return "right" if all(any(_is(c, code) for c in buttons) for code in wanted) else "missed"


def evaluate(resolver: PlaceResolver, items: list[Item]) -> Report:
    report = Report()
    for item in items:
        candidates = resolver.resolve(item.text, limit=MAX_PLACE_BUTTONS, within=item.within)
        shown = ", ".join(f"{c.place.label()} [{_code(c)} {c.score:.0f}]" for c in candidates[:3]) or "rien"
        report.outcomes.append(Outcome(item, judge(item, candidates), shown))
    return report
