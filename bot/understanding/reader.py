"""Read one typed answer to one question: text -> `Answer`.

Order: small talk and stray input; a bare « oui » / « non »; ages (`nombres`); then the words of the
sentence weighed together, with negation, failure and durations (`durees`); whole-string fuzzy only when
no word matched. Everything per question is precomputed in `QuestionReader.__init__` (once per dialog
load); `read` compiles nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from rapidfuzz import fuzz, process

from bot.understanding.answer import ASIDE, CONFIRM, FREE, TAKE, UNKNOWN, Answer
from bot.understanding.durations import read_duration
from bot.understanding.numbers import read_age
from bot.understanding.polarity import NO_EMOJI, YES_EMOJI, go_ahead, yes_no
from bot.understanding.smalltalk import aside_after_all, asks_about_the_question, small_talk
from bot.understanding.spec import PLACE, QuestionSpec
from bot.understanding.text import Words, folded, words
from bot.understanding.words import PhraseIndex

MAX_TEXT = 300  # longer answers are read on their first characters
MAX_CANDIDATES = 3
# Thresholds, set on the tuning half of tests/understanding/corpus (see bench/eval_understanding.py).
TAKE_ALONE = 0.5  # only one option named: take it when its phrases cover half the content words
TAKE_AHEAD = 0.5  # several named: the best must cover this share, and twice the words of the next one
FUZZY_TAKE = 95.0  # whole-string fallback: take at or above (and FUZZY_MARGIN ahead)…
FUZZY_MARGIN = 10.0
FUZZY_CONFIRM = 78.0  # …confirm at or above, otherwise unknown
NEGATIVE_HEADS = frozenset("aucun aucune rien pas sans zero nada".split())
DONT_KNOW = frozenset(
    "je sais pas plus nulle part aucune idee sait connais che chai chais pa sai chepa".split()
)


class QuestionReader:
    def __init__(self, spec: QuestionSpec) -> None:
        self.spec = spec
        self.order = tuple(c.id for c in spec.choices)
        self.yes = spec.yes or _polar_choice(spec, "oui")
        self.no = spec.no or _polar_choice(spec, "non")
        # « oui, au lycée »: a leading yes names the option a bare yes means
        choices = tuple(
            replace(c, synonyms=(*c.synonyms, "oui")) if c.id == self.yes else c for c in spec.choices
        )
        self.index = PhraseIndex(choices, levels=spec.levels)
        self.numbered = tuple((c.id, c.numbers) for c in spec.choices if c.numbers is not None)
        self.timed = tuple((c.id, c.durations) for c in spec.choices if c.durations is not None)
        self.timed_ids = frozenset(c for c, _ in self.timed)
        self.negative = tuple(p.choice for p in self.index.phrases if p.words[0] in NEGATIVE_HEADS)
        self._fuzzy_texts = tuple(" ".join(p.words) for p in self.index.phrases)
        self._fuzzy_owners = tuple(p.choice for p in self.index.phrases)

    def read(self, text: str, today: dt.date) -> Answer:
        read = words(text.strip()[:MAX_TEXT])
        if self.spec.kind == PLACE:
            return self._place(read)
        stripped = read.raw.strip()
        polar_emoji = stripped in YES_EMOJI or stripped in NO_EMOJI
        if not (polar_emoji and (self.yes or self.no)):
            aside = small_talk(read, numbers_expected=bool(self.numbered))
            if aside is not None:
                return Answer(ASIDE, aside[0], topic=aside[1])
        if go_ahead(read):
            return Answer(ASIDE, "smalltalk", topic="ok")
        if asks_about_the_question(read):
            return Answer(ASIDE, "smalltalk", topic="question")
        polar = yes_no(read)
        if polar is not None and not polar[1]:
            return self._bare(polar[0])
        if self.numbered:
            age = self._age(read, today)
            if age is not None:
                return age
        answer = self._words(read, today)
        if answer.outcome == UNKNOWN:
            aside = aside_after_all(read)
            if aside is not None:
                return Answer(ASIDE, aside[0], topic=aside[1])
        return answer

    # ------------------------------------------------------------------ pieces

    def _place(self, read: Words) -> Answer:
        aside = small_talk(read, numbers_expected=False)
        if aside is not None:
            return Answer(ASIDE, aside[0], topic=aside[1])
        if yes_no(read) is not None:
            return Answer(UNKNOWN, "yesno")
        if read.tokens and all(t in DONT_KNOW for t in read.tokens):
            return Answer(UNKNOWN, "none", topic="dont_know")
        if asks_about_the_question(read):
            return Answer(ASIDE, "smalltalk", topic="question")
        aside = aside_after_all(read)
        if aside is not None:
            return Answer(ASIDE, aside[0], topic=aside[1])
        return Answer(FREE, "text", rest=read.raw.strip())

    def _bare(self, polarity: str) -> Answer:
        target = self.yes if polarity == "yes" else self.no
        if target is not None:
            return Answer(TAKE, "yesno", target, 0.9)
        if polarity == "no" and self.yes is not None:
            others = tuple(c for c in self.order if c != self.yes)
            return Answer(CONFIRM, "yesno", None, 0.5, others[:MAX_CANDIDATES])
        if polarity == "no" and self.negative:
            return Answer(CONFIRM, "yesno", None, 0.5, tuple(dict.fromkeys(self.negative)))
        return Answer(UNKNOWN, "yesno")

    def _age(self, read: Words, today: dt.date) -> Answer | None:
        age = read_age(read, today)
        if age is None:
            return None
        bands = [c for c, (lo, hi) in self.numbered if lo <= age.high and age.low <= hi]
        if not bands:
            return None
        bands.sort(key=lambda c: self._distance(c, age.likely))
        ranked = tuple(bands)
        if age.born:
            return Answer(CONFIRM, "birth_year", None, 0.6, ranked, value=age.likely)
        if len(ranked) == 1:
            return Answer(TAKE, "number", ranked[0], 1.0, value=age.likely)
        return Answer(CONFIRM, "number", None, 0.5, ranked[:MAX_CANDIDATES], value=age.likely)

    def _distance(self, choice: str, age: int) -> int:
        low, high = dict(self.numbered)[choice]
        return 0 if low <= age <= high else min(abs(age - low), abs(age - high))

    def _words(self, read: Words, today: dt.date) -> Answer:
        evidence = self.index.evidence(read)
        ranked = evidence.ranked()
        if evidence.exact is not None and evidence.exact in evidence.cover:
            return Answer(TAKE, "exact", evidence.exact, 1.0)
        if self.timed:
            timed = self._timed(read, today, ranked, evidence.denied)
            if timed is not None:
                return timed
        if not ranked:
            if evidence.denied:
                return self._denied(evidence.denied)
            return self._fuzzy(read)
        best, strength = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        share = strength / max(evidence.content, 1)
        if second == 0 and share >= TAKE_ALONE:
            return Answer(TAKE, "words", best, round(min(1.0, 0.5 + share / 2), 2))
        if second and strength >= 2 * second and share >= TAKE_AHEAD:
            return Answer(TAKE, "words", best, round(min(1.0, 0.4 + share / 2), 2))
        candidates = tuple(c for c, _ in ranked[:MAX_CANDIDATES])
        return Answer(CONFIRM, "words", None, round(share / 2, 2), candidates)

    def _timed(
        self, read: Words, today: dt.date, ranked: list[tuple[str, int]], denied: frozenset[str]
    ) -> Answer | None:
        """Options with `durees`: a time since decides between them when the answer is about leaving."""
        named_timed = [c for c, _ in ranked if c in self.timed_ids]
        named_other = [c for c, _ in ranked if c not in self.timed_ids]
        leaving = bool(named_timed) or any(c not in self.timed_ids for c in denied)
        if named_other and not leaving:
            return None
        if named_other and named_timed and dict(ranked)[named_other[0]] > dict(ranked)[named_timed[0]]:
            return None
        since = read_duration(read, today)
        if since is not None:
            low, high = since
            fits = [
                (c, min(high, hi) - max(low, lo))
                for c, (lo, hi) in self.timed
                if (low < hi and high >= lo) and not (low == high and not lo <= low < hi)
            ]
            fits.sort(key=lambda item: -item[1])
            if len(fits) == 1:
                return Answer(TAKE, "duration", fits[0][0], 0.9)
            if fits:
                return Answer(CONFIRM, "duration", None, 0.5, tuple(c for c, _ in fits[:MAX_CANDIDATES]))
        if not leaving:
            return None
        strengths = {c: s for c, s in ranked if c in self.timed_ids}
        if strengths and len(set(strengths.values())) == 1 and len(strengths) == len(self.timed_ids):
            # the same leaving words name every timed option: ask which one
            return Answer(CONFIRM, "words", None, 0.4, tuple(c for c in self.order if c in strengths))
        if not strengths:
            return Answer(CONFIRM, "negation", None, 0.4, tuple(c for c in self.order if c in self.timed_ids))
        return None

    def _denied(self, denied: frozenset[str]) -> Answer:
        if not self.spec.levels:
            return Answer(UNKNOWN, "negation")
        highest = max(self.order.index(c) for c in denied)
        below = tuple(c for c in reversed(self.order[:highest]) if c not in denied)
        if len(below) == 1:
            return Answer(TAKE, "negation", below[0], 0.8)
        if below:
            return Answer(CONFIRM, "negation", None, 0.5, below[:MAX_CANDIDATES])
        return Answer(UNKNOWN, "negation")

    def _fuzzy(self, read: Words) -> Answer:
        query = " ".join(t for t in read.tokens if t)
        if len(query) < 3 or not self._fuzzy_texts:
            return Answer(UNKNOWN, "none")
        best: dict[str, float] = {}
        for _text, score, index in process.extract(
            query, self._fuzzy_texts, scorer=fuzz.WRatio, limit=None, score_cutoff=FUZZY_CONFIRM
        ):
            owner = self._fuzzy_owners[index]
            best[owner] = max(best.get(owner, 0.0), float(score))
        if not best:
            return Answer(UNKNOWN, "none")
        ranked = sorted(best.items(), key=lambda item: -item[1])
        top, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if score >= FUZZY_TAKE and score - second >= FUZZY_MARGIN:
            return Answer(TAKE, "fuzzy", top, round(score / 100, 2))
        return Answer(
            CONFIRM, "fuzzy", None, round(score / 200, 2), tuple(c for c, _ in ranked[:MAX_CANDIDATES])
        )


def _polar_choice(spec: QuestionSpec, word: str) -> str | None:
    """The one option whose label starts with « Oui » (or « Non »), if exactly one does."""
    found = [c.id for c in spec.choices if any(folded(label).split()[:1] == [word] for label in c.labels)]
    return found[0] if len(found) == 1 else None


def read_confirmation(text: str) -> Answer:
    """An answer to « … c'est ça ? » / « tu voulais dire … ? »: yes / no first, then small talk.

    « non, <rest> » gives choice "no" and the rest of the text (accents kept) to read again."""
    read = words(text.strip()[:MAX_TEXT])
    polar = yes_no(read)
    if polar is not None:
        return Answer(TAKE, "yesno", polar[0], 0.95, rest=polar[1])
    aside = small_talk(read, numbers_expected=False) or aside_after_all(read)
    if aside is not None:
        return Answer(ASIDE, aside[0], topic=aside[1])
    return Answer(UNKNOWN, "none")
