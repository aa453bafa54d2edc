"""The quartier question of the orientation dialog (issue 10): a business creator who gave only a commune
with QPV is asked which quartier before the result, since CitésLab is for QPV residents."""

from __future__ import annotations

from bot.dialogs.loader import load_dialog_text
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.core import Engine, Knowledge
from bot.engine.offers import Option, TakeQuartier
from bot.engine.replies import Message
from tests.engine.conftest import ALMA, FakePlaces, Transcript

QUESTION = "Dans quel quartier de Roubaix ?"
BUTTONS = ["Alma-Gare, Epeule, Pile, Trois-Ponts", "Nouveau Roubaix", "Un autre quartier"]


def creator_from(
    talk: Transcript, place: str = "roubaix", wish: str = "Créer mon entreprise", confirm: str = "✅ Oui"
) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.press("Le bac")
    talk.press(wish)
    talk.type(place)
    talk.press(confirm)


def question(talk: Transcript) -> Message:
    return next(r for r in talk.replies if isinstance(r, Message) and QUESTION in r.text)


def test_a_roubaix_creator_is_asked_the_quartier_then_shown_citeslab(talk: Transcript) -> None:
    creator_from(talk)
    asked = question(talk)
    assert [b.label for b in asked.buttons] == BUTTONS
    assert asked.request_location  # and « 📍 Partager ma position »
    assert talk.doors() == []  # nothing decided yet
    talk.press("Nouveau Roubaix")
    assert talk.doors()[0] == "citeslab"
    assert "creation_entreprise" not in talk.doors()
    assert "tu habites le quartier prioritaire Nouveau Roubaix" in talk.cards()[0].reasons
    assert fx.PlaceResolved("59512", "QN05981M", "quartier") in talk.facts
    assert fx.Answered("quartier", "lieu_quartier", None, "quartier") in talk.facts
    assert fx.NodeReached("quartier") in talk.facts


def test_another_quartier_shows_creation_and_says_who_citeslab_is_for(talk: Transcript) -> None:
    creator_from(talk)
    talk.press("Un autre quartier")
    assert "citeslab" not in talk.doors()
    assert "creation_entreprise" in talk.doors()
    assert "réservé aux habitants des quartiers prioritaires" in talk.text()
    assert "https://www.citeslab.fr" in talk.text()  # its directory, from knowledge/dispositifs.yaml
    assert fx.Answered("quartier", "lieu_quartier", None, "autre_quartier") in talk.facts
    assert not [f for f in talk.facts if isinstance(f, fx.PlaceResolved) and f.how == "quartier"]


def test_a_quartier_typed_by_its_usual_name(talk: Transcript) -> None:
    creator_from(talk)
    talk.type("alma")
    citeslab = talk.cards()[0]
    assert citeslab.dispositif_id == "citeslab"
    # the quartier as residents say it (main's one naming, bot.knowledge.quartier_names), not the button's
    # list of names
    assert "tu habites le quartier prioritaire Nord-Est" in citeslab.reasons


def test_a_button_label_typed_and_i_dont_know(talk: Transcript) -> None:
    creator_from(talk)
    talk.type("nouveau roubai")
    assert talk.doors()[0] == "citeslab"
    creator_from(talk)
    talk.type("jsp")
    assert "creation_entreprise" in talk.doors() and "citeslab" not in talk.doors()


def test_a_text_not_understood_asks_again_with_the_buttons_never_a_dead_end(talk: Transcript) -> None:
    creator_from(talk)
    talk.type("chez ma tante")
    assert "Je ne trouve pas ce quartier à Roubaix" in talk.text()
    assert [b.label for b in question(talk).buttons] == BUTTONS
    talk.type("blabla")
    talk.type("zzz")
    assert wording.OFFER_HELP in talk.text()  # third miss: the help and a human door
    assert [b.label for b in question(talk).buttons] == BUTTONS
    unmatched = [f for f in talk.facts if isinstance(f, fx.Answered) and f.outcome == "unmatched"]
    assert [f.node for f in unmatched] == ["quartier"] * 3
    talk.press("Un autre quartier")
    assert "creation_entreprise" in talk.doors()


def test_a_position_in_a_qpv_answers_the_question(talk: Transcript) -> None:
    creator_from(talk)
    talk.send(ev.Location(ALMA.lat, ALMA.lon))
    assert "📍 Tu es dans le quartier prioritaire Alma-Gare, Epeule, Pile, Trois-Ponts." in talk.text()
    assert talk.doors()[0] == "citeslab"
    assert fx.PlaceResolved("59512", "QN05980M", "position") in talk.facts


def test_a_position_that_cannot_be_placed_asks_again(talk: Transcript) -> None:
    creator_from(talk)
    talk.send(ev.Location(0.0, 0.0))
    assert wording.POSITION_NOT_FOUND in talk.text()
    assert [b.label for b in question(talk).buttons] == BUTTONS


