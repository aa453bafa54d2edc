"""Match a free-text answer against the choices of a question: clear, near (to confirm) or none.

Every label and synonym is normalised once per dialog (`ChoiceMatcher` is built when the dialog loads);
scoring uses rapidfuzz's WRatio, which copes with typos and with answers longer than the label
("je veux faire de l'alternance" vs "alternance")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.matching.normalize import normalize, numbers_in

CLEAR = 88.0  # at or above: take it
NEAR = 68.0  # at or above (and below CLEAR): ask "tu voulais dire … ?"
MARGIN = 8.0  # a clear match must beat the best other choice by this much

# Words that carry no meaning for choosing ("je veux faire de l'alternance" -> "alternance").
FILLERS = frozenset(
    "je j tu t il on veux voudrais voudrait aimerais aimerait faire fais fait de d du des l la le les un une "
    "mon ma mes me m en a au aux et c est ça ca plutot genre truc quoi bien trop juste moi".split()
)


def _content(text: str) -> str:
    words = [w for w in text.split() if w not in FILLERS]
    return " ".join(words) if words else text


@dataclass(frozen=True, slots=True)
class Option:
    key: str  # the choice id
    phrases: tuple[str, ...]  # label and synonyms, as written
    numbers: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Match:
    key: str | None
    score: float
    kind: str  # "number" | "exact" | "clear" | "near" | "ambiguous" | "none"
    alternatives: tuple[str, ...] = ()  # for "near"/"ambiguous": keys to offer, best first


class ChoiceMatcher:
    def __init__(self, options: Sequence[Option]) -> None:
        self.options = tuple(options)
        self._phrases: list[str] = []
        self._owner: list[str] = []
        for option in self.options:
            for phrase in option.phrases:
                norm = _content(normalize(phrase))
                if norm:
                    self._phrases.append(norm)
                    self._owner.append(option.key)

    def match(self, text: str) -> Match:
        query = _content(normalize(text))
        numbered = [o for o in self.options if o.numbers is not None]
        if numbered:
            for number in numbers_in(text):
                for option in numbered:
                    assert option.numbers is not None
                    low, high = option.numbers
                    if low <= number <= high:
                        return Match(option.key, 100.0, "number")
        if not query or not self._phrases:
            return Match(None, 0.0, "none")
        for phrase, owner in zip(self._phrases, self._owner, strict=True):
            if phrase == query:
                return Match(owner, 100.0, "exact")
        best: dict[str, float] = {}
        for _phrase, score, index in process.extract(
            query, self._phrases, scorer=_score, processor=None, limit=None, score_cutoff=NEAR / 2
        ):
            owner = self._owner[index]
            best[owner] = max(best.get(owner, 0.0), float(score))
        if not best:
            return Match(None, 0.0, "none")
        ranked = sorted(best.items(), key=lambda item: -item[1])
        top_key, top_score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if top_score >= CLEAR and top_score - second >= MARGIN:
            return Match(top_key, top_score, "clear")
        if top_score >= NEAR:
            close = tuple(k for k, s in ranked[:3] if s >= max(NEAR, top_score - MARGIN))
            return Match(top_key, top_score, "near" if len(close) == 1 else "ambiguous", close)
        return Match(None, top_score, "none")


def _score(query: str, phrase: str, **kwargs: object) -> float:
    # Very short inputs ("a", "ok") must not partially match long phrases.
    if len(query) <= 2:
        return 100.0 if query == phrase else 0.0
    score = float(fuzz.WRatio(query, phrase, processor=None))
    if len(phrase) <= 3 and query != phrase:
        # short synonyms ("cap", "bac") only count as whole words of the answer
        return 95.0 if phrase in query.split() else min(score, 50.0)
    return score
