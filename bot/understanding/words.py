"""Word-level scoring: which options the words of an answer name, weighed together.

Every label and synonym becomes a set of content words (fillers dropped). A phrase is found in an
answer when all its words are there, in one clause (a word may be misspelt: rapidfuzz ratio on words of
five letters or more). Each option is credited with the answer words its phrases cover; a single keyword
in a long sentence covers little of it, so it is confirmed rather than taken."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.understanding.negation import NEGATIONS, is_negated, is_wish, marker_positions
from bot.understanding.spec import ChoiceSpec
from bot.understanding.text import Words, words

WORD_FUZZ = 85.0  # a misspelt word counts as the phrase's word at or above this ratio
FUZZ_MIN_LENGTH = 5
_ALTERNATIVE = re.compile(r"\s*/\s*|\s+ou\s+", re.IGNORECASE)
FILLERS = frozenset(
    "je j tu t il elle on y veux voudrais voudrait aimerais aimerait faire fais fait de d du des l la le les "
    "un une mon ma mes me m en a au aux et c est ca plutot genre truc quoi bien trop juste moi ai as suis "
    "es etre avoir eu ete ou pour dans sur avec que qui se s ce sa son ses ton ta tes vais vas "
    "va stp svp frr frere wesh bah ben euh alors donc voila hein enfin deja".split()
)

# words that say little on their own: phrases may use them, but they do not count as content words
# that an option would have to explain (« je cherche du travail » is all about « travail »)
NEUTRAL = frozenset(
    "cherche chercher trouver trouve veux voulais devenir passer rentrer mettre avec vrai vraie oui ok "
    "tout toute bon bonne super tres peu beaucoup maintenant vite direct".split()
)


@dataclass(frozen=True, slots=True)
class Phrase:
    choice: str
    words: tuple[str, ...]
    label: bool  # the button label itself (breaks ties: « un cap en apprentissage »)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the words of one answer say about each option."""

    cover: dict[str, frozenset[int]]  # option -> answer positions its unnegated phrases cover
    by_label: frozenset[str]  # options named by words of their own label
    denied: frozenset[str]  # options only named with a negation or failure
    content: int  # content words of the answer (fillers and markers left out)
    exact: str | None  # the option whose phrase is exactly the whole answer

    def ranked(self) -> list[tuple[str, int]]:
        """Options with their covered words, most first. On a tie: an option named by its own label, then
        the one named first (the verb leads: « ouvrir mon salon de coiffure »)."""
        named = [(c, len(p)) for c, p in self.cover.items() if p]
        return sorted(
            named, key=lambda item: (-item[1], item[0] not in self.by_label, min(self.cover[item[0]]))
        )


def content_words(text: str) -> tuple[str, ...]:
    """The words of a label or synonym that an answer must contain. A phrase left with nothing but a
    negation (« pas … ») keeps all its words: « pas » alone would match every negative sentence."""
    tokens = words(text).tokens
    content = tuple(w for w in tokens if w not in FILLERS)
    return tokens if all(w in NEGATIONS for w in content) else content  # also « trop bien »: only fillers


