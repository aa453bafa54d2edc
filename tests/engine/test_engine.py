"""Engine behaviour: navigation, fuzzy answers, repeated misses, deep links, stale buttons, dialog changes."""

from __future__ import annotations

import dataclasses

from bot.dialogs.loader import load_dialog_text
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine.core import Engine, Knowledge
from bot.engine.replies import Message
from bot.knowledge.dispositifs import Catalogue
from tests.engine.conftest import Transcript


def test_start_asks_age_with_buttons_and_mentions_privacy(talk: Transcript) -> None:
    talk.start()
    assert "/confidentialite" in talk.text()
    assert [b.label for b in talk.buttons()][:2] == ["Moins de 16 ans", "16 ou 17 ans"]
    assert talk.state is not None and talk.state.node == "age"


def test_back_goes_to_previous_question_and_forgets_its_answer(talk: Transcript) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.send(ev.Back())
    assert talk.state is not None and talk.state.node == "scolarite"
    assert "scolarite" not in talk.state.answers and talk.state.answers["age"] == "18_25"
    talk.type("/retour")
    assert talk.state.node == "age"
    talk.send(ev.Back())
    assert "déjà au début" in talk.text()


def test_restart_keeps_nothing_but_the_source(talk: Transcript) -> None:
    talk.start("src_affiche_alma")
    talk.press("18 à 25 ans")
    talk.type("recommencer")
    assert talk.state is not None and talk.state.node == "age" and not talk.state.answers
    assert talk.state.source == "affiche_alma"
    assert any(isinstance(f, fx.Restarted) for f in talk.facts)


def test_near_match_is_confirmed_before_it_is_taken(talk: Transcript) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.type("cape")  # close to "cap" / "CAP ou BEP" but not clear
    assert "Tu voulais dire" in talk.text() or "C'est lequel" in talk.text()
    assert talk.state is not None and talk.state.node == "diplome"
    talk.press(talk.buttons()[0].label)
    assert talk.state.node == "projet"
    assert any(isinstance(f, fx.Answered) and f.outcome == "confirmed" for f in talk.facts)


def test_repeated_misses_offer_help_instead_of_looping(talk: Transcript) -> None:
    talk.start()
    talk.type("banane")
    assert "Je n'ai pas compris" in talk.text() and talk.buttons()
    talk.type("xyz")
    assert "Toujours pas compris" in talk.text()
    talk.type("blorp")
    assert "Mission Locale" in talk.text()  # help offered with a human door
    assert any(isinstance(f, fx.HelpOffered) for f in talk.facts)
    unmatched = [
        f.unmatched_text for f in talk.facts if isinstance(f, fx.Answered) and f.outcome == "unmatched"
    ]
    assert unmatched == ["banane", "xyz", "blorp"]
    talk.press("18 à 25 ans")  # still answerable
    assert talk.state is not None and talk.state.node == "scolarite"


def test_modify_an_answer_from_the_result_replays_the_rest(talk: Transcript) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.press("Aucun diplôme")
    talk.press("Trouver un travail")
    talk.type("roubaix")
    talk.press("✅ Oui")
    assert talk.doors()[0] == "mission_locale"
    talk.press("✏️ Modifier une réponse")
    labels = [b.label for b in talk.buttons()]
    assert "Ce que tu veux : Trouver un travail" in labels
    talk.press("Ce que tu veux : Trouver un travail")
    assert talk.state is not None and talk.state.node == "projet"
    talk.press("Apprentissage / alternance")
    # the place and the other answers are reused: straight back to the result
    assert talk.doors()[0] == "apprentissage"
    assert talk.state.answers["age"] == "18_25"


def test_more_shows_the_next_doors_then_says_when_there_are_none(talk: Transcript) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.press("Aucun diplôme")
    talk.press("Je ne sais pas encore")
    talk.type("roubaix")
    talk.press("✅ Oui")
    first = talk.doors()
    talk.press("🔎 Voir d'autres pistes")
    more = talk.doors()
    assert more and not set(first) & set(more)
    assert talk.cards()[0].rank == len(first) + 1


def test_feedback_is_recorded(talk: Transcript) -> None:
    talk.start()
    talk.press("Moins de 16 ans")
    talk.press("Oui, je suis encore en cours")
    talk.send(ev.Feedback(True))
    assert fx.FeedbackGiven(True) in talk.facts


