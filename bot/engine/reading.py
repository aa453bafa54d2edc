"""Reading an answer: what a typed text means at a question, as a value the engine then acts on.

Pure functions from (question, text) to an `Answer`; no state is changed here. The words themselves are
read by `bot.understanding` (one `QuestionReader` per question, built when the dialog loads); this module
turns its `Answer` into what the engine does: take a choice, offer options to confirm, answer small talk,
search a place. `read_offer` reads a text when the engine is waiting on options it offered itself
(« c'est ça ? »): a loose yes / no first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from bot.dialogs.model import Node
from bot.engine import wording
from bot.engine.offers import Decline, Option, Retry, TakeChoice, TakePlace
from bot.engine.words import Wording
from bot.knowledge.types import PlaceCandidate, PlaceResolver
from bot.matching.normalize import normalize, numbers_in
from bot.understanding import (
    ASIDE,
    CONFIRM,
    FREE,
    PLACE,
    TAKE,
    ChoiceSpec,
    QuestionReader,
    QuestionSpec,
    read_confirmation,
)
from bot.understanding import Answer as Reading
from bot.understanding.text import folded

PLACE_CLEAR = 90.0
PLACE_MARGIN = 10.0
MAX_PLACE_BUTTONS = 5
MAX_TEXT = 200
LABEL_TAKE = 90.0  # a pending option typed out (« Roubaix (59) »): its label scores at least this…
LABEL_MARGIN = 10.0  # …and this much more than the next one
NOT_WORDS = frozenset({"pas", "plus", "jamais", "ni"})
# how the reader read a choice -> the outcome counted in the usage log
OUTCOMES = {"exact": "exact", "number": "number", "birth_year": "number"}


@dataclass(frozen=True, slots=True)
class Chosen:
    """One of the question's choices; ``outcome`` "exact", "number" or "fuzzy" (read from the words)."""

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


@dataclass(frozen=True, slots=True)
class Aside:
    """Small talk or stray input (« merci », « ? », an emoji, a lone digit): ``message`` is said before
    the question again; not a miss. ``topic`` is counted, never the text."""

    topic: str
    message: str


Answer = Chosen | Value | Offered | Missed | Aside


@dataclass(frozen=True, slots=True)
class Picked:
    """The pending option a text picks; ``rest``: what came after « non, » (« non j'habite à Tourcoing »)."""

    option: Option
    rest: str = ""


OfferAnswer = Picked | Aside | None


def question_reader(node: Node) -> QuestionReader | None:
    """The reader of a choice or place question (None for other nodes): built once per dialog load."""
    if node.choices:
        spec = QuestionSpec(
            node.id,
            tuple(
                ChoiceSpec(c.id, tuple(c.label.translations.values()), c.synonyms, c.numbers, c.durations)
                for c in node.choices
            ),
            levels=node.levels,
        )
    elif node.input is not None and node.input.kind == "lieu":
        spec = QuestionSpec(node.id, kind=PLACE)
    else:
        return None
    return QuestionReader(spec)


def read_answer(
    node: Node,
    text: str,
    *,
    reader: QuestionReader | None,
    places: PlaceResolver | None,
    lang: str,
    misses: int,
    today: dt.date,
    within: str | None = None,
) -> Answer:
    """What ``text`` answers at question ``node`` (a choice, number, place or free-text question).

    ``reader`` is `question_reader(node)` for a choice or place question; ``misses`` the answers already
    missed at this node (the second "place not found" says more); ``within`` the commune (INSEE code)
    the person named just before, where a quartier name is looked for first."""
    if node.choices:
        assert reader is not None
        return read_choice(node, reader.read(text, today), text, lang)
    if node.input is not None and node.input.kind == "nombre":
        return read_number(node, text, lang)
    if node.input is not None and node.input.kind == "lieu":
        assert reader is not None
        return read_place_answer(node, reader.read(text, today), places, text, misses, lang, within)
    return read_text(text)


def read_choice(node: Node, reading: Reading, text: str, lang: str) -> Answer:
    if reading.outcome == TAKE and reading.choice is not None and node.choice(reading.choice) is not None:
        return Chosen(reading.choice, OUTCOMES.get(reading.how, "fuzzy"))
    if reading.outcome == CONFIRM:
        choices = [c for key in reading.candidates if (c := node.choice(key)) is not None]
        if choices:
            return _did_you_mean(choices, reading, lang)
    if reading.outcome == ASIDE:
        return aside(node, reading.topic, lang)
    return Missed(None, text)


