"""The result as the engine says it: one summary, a door's details and back, feedback once, /resultats,
/start mid-conversation, a shared position taken at once."""

from __future__ import annotations

from typing import Any

from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine.core import Engine, Knowledge
from bot.engine.replies import CardDetails, Message, ResultSummary
from bot.knowledge.types import PlaceCandidate
from tests.engine.conftest import ROUBAIX, FakePlaces, FakeStructures, Transcript


def reach_result(talk: Transcript, wish: str = "Apprendre un métier") -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.press("Aucun diplôme")
    talk.press(wish)
    talk.type("roubaix")
    talk.press("✅ Oui")


def test_the_result_is_one_summary_with_a_why_line_and_details_buttons(talk: Transcript) -> None:
    reach_result(talk)
    assert [type(r) for r in talk.replies] == [ResultSummary]
    summary = talk.summary()
    assert summary.text == "Voici les pistes qui te correspondent le mieux :"
    assert not summary.pin  # the first door (E2C) has no place known here: nothing to pin
    assert [c.rank for c in summary.cards] == [1, 2, 3]
    labels = [b.label for b in summary.buttons]
    assert labels[:3] == ["ℹ️ Détails 1", "ℹ️ Détails 2", "ℹ️ Détails 3"]
    assert labels[3:6] == ["👍 Ça m'aide", "👎 Pas vraiment", "🔎 Voir d'autres pistes"]
    for card in summary.cards:
        assert card.why and card.why != "tu as entre 16 et 25 ans"
    recommended = [f for f in talk.facts if isinstance(f, fx.Recommended)]
    assert recommended == [fx.Recommended(("e2c", "mission_locale", "apprentissage"), ("ml-roubaix",))]


def test_details_replace_the_summary_and_come_back(talk: Transcript) -> None:
    reach_result(talk)
    before = talk.summary()
    talk.press("ℹ️ Détails 2")
    (details,) = talk.replies
    assert isinstance(details, CardDetails) and details.edit
    assert details.card.dispositif_id == "mission_locale" and details.card.summary
    assert fx.ContactShown("ml-roubaix", "details") in talk.facts
    talk.press("⬅️ Retour aux pistes")
    again = talk.summary()
    assert again.edit and not again.pin  # in place, and no second map pin
    assert again.cards == before.cards and again.buttons == before.buttons
    assert sum(isinstance(f, fx.Recommended) for f in talk.facts) == 1  # shown again, not counted again


def test_details_of_a_door_not_recommended_is_a_stale_button(talk: Transcript) -> None:
    reach_result(talk)
    talk.send(ev.Details("citeslab"))
    assert talk.text().startswith("Ce bouton correspond à une ancienne question")


def test_feedback_once_per_conversation_and_the_summary_loses_its_thumbs(talk: Transcript) -> None:
    reach_result(talk)
    talk.press("👍 Ça m'aide")
    summary, thanks = talk.replies
    assert isinstance(summary, ResultSummary) and summary.edit
    assert "👍 Ça m'aide" not in [b.label for b in summary.buttons]
    assert isinstance(thanks, Message) and thanks.text.startswith("Merci")
    for _ in range(5):
        result = talk.engine.step(talk.state, ev.Feedback(False))
        assert not result.replies and result.toast and not result.facts
    assert [f for f in talk.facts if isinstance(f, fx.FeedbackGiven)] == [fx.FeedbackGiven(True)]


def test_feedback_before_any_result_is_a_stale_button(talk: Transcript) -> None:
    talk.start()
    talk.send(ev.Feedback(True))
    assert not any(isinstance(f, fx.FeedbackGiven) for f in talk.facts)


def test_results_again_now_and_after_starting_over(talk: Transcript) -> None:
    talk.start()
    talk.send(ev.Results())
    assert talk.text().startswith("Tu n'as pas encore de résultat") and "Tu as quel âge ?" in talk.text()
    reach_result(talk)
    first = talk.summary()
    talk.send(ev.Results())
    again = talk.summary()
    assert again.cards == first.cards and not again.edit and not again.pin
    talk.press("🔄 Recommencer")
    talk.press("26 à 29 ans")
    talk.send(ev.Results())
    previous = talk.summary()
    assert previous.cards == first.cards
    labels = [b.label for b in previous.buttons]
    assert "▶️ Reprendre" in labels and "👍 Ça m'aide" not in labels and "🔄 Recommencer" not in labels
    talk.press("▶️ Reprendre")
    assert talk.text().startswith("Tu vas encore à l'école")