def test_ambiguous_place_offers_buttons(talk: Transcript) -> None:
    talk.start()
    talk.press("26 à 29 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.press("Le bac")
    talk.press("Trouver un travail")
    talk.type("st denis")
    labels = [b.label for b in talk.buttons()]
    assert labels == ["Saint-Denis (93200)", "Saint-Denis (97400)", "Aucun de ceux-là"]
    talk.press("Saint-Denis (97400)")
    assert fx.PlaceResolved("97411", None, "text") in talk.facts


def test_unknown_place_asks_again_then_offers_to_skip(talk: Transcript) -> None:
    talk.start()
    talk.press("26 à 29 ans")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.press("Le bac")
    talk.press("Trouver un travail")
    talk.type("atlantide")
    assert "Je ne trouve pas ce lieu" in talk.text()
    assert any(isinstance(r, Message) and r.request_location for r in talk.replies)
    talk.type("mordor")
    talk.press("⏭️ Passer cette question")
    assert talk.doors()[0] == "france_travail"
    assert "Tu n'as pas indiqué où tu habites" in (talk.cards()[0].no_place_note or "")


def test_qpv_deep_link_preselects_the_quartier(talk: Transcript) -> None:
    talk.start("qpv_QN05980M")
    assert fx.ConversationStarted("qpv_QN05980M", "QN05980M") in talk.facts
    talk.press("30 ans ou plus")
    talk.press("J'ai arrêté il y a plus d'un an")
    talk.press("Le bac")
    talk.press("Créer mon entreprise")
    assert "Tu habites bien à Roubaix (59100), quartier Nord-Est ?" in talk.text()
    talk.press("✅ Oui")
    assert talk.doors()[0] == "citeslab"
    assert fx.PlaceResolved("59512", "QN05980M", "deeplink") in talk.facts


def test_invalid_deep_links_are_ignored(talk: Transcript) -> None:
    for payload in ("qpv_QN99999X", "src_<script>", "qpv_../../etc", "x" * 300):
        talk.start(payload)
        assert talk.state is not None and talk.state.source is None and talk.state.preset_place is None
        assert talk.state.node == "age"


def test_stale_button_shows_the_current_step(talk: Transcript) -> None:
    talk.start()
    old_age_button = talk.buttons()[2]
    talk.press("18 à 25 ans")
    talk.send(old_age_button.event)
    assert "ancienne question" in talk.text()
    assert talk.state is not None and talk.state.node == "scolarite"
    assert "Tu vas encore à l'école" in talk.text()


def test_no_state_restarts_gracefully(engine: Engine) -> None:
    result = engine.step(None, ev.Text("salut"))
    assert result.state.node == "age"
    assert fx.StateReset("missing") in result.facts


def test_changed_dialog_keeps_the_user_where_possible(engine: Engine) -> None:
    talk = Transcript(engine)
    talk.start()
    talk.press("18 à 25 ans")
    assert talk.state is not None
    old = dataclasses.replace(talk.state, version="0ld")
    result = engine.step(old, ev.Text("j'ai arrêté il y a plus d'un an"))
    assert result.state.version == engine.version
    assert result.state.node == "diplome"
    assert fx.StateReset("migrated") in result.facts


def test_changed_dialog_whose_node_is_gone_moves_back_and_explains(engine: Engine) -> None:
    talk = Transcript(engine)
    talk.start()
    talk.press("18 à 25 ans")
    assert talk.state is not None
    gone = dataclasses.replace(talk.state, version="0ld", node="ancien_noeud")
    result = engine.step(gone, ev.Resume())
    texts = " ".join(r.text for r in result.replies if isinstance(r, Message))
    assert "mis à jour" in texts
    assert result.state.node == "age"


def test_state_of_an_unknown_dialog_restarts(engine: Engine) -> None:
    talk = Transcript(engine)
    talk.start()
    assert talk.state is not None
    other = dataclasses.replace(talk.state, dialog="autre")
    result = engine.step(other, ev.Text("18"))
    assert result.state.node == "age" and fx.StateReset("other_dialog") in result.facts


def test_a_branch_with_no_match_at_runtime_never_strands_the_user() -> None:
    text = """
dialogue: mini
debut: q
noeuds:
  q:
    texte: Question ?
    variable: v
    choix:
      - id: a
        libelle: A
    suite:
      - si: "v == 'b'"
        suite: fin
  fin:
    texte: Fin.
    fin: true
"""
    dialog, problems = load_dialog_text(text, "mini.yaml")
    assert dialog is not None and not problems
    engine = Engine(dialog, Knowledge(Catalogue(())))
    start = engine.step(None, ev.Start())
    result = engine.step(start.state, ev.Choose("q", "a"))
    labels = [b.label for r in result.replies if isinstance(r, Message) for b in r.buttons]
    assert "🔄 Recommencer" in labels
    assert fx.ErrorOccurred("no_branch") in result.facts


def test_translations_fall_back_to_french(engine: Engine) -> None:
    talk = Transcript(engine)
    talk.start()
    assert talk.state is not None
    english = dataclasses.replace(talk.state, lang="en")
    result = engine.step(english, ev.Resume())
    assert any(isinstance(r, Message) and r.text == "How old are you?" for r in result.replies)
    german = dataclasses.replace(talk.state, lang="de")
    result = engine.step(german, ev.Resume())
    assert any(isinstance(r, Message) and r.text == "Tu as quel âge ?" for r in result.replies)
