"""The one line of *why* a door fits, for the result summary: the most specific reasons that matched.

« Tu as entre 16 et 25 ans » is true of most people asking; « tu n'as pas encore de diplôme professionnel »
or « tu habites le quartier prioritaire Blanc Seau » is what makes a door *yours*. Each reason comes from a
rule of `knowledge/dispositifs.yaml` that actually matched; a rule is as specific as the most specific
variable it tests (quartier > diploma > school > wish > age), more specific still when it tests several.
The age alone is said only when it is all there is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.engine.wording import WHY_AND
from bot.knowledge.dispositifs import Recommendation, Rule

# How much a reason based on this variable says about the person (unknown variables: 2).
SPECIFICITY = {"qpv": 5, "quartier": 5, "diplome": 4, "scolarite": 3, "projet": 2, "commune": 2, "age": 1}
MAX_REASONS = 2
MAX_LENGTH = 130  # a second reason is added only when the line stays this short


def _weight(rule: Rule) -> int:
    """What a rule tells about the person: the sum over the variables it tests (a rule on age *and*
    school says more than one on school alone)."""
    return sum(SPECIFICITY.get(name, 2) for name in rule.condition.names) or 1


def matched_rules(rec: Recommendation, variables: Mapping[str, Any], lang: str = "fr") -> list[Rule]:
    """The rules behind ``rec.reasons``, in the same order (conditions, then the atouts that held)."""
    d = rec.dispositif
    rules = [r for r in d.conditions if r.reason]
    rules += [r for r in d.atouts if r.reason and r.condition.evaluate(variables)]
    seen: dict[str, Rule] = {}
    for rule in rules:
        reason = rule.reason_in(lang)
        assert reason is not None
        seen.setdefault(reason, rule)
    return list(seen.values())


def why_line(rec: Recommendation, variables: Mapping[str, Any], lang: str = "fr") -> str | None:
    """« tu n'as pas encore de diplôme professionnel et tu as quitté l'école depuis plus d'un an »;
    ``rec.reasons`` are in ``lang`` (`Catalogue.recommend`), and so is the word that joins them."""
    if not rec.reasons:
        return None
    joiner = WHY_AND.get(lang)
    rules = matched_rules(rec, variables, lang)
    weights = [_weight(r) for r in rules] if len(rules) == len(rec.reasons) else [1] * len(rec.reasons)
    ranked = sorted(range(len(rec.reasons)), key=lambda i: (-weights[i], i))
    chosen = [rec.reasons[ranked[0]]]
    for i in ranked[1:MAX_REASONS]:
        candidate = f"{joiner.join(chosen)}{joiner}{rec.reasons[i]}"
        if weights[i] > 1 and len(candidate) <= MAX_LENGTH:
            chosen.append(rec.reasons[i])
    return joiner.join(chosen)
