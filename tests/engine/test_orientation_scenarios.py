"""Walk the real orientation dialog from /start to each kind of result, by buttons and by typing."""

from __future__ import annotations

from bot.engine import facts as fx
from tests.engine.conftest import Transcript


def answer_by_buttons(talk: Transcript, age: str, school: str, diploma: str | None, wish: str | None) -> None:
    talk.start()
    talk.press(age)
    talk.press(school)
    if diploma is not None:
        talk.press(diploma)
    if wish is not None:
        talk.press(wish)


def test_e2c_by_buttons_with_the_nearest_mission_locale(talk: Transcript) -> None:
    answer_by_buttons(
        talk, "18 à 25 ans", "J'ai arrêté il y a plus d'un an", "Aucun diplôme", "Apprendre un métier"
    )
    assert "Tu habites où" in talk.text()
    talk.type("roubaix")
    assert "Roubaix (59100) — c'est ça ?" in talk.text()
    talk.press("✅ Oui")
    assert talk.doors()[0] == "e2c"
    e2c = talk.cards()[0]
    assert "tu as entre 16 et 25 ans" in e2c.reasons
    assert "tu n'as pas encore de diplôme professionnel" in e2c.reasons
    # no E2C known near Roubaix in the fake finder: honest note with the official directory
    assert e2c.no_place_note is not None and "https://reseau-e2c.fr" in e2c.no_place_note
    ml = next(c for c in talk.cards() if c.dispositif_id == "mission_locale")
    assert ml.places[0].nom == "Mission Locale de Roubaix" and ml.places[0].distance_km == 1.2
    # one summary, the feedback on it; the why line says what is specific (diploma, school), not the age
    labels = [b.label for b in talk.summary().buttons]
    assert "👍 Ça m'aide" in labels and "ℹ️ Détails 1" in labels
    assert e2c.why is not None and e2c.why.startswith("tu n'as pas encore de diplôme professionnel")
    assert "16 et 25" not in e2c.why


def test_e2c_by_typing_with_typos_and_sms(talk: Transcript) -> None:
    talk.start()
    talk.type("j'ai 19ans")
    talk.type("jai arrété depuis longtemps")
    talk.type("aucun diplome")
    talk.type("un metier")
    talk.type("roubais")
    talk.type("ouais")
    assert talk.doors()[0] == "e2c"
    outcomes = [f.outcome for f in talk.facts if isinstance(f, fx.Answered)]
    assert "button" not in outcomes


def test_apprenticeship_is_presented_honestly_after_the_end_of_prepa(talk: Transcript) -> None:
    answer_by_buttons(
        talk, "16 ou 17 ans", "J'ai arrêté il y a moins d'un an", "Le brevet", "Apprentissage / alternance"
    )
    talk.type("59100")
    talk.press("✅ Oui")
    first = talk.cards()[0]
    assert first.dispositif_id == "apprentissage"
    assert first.status_note is not None and "31 décembre 2024" in first.status_note
    assert "tu veux apprendre en alternance" in first.reasons


def test_apprenticeship_typed(talk: Transcript) -> None:
    talk.start()
    talk.type("17")
    talk.type("g arreté cette année")
    talk.type("brevet")
    talk.type("je veux faire de l'alternance")
    talk.type("roubaix")
    talk.type("oui")
    assert talk.doors()[0] == "apprentissage"


def test_citeslab_for_a_qpv_resident_with_a_business_idea(talk: Transcript) -> None:
    answer_by_buttons(
        talk, "30 ans ou plus", "J'ai arrêté il y a plus d'un an", "Le bac", "Créer mon entreprise"
    )
    talk.type("alma-gare")
    assert "Roubaix (59100), quartier Nord-Est" in talk.text() and "QN05980M" not in talk.text()
    talk.press("✅ Oui")
    citeslab = talk.cards()[0]
    assert citeslab.dispositif_id == "citeslab"
    assert "tu habites le quartier prioritaire Nord-Est" in citeslab.reasons
    resolved = [f for f in talk.facts if isinstance(f, fx.PlaceResolved)]
    assert resolved == [fx.PlaceResolved("59512", "QN05980M", "text")]