def test_start_mid_conversation_asks_first_and_keeps_the_payload(talk: Transcript) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.start("src_affiche")
    assert talk.text().startswith("On était en pleine discussion")
    assert [b.label for b in talk.buttons()] == ["▶️ Reprendre", "🔄 Recommencer"]
    talk.press("▶️ Reprendre")
    assert talk.text().startswith("Tu vas encore à l'école")
    talk.start("src_affiche")
    talk.press("🔄 Recommencer")
    assert talk.text().startswith("Salut 👋") and talk.text().endswith("Tu as quel âge ?")
    assert fx.ConversationStarted("affiche", None) in talk.facts
    assert talk.state is not None and talk.state.source == "affiche"


def test_start_at_the_beginning_or_after_the_result_starts_at_once(talk: Transcript) -> None:
    talk.start()
    talk.start()
    assert "Tu as quel âge ?" in talk.text()
    reach_result(talk)
    talk.start()
    assert "Tu as quel âge ?" in talk.text()


def test_a_shared_position_is_taken_at_once_with_a_way_to_change_it(talk: Transcript) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.press("Aucun diplôme")
    talk.press("Trouver un travail")
    talk.send(ev.Location(50.6951, 3.1649))
    understood = talk.replies[0]
    assert isinstance(understood, Message)
    assert understood.text == "J'ai compris : Roubaix (59100), quartier Nord-Est."
    assert [(b.label, b.event) for b in understood.buttons] == [("✏️ Modifier", ev.Modify("lieu"))]
    assert fx.PlaceResolved("59512", "QN05980M", "position") in talk.facts
    assert isinstance(talk.replies[-1], ResultSummary)
    talk.send(ev.Modify("lieu"))
    assert talk.text().startswith("Tu habites où ?")


class UnsurePlaces(FakePlaces):
    """A resolver that places every position, but without confidence."""

    def locate(self, lat: float, lon: float) -> PlaceCandidate | None:
        return PlaceCandidate(ROUBAIX, 70.0, "position")


def test_a_position_the_resolver_is_unsure_of_is_confirmed_first(corpus: tuple[Any, Any]) -> None:
    dialog, catalogue = corpus
    talk = Transcript(Engine(dialog, Knowledge(catalogue, UnsurePlaces(), FakeStructures())))
    talk.start()
    for label in ("18 à 25 ans", "J'ai arrêté il y a plus d'un an", "Aucun diplôme", "Trouver un travail"):
        talk.press(label)
    talk.send(ev.Location(50.69, 3.18))
    assert talk.text() == "Roubaix (59100) — c'est ça ?"


def test_more_after_the_results_again_goes_on_from_the_page_on_screen(talk: Transcript) -> None:
    reach_result(talk, "Je ne sais pas encore")
    first = [c.dispositif_id for c in talk.summary().cards]
    talk.press("🔎 Voir d'autres pistes")
    second = [c.dispositif_id for c in talk.summary().cards]
    talk.send(ev.Results())
    assert [c.dispositif_id for c in talk.summary().cards] == first
    talk.press("🔎 Voir d'autres pistes")
    assert [c.dispositif_id for c in talk.summary().cards] == second


def test_never_the_same_pin_twice_in_a_conversation(talk: Transcript) -> None:
    reach_result(talk, "Trouver un travail")
    assert talk.summary().pin  # the Mission Locale of Roubaix, at its address
    talk.send(ev.Modify("diplome"))
    talk.press("Le brevet")
    assert talk.summary().cards[0].places[0].structure_id == "ml-roubaix"
    assert not talk.summary().pin  # same place, already pinned
    talk.press("🔄 Recommencer")
    reach_result(talk, "Trouver un travail")
    assert talk.summary().pin  # a new conversation
