"""What young people type, read by the engine on the shipped dialog (issue 8): words weighed together,
numbers, birth years, negations, durations, confirmations first, small talk answered without a miss."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.core import Engine, Knowledge
from bot.knowledge.types import PlaceCandidate
from tests.engine.conftest import FakePlaces, FakeStructures, Transcript

TODAY = dt.date(2026, 11, 29)


class RecordingPlaces(FakePlaces):
    """The fake resolver, remembering every text it was asked to search."""

    def __init__(self) -> None:
        self.searched: list[tuple[str, str | None]] = []

    def resolve(self, text: str, limit: int = 5, within: str | None = None) -> list[PlaceCandidate]:
        self.searched.append((text, within))
        return super().resolve(text, limit, within)


@pytest.fixture
def places() -> RecordingPlaces:
    return RecordingPlaces()


@pytest.fixture
def talk(corpus: tuple[object, object], places: RecordingPlaces) -> Transcript:
    dialog, catalogue = corpus
    knowledge = Knowledge(catalogue, places, FakeStructures())  # type: ignore[arg-type]
    return Transcript(Engine(dialog, knowledge, today=lambda: TODAY))  # type: ignore[arg-type]


def at(talk: Transcript, node: str) -> None:
    """Answer with buttons up to ``node`` (from the start: « Recommencer » when asked mid-conversation)."""
    talk.start()
    if "🔄 Recommencer" in [b.label for b in talk.buttons()]:
        talk.press("🔄 Recommencer")
    for label in ("18 à 25 ans", "J'ai arrêté il y a plus d'un an", "Aucun diplôme", "Trouver un travail"):
        assert talk.state is not None
        if talk.state.node == node:
            return
        talk.press(label)
    assert talk.state is not None and talk.state.node == node


def answered(talk: Transcript) -> list[fx.Answered]:
    return [f for f in talk.facts if isinstance(f, fx.Answered)]


@pytest.mark.parametrize(
    ("typed", "choice"),
    [
        ("apprentisage", "apprentissage"),
        ("je veux faire de l'alternance", "apprentissage"),
        ("creer ma boite", "entreprise"),
        ("jsp", "sais_pas"),
        ("trouvé un taf", "emploi"),
        ("formaton", "metier"),
    ],
)
def test_clear_answers_are_taken(talk: Transcript, typed: str, choice: str) -> None:
    at(talk, "projet")
    talk.type(typed)
    assert talk.state is not None and talk.state.node == "lieu"
    assert talk.state.answers["projet"] == choice


def test_a_keyword_against_the_sentence_is_confirmed_first(talk: Transcript) -> None:
    at(talk, "projet")
    talk.type("ouvrir mon salon de coiffure")
    assert talk.text() == "Tu voulais dire « Créer mon entreprise » ?"
    talk.type("c ça")
    assert talk.state is not None and talk.state.answers["projet"] == "entreprise"


def test_small_talk_gets_a_short_answer_and_the_question_again_without_a_miss(talk: Transcript) -> None:
    at(talk, "age")
    talk.type("merci")
    assert talk.text() == f"{wording.ASIDES['thanks']}\n\nTu as quel âge ?"
    assert talk.buttons()[0].label == "Moins de 16 ans"
    assert talk.state is not None and talk.state.misses == 0
    assert fx.Aside("age", "thanks") in talk.facts
    assert not answered(talk)  # nothing counted as not understood, and no text kept


def test_a_question_about_the_question_is_answered_with_its_help(talk: Transcript) -> None:
    at(talk, "age")
    talk.type("pourquoi ?")
    assert talk.text().startswith("Choisis ta tranche d'âge")
    assert fx.Aside("age", "question") in talk.facts


def test_three_asides_never_lead_to_the_help_for_misses(talk: Transcript) -> None:
    at(talk, "projet")
    for typed in ("bonjour", "😂", "ok"):
        talk.type(typed)
    assert wording.OFFER_HELP not in talk.text()
    assert [f.topic for f in talk.facts if isinstance(f, fx.Aside)] == ["greeting", "emoji", "ok"]


def test_a_miss_is_counted_at_its_question_with_its_text(talk: Transcript) -> None:
    at(talk, "projet")
    talk.type("zzzz qsdf")
    missed = [f for f in answered(talk) if f.outcome == "unmatched"]
    assert missed == [fx.Answered("projet", "projet", None, "unmatched", "zzzz qsdf")]


def test_a_birth_year_is_confirmed_as_an_age_before_it_is_taken(talk: Transcript) -> None:
    at(talk, "age")
    talk.type("je suis né le 3 mars 2005")
    assert talk.text() == "Tu as donc 21 ans ?"
    assert talk.state is not None and talk.state.node == "age"
    talk.type("ouaip")
    assert talk.state.node == "scolarite" and talk.state.answers["age"] == "18_25"
    assert answered(talk)[-1] == fx.Answered("age", "age", "18_25", "confirmed")


def test_an_age_typed_at_the_birth_year_confirmation_is_the_answer(talk: Transcript) -> None:
    at(talk, "age")
    talk.type("né en 2005")
    talk.type("17")
    assert talk.state is not None and talk.state.answers["age"] == "16_17"


def test_a_negated_diploma_is_never_taken_as_obtained(talk: Transcript) -> None:
    at(talk, "diplome")
    talk.type("j'ai pas eu mon brevet")
    assert talk.state is not None and talk.state.answers["diplome"] == "aucun"
    talk.start()
    at(talk, "diplome")
    talk.type("bac pro raté")
    assert talk.text() == wording.WHICH_ONE
    assert [b.label for b in talk.buttons()][:3] == ["CAP ou BEP", "Le brevet", "Aucun diplôme"]


@pytest.mark.parametrize(
    ("typed", "choice"),
    [("j'ai décroché il y a 3 semaines", "arret_recent"), ("ya 2 ans que j'ai arrêté", "arret")],
)
def test_a_time_since_chooses_between_the_durations(talk: Transcript, typed: str, choice: str) -> None:
    at(talk, "scolarite")
    talk.type(typed)
    assert talk.state is not None and talk.state.answers["scolarite"] == choice


def test_a_bare_no_offers_the_options_it_could_mean(talk: Transcript) -> None:
    at(talk, "scolarite")
    talk.type("non")
    assert talk.text() == wording.WHICH_ONE
    labels = [b.label for b in talk.buttons()]
    assert labels == [
        "J'ai arrêté il y a moins d'un an",
        "J'ai arrêté il y a plus d'un an",
        "Aucun de ceux-là",
    ]


@pytest.mark.parametrize("typed", ["ouaip", "ui", "c ça", "bien sûr", "carrément"])
def test_a_loose_yes_confirms_a_place_and_is_never_searched(
    talk: Transcript, places: RecordingPlaces, typed: str
) -> None:
    at(talk, "lieu")
    talk.type("roubais")
    assert talk.text() == "Roubaix (59100) — c'est ça ?"
    talk.type(typed)
    assert talk.state is not None and talk.state.node == "resultat"
    assert places.searched == [("roubais", None)]


@pytest.mark.parametrize("typed", ["nan nan", "pas du tout", "nan c pas la bonne ville"])
def test_a_loose_no_asks_for_the_place_again(talk: Transcript, places: RecordingPlaces, typed: str) -> None:
    at(talk, "lieu")
    talk.type("roubais")
    talk.type(typed)
    assert talk.text().startswith(wording.PLACE_RETRY)
    assert places.searched == [("roubais", None)]


def test_no_with_a_place_declines_and_resolves_it_near_the_commune_offered(
    talk: Transcript, places: RecordingPlaces
) -> None:
    at(talk, "lieu")
    talk.type("roubais")
    talk.type("non, alma")
    assert talk.text() == "Roubaix (59100), quartier Nord-Est — c'est ça ?"
    assert places.searched[-1] == ("alma", "59512")
    talk.type("oui")
    assert talk.state is not None and talk.state.node == "resultat"


@pytest.mark.parametrize("typed", ["2", "ok", "oui", "?", "merci"])
def test_small_words_and_digits_at_the_place_question_never_search_places(
    talk: Transcript, places: RecordingPlaces, typed: str
) -> None:
    at(talk, "lieu")
    talk.type(typed)
    assert places.searched == []
    assert talk.state is not None and talk.state.node == "lieu"


def test_a_lone_digit_with_no_button_shown_is_answered_as_stray_input(talk: Transcript) -> None:
    at(talk, "lieu")
    talk.type("2")
    assert talk.text().startswith(wording.ASIDES["digit"])
    assert fx.Aside("lieu", "digit") in talk.facts


def test_small_talk_at_a_confirmation_keeps_the_offer(talk: Transcript) -> None:
    at(talk, "lieu")
    talk.type("roubais")
    talk.type("mdr")
    assert talk.text() == f"{wording.ASIDES['laugh']}\n\nRoubaix (59100) — c'est ça ?"
    talk.type("oui")
    assert talk.state is not None and talk.state.node == "resultat"


@pytest.mark.parametrize(
    ("typed", "fact"),
    [
        ("c nul", fx.FeedbackGiven(False)),
        ("trop bien", fx.FeedbackGiven(True)),
        ("on recommence", fx.Restarted()),
    ],
)
def test_typed_text_under_the_result_means_its_buttons(talk: Transcript, typed: str, fact: fx.Fact) -> None:
    at(talk, "lieu")
    talk.type("roubaix")
    talk.type("oui")
    talk.type(typed)
    assert fact in talk.facts


def test_thanks_under_the_result_is_answered_without_a_vote(talk: Transcript) -> None:
    at(talk, "lieu")
    talk.type("roubaix")
    talk.type("oui")
    talk.type("merci !!")
    # a short answer only: the result above keeps its buttons (not shown a second time)
    assert talk.text() == f"{wording.ASIDES['thanks']}" and talk.kept_screen
    assert "👍 Ça m'aide" in [b.label for b in talk.buttons()]
    assert not [f for f in talk.facts if isinstance(f, fx.FeedbackGiven)]
    assert fx.Aside("resultat", "thanks") in talk.facts
    talk.press("👍 Ça m'aide")  # the result's button, pressed after the thanks
    assert fx.FeedbackGiven(True) in talk.facts


def test_text_not_understood_under_the_result_is_a_short_hint_and_counted(talk: Transcript) -> None:
    at(talk, "lieu")
    talk.type("roubaix")
    talk.type("oui")
    talk.type("xkcd zorglub")
    assert talk.text() == wording.RESULT_NOT_UNDERSTOOD.get("fr") and talk.kept_screen  # not the result again
    assert fx.Answered("resultat", None, None, "unmatched", "xkcd zorglub") in talk.facts
    talk.press("🔄 Recommencer")  # the result's buttons are still the ones in use
    assert fx.Restarted() in talk.facts


def test_asking_to_change_an_answer_under_the_result_lists_the_answers(talk: Transcript) -> None:
    at(talk, "lieu")
    talk.type("roubaix")
    talk.type("oui")
    talk.type("je me suis trompé d'âge")
    assert talk.text() == wording.MODIFY_WHICH


def test_text_not_understood_under_the_result_is_counted_at_the_result(talk: Transcript) -> None:
    at(talk, "lieu")
    talk.type("roubaix")
    talk.type("oui")
    talk.type("zzzz qsdf")
    assert fx.Answered("resultat", None, None, "unmatched", "zzzz qsdf") in talk.facts
    assert talk.state is not None and talk.state.node == "resultat" and talk.replies
