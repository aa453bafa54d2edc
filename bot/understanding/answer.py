"""What the reader made of a typed answer: an `Answer` value, independent of the conversation machinery."""

from __future__ import annotations

from dataclasses import dataclass

# outcome: what the engine should do with the answer
TAKE = "take"  # take ``choice`` as the answer
CONFIRM = "confirm"  # ask « tu voulais dire … ? » with ``candidates`` (best first)
UNKNOWN = "unknown"  # not understood: ask again (counts as a miss)
ASIDE = "aside"  # small talk or stray input: answer briefly, ask again, not a miss
FREE = "free"  # free text for a typed input (a place): hand ``rest`` over to its resolver

OUTCOMES = (TAKE, CONFIRM, UNKNOWN, ASIDE, FREE)

# how: the way it was read (for the usage log and for tuning)
HOWS = (
    "exact",  # the answer is one of the labels or synonyms
    "words",  # word-level scoring over the sentence
    "fuzzy",  # whole-string fuzzy fallback
    "number",  # an age (or a range of ages) written in digits or words
    "birth_year",  # a birth year or date turned into an age (always confirmed)
    "duration",  # « ya 2 ans », « depuis septembre » mapped through ``durees``
    "negation",  # a named option negated or failed (« pas eu mon brevet »)
    "yesno",  # a bare « oui » / « non »
    "smalltalk",  # bonjour, merci, ok, insults, questions about the bot…
    "stray",  # an emoji, punctuation, a lone digit where no number is asked
    "text",  # handed over as free text
    "none",  # nothing recognised
)


@dataclass(frozen=True, slots=True)
class Answer:
    outcome: str  # one of OUTCOMES
    how: str  # one of HOWS
    choice: str | None = None  # the option id (or "yes" / "no" at a confirmation) when taken
    confidence: float = 0.0  # 0..1; TAKE only at or above the reader's thresholds
    candidates: tuple[str, ...] = ()  # options to offer when CONFIRM (best first)
    rest: str = ""  # « non, <rest> »: the rest of the text to read again; FREE: the text itself
    topic: str = ""  # small talk: greeting, thanks, ok, laugh, who, question, insult, refusal, emoji, digit
    value: int | None = None  # the age read (number, birth year) when there was one

    @property
    def taken(self) -> bool:
        return self.outcome == TAKE

    @property
    def first(self) -> str | None:
        """The option this answer points to first: the one taken, or the first one to confirm."""
        if self.outcome == TAKE:
            return self.choice
        if self.outcome == CONFIRM and self.candidates:
            return self.candidates[0]
        return None