def test_not_asked_when_the_answer_does_not_depend_on_it(talk: Transcript) -> None:
    creator_from(talk, wish="Apprendre un métier")  # not a creator
    assert QUESTION not in talk.text() and talk.doors()
    talk.start()
    for label in ("18 à 25 ans", "J'ai arrêté il y a plus d'un an", "Le bac", "Créer mon entreprise"):
        talk.press(label)
    talk.type("alma-gare")  # already a quartier
    talk.press("✅ Oui")
    assert talk.doors()[0] == "citeslab" and "quartier" not in talk.text()
    creator_from(talk, place="saint-denis", confirm="Saint-Denis (93200)")  # no QPV in the fake resolver
    assert "Dans quel quartier" not in talk.text()
    assert "creation_entreprise" in talk.doors()


def test_not_asked_without_place_search(corpus: tuple[object, object]) -> None:
    dialog, catalogue = corpus
    talk = Transcript(Engine(dialog, Knowledge(catalogue)))  # type: ignore[arg-type]
    talk.start()
    for label in ("18 à 25 ans", "J'ai arrêté il y a plus d'un an", "Le bac", "Créer mon entreprise"):
        talk.press(label)
    talk.type("roubaix")
    assert "Dans quel quartier" not in talk.text()
    assert "creation_entreprise" in talk.doors()


def test_back_goes_to_the_place_question_and_from_the_result_to_the_quartier(talk: Transcript) -> None:
    creator_from(talk)
    talk.type("retour")
    assert "Tu habites où ?" in talk.text()
    talk.type("roubaix")
    talk.press("✅ Oui")
    talk.press("Nouveau Roubaix")
    assert talk.doors()[0] == "citeslab"
    talk.type("retour")
    assert [b.label for b in question(talk).buttons] == BUTTONS
    talk.press("Un autre quartier")  # the QPV answer is forgotten: back to the commune
    assert "citeslab" not in talk.doors() and "creation_entreprise" in talk.doors()


def test_an_old_quartier_button_is_stale(talk: Transcript) -> None:
    creator_from(talk)
    old = next(b for b in question(talk).buttons if b.label == "Nouveau Roubaix")
    talk.type("retour")
    result = talk.engine.step(talk.state, old.event)
    assert result.stale
    assert "Tu habites où ?" in "\n".join(r.text for r in result.replies if isinstance(r, Message))


def test_modify_shows_the_quartier_and_a_new_commune_drops_it(talk: Transcript) -> None:
    creator_from(talk)
    talk.press("Nouveau Roubaix")
    talk.press("✏️ Modifier une réponse")
    labels = [b.label for b in talk.buttons()]
    assert "Ton quartier : Nouveau Roubaix" in labels
    assert "Où tu habites : Roubaix" in labels
    talk.press("Ton diplôme : Le bac")
    talk.press("Plus que le bac")  # the later answers still fit: straight back to the result
    assert talk.doors()[0] == "citeslab"
    talk.press("✏️ Modifier une réponse")
    talk.press("Où tu habites : Roubaix")
    talk.type("saint-denis")
    talk.press("Saint-Denis (93200)")
    assert "citeslab" not in talk.doors() and "creation_entreprise" in talk.doors()
    variables = talk.engine.variables(talk.state)  # type: ignore[arg-type]
    assert (variables["qpv"], variables["commune"], variables["commune_a_qpv"]) == (
        False,
        "Saint-Denis",
        False,
    )


def test_the_pending_quartier_options_survive_a_saved_state() -> None:
    place = {"code_insee": "59512", "commune": "Roubaix", "departement": "59", "lat": 1.0, "lon": 2.0}
    for option in (
        Option("Nouveau Roubaix", TakeQuartier(place)),
        Option("Un autre quartier", TakeQuartier(None)),
    ):
        assert Option.from_dict(option.to_dict()) == option
    assert Option("x", TakeQuartier(None)).accepts  # an answer, not a « non »


ALWAYS_ASKED = """
dialogue: toujours
debut: lieu
noeuds:
  lieu:
    texte: Tu habites où ?
    variable: lieu
    saisie:
      type: lieu
    suite: quartier
  quartier:
    texte: Dans quel quartier de {commune} ?
    variable: lieu_quartier
    saisie:
      type: quartier
    suite: resultat
  resultat:
    texte: Voici
    resultat:
      max: 3
"""


def test_a_commune_without_qpv_skips_the_question_and_retour_skips_it_too(
    corpus: tuple[object, object],
) -> None:
    dialog, problems = load_dialog_text(ALWAYS_ASKED, "toujours.yaml")
    assert dialog is not None and not problems
    _, catalogue = corpus
    talk = Transcript(Engine(dialog, Knowledge(catalogue, FakePlaces())))  # type: ignore[arg-type]
    talk.start()
    talk.type("saint-denis")
    talk.press("Saint-Denis (93200)")  # no QPV: straight to the result
    # main's result has no « Voici » heading when no door fits: the result was reached
    assert "Dans quel quartier" not in talk.text() and fx.Completed("resultat") in talk.facts
    talk.type("retour")
    assert "Tu habites où ?" in talk.text()
    talk.type("roubaix")
    talk.press("✅ Oui")
    assert [b.label for b in question(talk).buttons] == BUTTONS