def _did_you_mean(choices: Sequence[Any], reading: Reading, lang: str) -> Offered:
    age = reading.value if reading.how == "birth_year" else None
    if len(choices) == 1:
        prompt = (
            wording.AGE_CONFIRM.get(lang).format(age=age)
            if age is not None
            else wording.DID_YOU_MEAN.get(lang).format(label=choices[0].label.get(lang))
        )
        return Offered(
            prompt, (Option(wording.YES, TakeChoice(choices[0].id)), Option(wording.NO, Decline()))
        )
    return Offered(
        wording.AGE_WHICH.get(lang).format(age=age) if age is not None else wording.WHICH_ONE,
        (
            *(Option(c.label.get(lang), TakeChoice(c.id)) for c in choices),
            Option(wording.NONE_OF_THESE, Decline()),
        ),
    )


def aside(node: Node | None, topic: str, lang: str) -> Aside:
    """The short reply to small talk; a question about the question is answered with its help."""
    if topic == "question" and node is not None and node.help is not None:
        return Aside(topic, node.help.get(lang))
    return Aside(topic, wording.ASIDES.get(topic, wording.ASIDE_OTHER))


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


def read_place_answer(
    node: Node,
    reading: Reading,
    places: PlaceResolver | None,
    text: str,
    misses: int,
    lang: str,
    within: str | None = None,
) -> Answer:
    """At a place question: small talk answered, yes / no and « je sais pas » never searched."""
    if reading.outcome == ASIDE:
        return aside(node, reading.topic, lang)
    if reading.outcome == FREE:
        return read_place(places, reading.rest, misses, lang, within)
    if reading.topic == "dont_know":
        return Missed(wording.ASIDES["dont_know"], text)
    return Missed(wording.PLACE_NOT_FOUND_AGAIN if misses >= 1 else wording.PLACE_NOT_FOUND, text)


def read_place(
    places: PlaceResolver | None, text: str, misses: int, lang: str = "fr", within: str | None = None
) -> Answer:
    if places is None:
        return Value(None, "unmatched", notice=wording.PLACE_UNAVAILABLE)
    candidates = places.resolve(text, limit=MAX_PLACE_BUTTONS, within=within) if text else []
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


def offered_commune(options: Sequence[Option]) -> str | None:
    """The commune (INSEE code) of the first place pending confirmation, if any."""
    for option in options:
        if isinstance(option.action, TakePlace):
            code = option.action.place.get("code_insee")
            return str(code) if code else None
    return None


def read_offer(text: str, options: Sequence[Option], node: Node | None, lang: str) -> OfferAnswer:
    """What ``text`` says to the options pending: a loose yes / no first when they confirm something
    (« ouaip », « c ça », « nan nan », « non j'habite à Tourcoing »), then small talk, then an option's
    label typed out. None: not about the options (read it as an answer to the question)."""
    declining = next((o for o in options if not o.accepts), None)
    accepting = [o for o in options if o.accepts]
    if declining is not None:  # a « c'est ça ? » or a « c'est lequel ? »
        reading = read_confirmation(text)
        if reading.outcome == TAKE and reading.choice == "no":
            return Picked(declining, "" if _still_no(reading.rest) else reading.rest)
        if reading.outcome == TAKE and reading.choice == "yes":
            if len(accepting) == 1:
                return Picked(accepting[0])
            return Aside("which", wording.PICK_A_BUTTON)
        if reading.outcome == ASIDE and reading.topic != "digit":
            return aside(node, reading.topic, lang)
    # a number is for the question to read (« 20 » at « Tu as donc 21 ans ? »), like any fresh answer
    return _typed_label(text, options, lang)


def _still_no(rest: str) -> bool:
    """« non, c pas la bonne ville », « nan pas ça »: the rest goes on saying no, it is no new answer."""
    return any(t in NOT_WORDS for t in folded(rest).split()[:3])


def _typed_label(text: str, options: Sequence[Option], lang: str) -> Picked | None:
    typed = normalize(text)
    if len(typed) < 3:
        return None
    scores = sorted(
        (
            (max(fuzz.WRatio(typed, normalize(label)) for label in _labels(o, lang)), i)
            for i, o in enumerate(options)
        ),
        reverse=True,
    )
    best, index = scores[0]
    second = scores[1][0] if len(scores) > 1 else 0.0
    if best >= LABEL_TAKE and best - second >= LABEL_MARGIN:
        return Picked(options[index])
    return None


def _labels(option: Option, lang: str) -> tuple[str, ...]:
    """An option's label as shown (in ``lang``) and in French."""
    shown = option.label.get(lang) if isinstance(option.label, Wording) else option.label
    return (shown,) if shown == option.label else (shown, option.label)