class PhraseIndex:
    """Built once per question (at dialog load)."""

    def __init__(self, choices: Sequence[ChoiceSpec], *, levels: bool) -> None:
        self.levels = levels
        self.durations = frozenset(c.id for c in choices if c.durations is not None)
        phrases: list[Phrase] = []
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for choice in choices:
            labels = [part for label in choice.labels for part in _alternatives(label)]
            for number, text in enumerate((*labels, *choice.synonyms)):
                content = content_words(text)
                if content and (choice.id, content) not in seen:
                    seen.add((choice.id, content))
                    phrases.append(Phrase(choice.id, content, number < len(labels)))
        self.phrases = tuple(phrases)
        by_first: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            by_first.setdefault(phrase.words[0], []).append(phrase)
        self._by_first = {word: tuple(found) for word, found in by_first.items()}
        owners: dict[tuple[str, ...], set[str]] = {}
        for phrase in phrases:
            owners.setdefault(phrase.words, set()).add(phrase.choice)
        # a phrase that is the whole answer is exact only when one option owns it
        self.exact = {w: next(iter(o)) for w, o in owners.items() if len(o) == 1}
        self.vocabulary = tuple(sorted({w for p in phrases for w in p.words}))
        self._known = frozenset(self.vocabulary)
        self._long = tuple(w for w in self.vocabulary if len(w) >= FUZZ_MIN_LENGTH)
        self._spelling: dict[str, tuple[str, ...]] = {}

    def _canonical(self, word: str) -> tuple[str, ...]:
        """The phrase words this answer word stands for: itself, and close spellings (« arreter »,
        « arrete »; « alternace », « alternance »)."""
        if len(word) < FUZZ_MIN_LENGTH or not self._long:
            return (word,) if word in self._known else ()
        if word not in self._spelling:
            close = process.extract(word, self._long, scorer=fuzz.ratio, score_cutoff=WORD_FUZZ, limit=4)
            if len(self._spelling) > 20_000:
                self._spelling.clear()
            found = {match for match, _score, _index in close}
            if word in self._known:
                found.add(word)
            self._spelling[word] = tuple(sorted(found))
        return self._spelling[word]

    def evidence(self, read: Words) -> Evidence:
        tokens, clauses = read.tokens, read.clauses
        markers = marker_positions(tokens, levels=self.levels)
        positions: dict[str, list[int]] = {}
        content = 0
        for i, token in enumerate(tokens):
            if token in FILLERS:
                if token in self._known:  # a phrase made of fillers only (« trop bien »)
                    positions.setdefault(token, []).append(i)
                continue
            if i not in markers and token not in NEUTRAL:
                content += 1
            for canonical in self._canonical(token):
                positions.setdefault(canonical, []).append(i)
        mentions = [
            (phrase, found)
            for word in positions
            for phrase in self._by_first.get(word, ())
            if (found := _find(phrase.words, positions, clauses)) is not None
        ]
        # a clause naming nothing (« cap commencé, mais pas fini ») qualifies the clause before it
        naming = {clauses[min(found)] for _, found in mentions}
        merged: list[int] = []
        for clause in clauses:
            merged.append(clause if clause in naming or not merged else merged[-1])
        clauses = tuple(merged)
        cover: dict[str, set[int]] = {}
        named: set[str] = set()
        by_label: set[str] = set()
        for phrase, found in mentions:
            named.add(phrase.choice)
            span = (min(found), max(found))
            if is_negated(span, found, markers, clauses):
                continue
            if phrase.choice in self.durations and is_wish(span, tokens, clauses):
                continue
            cover.setdefault(phrase.choice, set()).update(found)
            if phrase.label:
                by_label.add(phrase.choice)
        answer = tuple(t for t in tokens if t not in FILLERS)
        return Evidence(
            cover={c: frozenset(p) for c, p in cover.items()},
            by_label=frozenset(by_label),
            denied=frozenset(named - set(cover)),
            content=content,
            exact=self.exact.get(answer),
        )


def _alternatives(label: str) -> list[str]:
    """A label and its alternatives: « Apprentissage / alternance », « CAP ou BEP »."""
    parts = [p.strip() for p in _ALTERNATIVE.split(label) if p.strip()]
    return [label, *parts] if len(parts) > 1 else [label]


def _find(
    phrase: tuple[str, ...], positions: dict[str, list[int]], clauses: tuple[int, ...]
) -> frozenset[int] | None:
    """Positions of the phrase's words in one clause of the answer, or None."""
    first = positions.get(phrase[0])
    if not first:
        return None
    for start in first:
        clause = clauses[start]
        found = {start}
        for word in phrase[1:]:
            here = [p for p in positions.get(word, ()) if clauses[p] == clause and p not in found]
            if not here:
                break
            found.add(here[0])
        else:
            return frozenset(found)
    return None
