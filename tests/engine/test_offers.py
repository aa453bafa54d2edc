"""Pending offers are typed, survive a save, and states saved in the older string form still work;
a stale button is a flag of the step; the engine counts the contact details it shows."""

from __future__ import annotations

import pytest

from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine.core import Engine
from bot.engine.offers import Decline, Option, Retry, Skip, TakeChoice, TakePlace
from bot.engine.state import State
from tests.engine.conftest import Transcript


@pytest.mark.parametrize(
    "option",
    [
        Option("Oui", TakeChoice("cap")),
        Option("Roubaix", TakePlace({"code_insee": "59512", "commune": "Roubaix"}, "position")),
        Option("Passer", Skip()),
        Option("Aucun", Retry()),
        Option("Non", Decline()),
    ],
)
def test_every_offer_survives_a_save(option: Option) -> None:
    assert Option.from_dict(option.to_dict()) == option


@pytest.mark.parametrize(
    ("saved", "action"),
    [
        ({"label": "Oui", "action": "choice:cap"}, TakeChoice("cap")),
        (
            {"label": "Oui", "action": "place:deeplink", "place": {"commune": "X"}},
            TakePlace({"commune": "X"}, "deeplink"),
        ),
        ({"label": "Passer", "action": "skip"}, Skip()),
        ({"label": "Aucun", "action": "retry"}, Retry()),
        ({"label": "Non", "action": "no"}, Decline()),
        ({"label": "Oui", "action": "yes"}, Decline()),  # was answered by asking again, still is
    ],
)
def test_options_saved_as_strings_are_still_read(saved: dict[str, object], action: object) -> None:
    assert Option.from_dict(saved).action == action


def test_a_conversation_saved_with_string_options_goes_on(talk: Transcript) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.type("cape")
    assert talk.state is not None and talk.state.options
    saved = talk.state.to_dict()
    first = saved["options"][0]
    assert first["kind"] == "choice"
    # the same state as an older version of the bot wrote it
    saved["options"] = [
        {"label": o["label"], "action": f"choice:{o['choice']}" if o["kind"] == "choice" else "no"}
        for o in saved["options"]
    ]
    talk.state = State.from_dict(saved)
    talk.press(first["label"])
    assert talk.state.node == "projet"
    assert any(isinstance(f, fx.Answered) and f.outcome == "confirmed" for f in talk.facts)


def test_a_stale_button_is_flagged_on_the_step(engine: Engine) -> None:
    talk = Transcript(engine)
    talk.start()
    old_age_button = talk.buttons()[2]
    fresh = engine.step(talk.state, old_age_button.event)
    assert not fresh.stale
    again = engine.step(fresh.state, old_age_button.event)
    assert again.stale and "Tu vas encore à l'école" in again.replies[-1].text  # type: ignore[union-attr]


def test_contact_details_shown_are_counted_by_the_engine(talk: Transcript) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.press("Aucun diplôme")
    talk.press("Trouver un travail")
    talk.type("roubaix")
    talk.press("✅ Oui")
    shown = [p.structure_id for c in talk.cards() for p in c.places if p.structure_id]
    assert shown and [f.structure_id for f in talk.facts if isinstance(f, fx.ContactShown)] == shown
    assert all(f.action == "card" for f in talk.facts if isinstance(f, fx.ContactShown))
    talk.send(ev.Resume())  # shown again: counted again, recommended once
    assert len([f for f in talk.facts if isinstance(f, fx.ContactShown)]) == 2 * len(shown)
    assert len([f for f in talk.facts if isinstance(f, fx.Recommended)]) == 1
