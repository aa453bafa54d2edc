"""The quartier question with the real place index (../shared/data), as the bot in service asks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_GEODATA_DIR
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine.core import Engine, Knowledge
from bot.engine.replies import Message
from bot.knowledge.geo import Resolver, load_resolver
from bot.knowledge.geo.sources import missing_sources
from tests.engine.conftest import Transcript

REPO_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
IN_ALMA_GARE = (50.6935, 3.1655)  # Roubaix, inside QN05980M
IN_CROIX_OUTSIDE_QPV = (50.6775, 3.1545)  # parc Barbieux side, in no QPV


@pytest.fixture(scope="module")
def real_places(tmp_path_factory: pytest.TempPathFactory) -> Resolver:
    if missing_sources(DEFAULT_GEODATA_DIR):
        pytest.skip(f"données ouvertes absentes de {DEFAULT_GEODATA_DIR} (../shared/data à côté du dépôt)")
    index = tmp_path_factory.mktemp("var") / "geodata.index"
    return load_resolver(DEFAULT_GEODATA_DIR, index, REPO_KNOWLEDGE)


@pytest.fixture
def talk(corpus: tuple[object, object], real_places: Resolver) -> Transcript:
    dialog, catalogue = corpus
    return Transcript(Engine(dialog, Knowledge(catalogue, real_places)))  # type: ignore[arg-type]


def creator(talk: Transcript, place: str, pick: str = "✅ Oui") -> None:
    talk.start()
    for label in ("18 à 25 ans", "J'ai arrêté il y a plus d'un an", "Le bac", "Créer mon entreprise"):
        talk.press(label)
    talk.type(place)
    talk.press(pick)


def asked(talk: Transcript) -> Message:
    return next(r for r in talk.replies if isinstance(r, Message) and "Dans quel quartier" in r.text)


def test_roubaix_quartiers_in_plain_words_and_a_usual_name_typed(talk: Transcript) -> None:
    creator(talk, "roubaix")
    question = asked(talk)
    assert question.text.startswith("Dans quel quartier de Roubaix ?")
    assert [b.label for b in question.buttons] == [
        "Alma-Gare, Epeule, Pile, Trois-Ponts",
        "Hautchamps Longchamp – Lionderie",
        "Nouveau Roubaix",
        "Un autre quartier",
    ]
    assert question.request_location
    talk.type("l'épeule")
    citeslab = talk.cards()[0]
    assert citeslab.dispositif_id == "citeslab"
    assert "tu habites le quartier prioritaire Epeule" in citeslab.reasons
    assert fx.PlaceResolved("59512", "QN05980M", "quartier") in talk.facts


def test_a_postcode_then_another_quartier(talk: Transcript) -> None:
    creator(talk, "59100")
    assert asked(talk).text.startswith("Dans quel quartier de Roubaix ?")
    talk.press("Un autre quartier")
    assert "citeslab" not in talk.doors()
    assert "creation_entreprise" in talk.doors()
    assert "https://www.citeslab.fr" in talk.text()


def test_an_official_name_part_typed(talk: Transcript) -> None:
    creator(talk, "roubaix")
    talk.type("lionderie")
    assert talk.doors()[0] == "citeslab"
    assert "tu habites le quartier prioritaire Hautchamps Longchamp – Lionderie" in talk.cards()[0].reasons


def test_a_position_inside_or_outside_a_qpv(talk: Transcript) -> None:
    creator(talk, "roubaix")
    talk.send(ev.Location(*IN_ALMA_GARE))
    assert "📍 Tu es dans le quartier prioritaire Alma-Gare, Epeule, Pile, Trois-Ponts." in talk.text()
    assert talk.doors()[0] == "citeslab"
    creator(talk, "roubaix")
    talk.send(ev.Location(*IN_CROIX_OUTSIDE_QPV))
    assert "tu n'habites pas un quartier prioritaire" in talk.text()
    assert "citeslab" not in talk.doors() and "creation_entreprise" in talk.doors()


def test_a_city_with_many_qpv_shows_five_and_the_others_can_be_typed(talk: Transcript) -> None:
    creator(talk, "marseille", pick="Marseille (13)")
    question = asked(talk)
    assert len(question.buttons) == 6 and question.buttons[-1].label == "Un autre quartier"
    assert "Ton quartier n'est pas dans la liste ? Écris son nom." in question.text
    assert "La Castellane La Bricarde" not in [b.label for b in question.buttons]
    talk.type("la castellane")
    assert talk.doors()[0] == "citeslab"
    assert "tu habites le quartier prioritaire La Castellane La Bricarde" in talk.cards()[0].reasons


def test_not_asked_for_a_commune_without_qpv_nor_after_a_shared_position(talk: Transcript) -> None:
    creator(talk, "bondues")
    assert "Dans quel quartier" not in talk.text()
    assert "creation_entreprise" in talk.doors()
    talk.start()
    for label in ("18 à 25 ans", "J'ai arrêté il y a plus d'un an", "Le bac", "Créer mon entreprise"):
        talk.press(label)
    talk.send(ev.Location(*IN_CROIX_OUTSIDE_QPV))  # Croix has a QPV, but the position is outside it
    # (a shared position is taken at once, « J'ai compris : … », no confirmation)
    assert "Dans quel quartier" not in talk.text()
    assert "creation_entreprise" in talk.doors()
