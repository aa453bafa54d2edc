"""The quality gate of issue 8, on the reader: the corpus of typed answers, per the issue's bars."""

from __future__ import annotations

import pytest

from bot.understanding import ASIDE, TAKE
from tests.understanding.harness import (
    ASK,
    OFF_TOPIC,
    QUESTIONS,
    RIGHT,
    SILENT,
    Item,
    Readers,
    Tally,
    describe,
    dialog_specs,
    load_corpus,
    proposed_overlay,
    rate,
    shipped_dialog,
)

LABELS_BEYOND_CHOICES = {
    "lieu": {"lieu"},
    "confirmation": {"oui", "non"},
    "resultat": {"utile", "pas_utile", "autres_pistes", "modifier", "recommencer"},
}


@pytest.fixture(scope="module")
def corpus() -> list[Item]:
    return load_corpus()


@pytest.fixture(scope="module")
def readers() -> Readers:
    return Readers(dialog_specs(shipped_dialog(), proposed_overlay()))


def test_corpus_covers_every_question_with_valid_labels(corpus: list[Item]) -> None:
    dialog = shipped_dialog()
    assert len(corpus) >= 550
    assert {item.question for item in corpus} == set(QUESTIONS)
    for item in corpus:
        node = dialog.nodes.get(item.question)
        allowed = {c.id for c in node.choices} if node is not None and node.choices else set()
        allowed |= LABELS_BEYOND_CHOICES.get(item.question, set()) | {ASK, OFF_TOPIC}
        assert item.expected in allowed, f"{item.where}: « {item.expected} » n'est pas une réponse possible"
        assert item.expected != "lieu" or item.place, f"{item.where}: « lieu: » manque"
    texts = [(item.question, item.text, item.lot) for item in corpus]
    assert len(texts) == len(set(texts)), "an answer appears twice in the same file"


@pytest.mark.parametrize("half", ["tune", "check", "all"])
def test_reader_meets_the_quality_bars(corpus: list[Item], readers: Readers, half: str) -> None:
    tally = Tally()
    for item in corpus:
        if half == "all" or item.half == half:
            tally.add(item, readers.read(item))
    total = tally.total()
    mistakes = "\n".join(f"« {i.text} » ({i.question}) -> {describe(a)}" for i, a in tally.silent)
    assert rate(total, RIGHT) >= 0.95, f"right {rate(total, RIGHT):.1%}"
    assert rate(total, (SILENT,)) <= 0.01, f"silently wrong {rate(total, (SILENT,)):.1%}:\n{mistakes}"


def test_off_topic_is_never_taken_and_mostly_answered_as_small_talk(
    corpus: list[Item], readers: Readers
) -> None:
    off_topic = [item for item in corpus if item.expected == OFF_TOPIC]
    answers = [(item, readers.read(item)) for item in off_topic]
    taken = [f"« {i.text} » -> {describe(a)}" for i, a in answers if a.outcome == TAKE or a.rest]
    assert not taken
    aside = sum(a.outcome == ASIDE for _, a in answers)
    assert aside / len(answers) >= 0.9, f"{aside}/{len(answers)} answered as small talk"