def test_business_idea_outside_a_qpv_gets_bpifrance_creation_not_citeslab(talk: Transcript) -> None:
    answer_by_buttons(
        talk, "26 à 29 ans", "J'ai arrêté il y a plus d'un an", "Le bac", "Créer mon entreprise"
    )
    talk.type("roubaix")
    talk.press("✅ Oui")
    assert "Dans quel quartier de Roubaix ?" in talk.text()  # Roubaix has QPV: which quartier?
    talk.press("Un autre quartier")
    assert "citeslab" not in talk.doors()
    assert "creation_entreprise" in talk.doors()


def test_citeslab_typed_with_shared_position(talk: Transcript) -> None:
    from bot.engine import events as ev

    talk.start()
    talk.type("j'ai 34 ans")
    talk.type("plus à l'école depuis longtemps")
    talk.type("bac pro")
    talk.type("creer ma boite")
    talk.send(ev.Location(50.6951, 3.1649))
    # taken at once, said in plain words, with a way to change it (no yes/no question)
    assert talk.text().startswith("J'ai compris : Roubaix (59100), quartier Nord-Est.")
    assert talk.doors()[0] == "citeslab"
    # the raw position never enters the state: only the reference point of the QPV
    assert talk.state is not None
    assert "50.6951" not in str(talk.state.to_dict())


def test_mission_locale_for_a_young_person_looking_for_a_job(talk: Transcript) -> None:
    answer_by_buttons(talk, "18 à 25 ans", "J'ai arrêté il y a moins d'un an", "Le bac", "Trouver un travail")
    talk.type("roubaix")
    talk.press("✅ Oui")
    assert talk.doors()[0] == "mission_locale"
    card = talk.cards()[0]
    assert card.places[0].telephone == "03 20 00 00 00"


def test_mission_locale_typed(talk: Transcript) -> None:
    talk.start()
    talk.type("22 ans")
    talk.type("jai arreter y a 3 mois")
    talk.type("bac")
    talk.type("trouvé un taf")
    talk.type("roubaix")
    talk.type("oui")
    assert talk.doors()[0] == "mission_locale"


def test_under_16_gets_school_guidance_not_a_dead_end(talk: Transcript) -> None:
    answer_by_buttons(talk, "Moins de 16 ans", "Oui, je suis encore en cours", None, None)
    assert "CIO" in talk.text()
    # issue 10: under-16s are also told that apprenticeship is possible from 15, after the 3e
    assert talk.doors() == ["cio", "apprentissage_des_15_ans"]
    assert "🔄 Recommencer" in [b.label for b in talk.buttons()]


def test_under_16_typed(talk: Transcript) -> None:
    talk.start()
    talk.type("14")
    talk.type("je suis au college")
    assert talk.doors() == ["cio", "apprentissage_des_15_ans"]


def test_over_25_gets_france_travail_first(talk: Transcript) -> None:
    answer_by_buttons(
        talk, "30 ans ou plus", "J'ai arrêté il y a plus d'un an", "CAP ou BEP", "Trouver un travail"
    )
    talk.type("roubaix")
    talk.press("✅ Oui")
    assert talk.doors()[0] == "france_travail"
    assert "mission_locale" not in talk.doors() and "e2c" not in talk.doors()
    assert "tu as plus de 25 ans" in talk.cards()[0].reasons


def test_over_25_typed(talk: Transcript) -> None:
    talk.start()
    talk.type("27ans")
    talk.type("depuis longtemps")
    talk.type("cap")
    talk.type("bosser")
    talk.type("59100")
    talk.type("ok")
    assert talk.doors()[0] == "france_travail"
