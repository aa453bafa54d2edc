"""The follow-up, opt-in: asked once after a result on a channel that can write later; its answers."""

from __future__ import annotations

import pytest

from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine.core import Engine
from bot.engine.replies import Message
from tests.engine.conftest import Transcript


@pytest.fixture
def telegram(engine: Engine) -> Transcript:
    return Transcript(Engine(engine.dialog, engine.knowledge, offer_followup=True))


def to_result(talk: Transcript) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.press("Aucun diplôme")
    talk.press("Trouver un travail")
    talk.type("roubaix")
    talk.press("✅ Oui")


def test_asked_once_after_a_result_and_yes_is_a_fact(telegram: Transcript) -> None:
    to_result(telegram)
    last = telegram.replies[-1]
    assert isinstance(last, Message) and last.text == "Je te redemande dans une semaine si tu as pu y aller ?"
    assert [b.label for b in last.buttons] == ["🔔 Oui", "Non merci"]
    telegram.press("🔔 Oui")
    assert fx.FollowupRequested() in telegram.facts
    assert "je t'écris dans une semaine" in telegram.text()
    telegram.send(ev.Resume())  # the result again: not asked again
    assert "Je te redemande" not in telegram.text()


def test_no_thanks_typed_is_understood(telegram: Transcript) -> None:
    to_result(telegram)
    telegram.type("non merci")
    assert fx.FollowupDeclined() in telegram.facts and fx.FollowupRequested() not in telegram.facts


def test_a_loose_yes_typed_is_understood_and_other_words_go_to_the_result(telegram: Transcript) -> None:
    to_result(telegram)
    telegram.type("merci")  # small talk under the result: a short answer, the question above still open
    assert telegram.text() == "Avec plaisir 🙂" and telegram.kept_screen
    assert telegram.screen[-1].text == "Je te redemande dans une semaine si tu as pu y aller ?"  # type: ignore[union-attr]
    assert telegram.state is not None and telegram.state.followup == "asked"
    assert fx.FollowupDeclined() not in telegram.facts
    telegram.type("ouais")
    assert fx.FollowupRequested() in telegram.facts


def test_no_followed_by_a_new_wish_is_not_taken_as_no_thanks(telegram: Transcript) -> None:
    to_result(telegram)
    telegram.type("non je veux autre chose")
    assert fx.FollowupDeclined() not in telegram.facts


def test_feedback_takes_the_buttons_away_so_the_question_comes_again(telegram: Transcript) -> None:
    to_result(telegram)
    telegram.send(ev.Feedback(True))
    assert telegram.replies[-1].text.startswith("Je te redemande")  # type: ignore[union-attr]


def test_not_asked_where_the_channel_cannot_write_later(talk: Transcript) -> None:
    to_result(talk)
    assert "Je te redemande" not in talk.text()
    talk.send(ev.FollowUp(True))  # an old button: nothing is scheduled
    assert fx.FollowupRequested() not in talk.facts


def test_the_answers_a_week_later(telegram: Transcript) -> None:
    to_result(telegram)
    telegram.send(ev.FollowUpAnswer("aide"))
    assert "Mission Locale de Roubaix" in telegram.text() and "03 20 00 00 00" in telegram.text()
    telegram.send(ev.FollowUpAnswer("alle"))
    assert telegram.text().startswith("Bravo")
    telegram.send(ev.FollowUpAnswer("pas_encore"))
    assert telegram.text().startswith("Pas de souci")
    answers = [f.answer for f in telegram.facts if isinstance(f, fx.FollowupAnswered)]
    assert answers == ["aide", "alle", "pas_encore"]


def test_help_without_a_known_place_gives_the_official_directory(telegram: Transcript) -> None:
    result = telegram.engine.step(None, ev.FollowUpAnswer("aide"), lang="en")
    text = " ".join(r.text for r in result.replies if isinstance(r, Message))
    assert "Mission Locale advisers help you" in text and "https://" in text
    assert fx.FollowupAnswered("aide") in result.facts
