"""Reading an answer: what a typed text means at a question, as a value the engine then acts on.

Pure functions from (question, text) to an `Answer`; no state is changed here. The engine calls
`read_answer` for a free-text answer, `read_offer` when it is waiting on options it offered itself, and
`offer_places` for place candidates (from a text or a shared position)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogs.model import Node
from bot.engine import wording
from bot.engine.offers import Decline, Option, Retry, TakeChoice, TakePlace
from bot.knowledge.types import PlaceCandidate, PlaceResolver
from bot.matching.choices import ChoiceMatcher
from bot.matching.choices import Option as MatchOption
from bot.matching.normalize import normalize, numbers_in

PLACE_CLEAR = 90.0
PLACE_MARGIN = 10.0
MAX_PLACE_BUTTONS = 5
MAX_TEXT = 200

YES_WORDS = frozenset(
    {"oui", "yes", "ok", "d accord", "exact", "c est ca", "ca", "voila", "carrement", "grave", "yep"}
)
NO_WORDS = frozenset({"non", "no", "pas du tout", "pas ca", "c est pas ca", "nope", "non merci"})


@dataclass(frozen=True, slots=True)
class Chosen:
    """One of the question's choices; ``outcome`` "exact" or "fuzzy" (a clear free-text match)."""

    choice: str
    outcome: str


@dataclass(frozen=True, slots=True)
class Value:
    """A value for the question's variable; ``outcome`` "number", "text" or "unmatched" (no answer
    possible, the conversation goes on without it). ``notice`` is said first when set."""

    value: Any
    outcome: str
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class Offered:
    """Not sure: ask the person to pick among ``options`` (a "did you mean", place candidates)."""

    prompt: str
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class Missed:
    """Not understood. ``message`` replaces the generic "pas compris" when set; ``unmatched`` is the text
    to count as not understood (None when the text was understood but refused, e.g. out of range)."""

    message: str | None
    unmatched: str | None


Answer = Chosen | Value | Offered | Missed


def choice_matcher(node: Node) -> ChoiceMatcher:
    """The matcher for a choice question: labels in every language, synonyms, numbers."""
    return ChoiceMatcher(
        [MatchOption(c.id, (*c.label.translations.values(), *c.synonyms), c.numbers) for c in node.choices]
    )


def read_answer(
    node: Node,
    text: str,
    *,
    matcher: ChoiceMatcher | None,
    places: PlaceResolver | None,
    lang: str,
    misses: int,
) -> Answer:
    """What ``text`` answers at question ``node`` (a choice, number, place or free-text question).

    ``matcher`` is `choice_matcher(node)` for a choice question; ``misses`` the answers already missed
    at this node (the second "place not found" says more)."""
    if node.choices:
        assert matcher is not None
        return read_choice(node, matcher, text, lang)
    if node.input is not None and node.input.kind == "nombre":
        return read_number(node, text, lang)
    if node.input is not None and node.input.kind == "lieu":
        return read_place(places, text, misses, lang)
    return read_text(text)


def read_choice(node: Node, matcher: ChoiceMatcher, text: str, lang: str) -> Answer:
    match = matcher.match(text)
    if match.key is not None and match.kind in ("number", "exact", "clear"):
        return Chosen(match.key, "exact" if match.kind == "exact" else "fuzzy")
    if match.kind in ("near", "ambiguous"):
        choices = [c for key in match.alternatives if (c := node.choice(key)) is not None]
        if len(choices) == 1:
            return Offered(
                wording.DID_YOU_MEAN.get(lang).format(label=choices[0].label.get(lang)),
                (Option(wording.YES, TakeChoice(choices[0].id)), Option(wording.NO, Decline())),
            )
        return Offered(
            wording.WHICH_ONE,
            (
                *(Option(c.label.get(lang), TakeChoice(c.id)) for c in choices),
                Option(wording.NONE_OF_THESE, Decline()),
            ),
        )
    return Missed(None, text)


def read_number(node: Node, text: str, lang: str = "fr") -> Answer:
    assert node.input is not None
    numbers = numbers_in(text)
    if len(numbers) != 1:
        return Missed(wording.NUMBER_EXPECTED, text)
    value = numbers[0]
    low, high = node.input.minimum, node.input.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return Missed(wording.NUMBER_RANGE.get(lang).format(minimum=low, maximum=high), None)
    return Value(value, "number")


def read_text(text: str) -> Answer:
    if not text:
        return Missed(wording.TEXT_EXPECTED, None)
    if len(text) > MAX_TEXT:
        return Missed(wording.TEXT_TOO_LONG, None)
    return Value(text, "text")


def read_place(places: PlaceResolver | None, text: str, misses: int, lang: str = "fr") -> Answer:
    if places is None:
        return Value(None, "unmatched", notice=wording.PLACE_UNAVAILABLE)
    candidates = places.resolve(text, limit=MAX_PLACE_BUTTONS) if text else []
    if not candidates:
        return Missed(wording.PLACE_NOT_FOUND_AGAIN if misses >= 1 else wording.PLACE_NOT_FOUND, text)
    return offer_places(candidates, how="text", lang=lang)


def offer_places(candidates: Sequence[PlaceCandidate], how: str, lang: str = "fr") -> Offered:
    """One clear place to confirm, or the candidates to pick from; ``how`` it was found is kept."""
    best = candidates[0]
    second = candidates[1].score if len(candidates) > 1 else 0.0
    if (best.score >= PLACE_CLEAR and best.score - second >= PLACE_MARGIN) or len(candidates) == 1:
        return Offered(
            wording.PLACE_CONFIRM.get(lang).format(label=best.place.label()),
            (
                Option(wording.YES, TakePlace(best.place.to_dict(), how)),
                Option(wording.NO, Retry()),
            ),
        )
    return Offered(
        wording.PLACE_WHICH,
        (
            *(
                Option(c.place.label(), TakePlace(c.place.to_dict(), how))
                for c in candidates[:MAX_PLACE_BUTTONS]
            ),
            Option(wording.NONE_OF_THESE, Retry()),
        ),
    )


def read_offer(text: str, options: Sequence[Option]) -> Option | None:
    """The pending option ``text`` picks ("oui", "non", or an option's label), or None."""
    words = normalize(text)
    accepting = [o for o in options if o.accepts]
    if words in YES_WORDS and len(accepting) == 1:
        return accepting[0]
    if words in NO_WORDS:
        return next((o for o in options if not o.accepts), None)
    matcher = ChoiceMatcher([MatchOption(str(i), (o.label,)) for i, o in enumerate(options)])
    match = matcher.match(text)
    if match.key is not None and match.kind in ("exact", "clear"):
        return options[int(match.key)]
    return None
