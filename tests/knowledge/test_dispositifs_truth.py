"""What the shipped catalogue proposes to whom (issue 10: truthful doors), through Catalogue.recommend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.knowledge.dispositifs import Catalogue, load_catalogue

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    loaded, problems = load_catalogue(ROOT / "knowledge" / "dispositifs.yaml")
    assert problems == []
    return loaded


def person(**answers: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"qpv": False, "quartier": None, "commune": "Roubaix"}
    return base | answers


def ids(catalogue: Catalogue, **answers: Any) -> list[str]:
    return [r.dispositif.id for r in catalogue.recommend(person(**answers))]


def test_an_ended_programme_is_never_proposed(catalogue: Catalogue) -> None:
    ended = catalogue.get("emplois_francs")
    assert ended is not None and ended.statut == "termine" and ended.fin == "2024-12-31"
    everyone = person(
        age="18_25", scolarite="arret", diplome="aucun", projet="emploi", qpv=True, quartier="X"
    )
    assert ended.conditions[0].condition.evaluate(everyone)  # its rule holds...
    assert "emplois_francs" not in ids(catalogue, **(everyone | {"qpv": True}))  # ...yet it is not proposed
    assert "emplois_francs" not in [
        r.dispositif.id for r in catalogue.recommend(everyone, only=("emplois_francs",))
    ]


@pytest.mark.parametrize("diplome", ["aucun", "brevet", "cap_bep", "bac"])
def test_e2c_for_those_without_higher_education(catalogue: Catalogue, diplome: str) -> None:
    assert "e2c" in ids(catalogue, age="18_25", scolarite="arret", diplome=diplome, projet="metier")


def test_never_e2c_nor_epide_beyond_the_bac(catalogue: Catalogue) -> None:
    shown = ids(catalogue, age="18_25", scolarite="arret", diplome="superieur", projet="metier")
    assert "e2c" not in shown and "epide" not in shown


def test_epide_up_to_cap_bep_out_of_school(catalogue: Catalogue) -> None:
    assert "epide" in ids(catalogue, age="18_25", scolarite="arret", diplome="cap_bep", projet="emploi")
    assert "epide" not in ids(catalogue, age="18_25", scolarite="arret", diplome="bac", projet="emploi")
    assert "epide" not in ids(catalogue, age="26_29", scolarite="arret", diplome="aucun", projet="emploi")
    assert "epide" not in ids(catalogue, age="18_25", scolarite="en_cours", diplome="aucun", projet="emploi")


def test_apprenticeship_after_29_is_an_exception_to_check(catalogue: Catalogue) -> None:
    recs = catalogue.recommend(
        person(age="plus_30", scolarite="arret", diplome="cap_bep", projet="entreprise")
    )
    shown = [r.dispositif.id for r in recs]
    assert "apprentissage" not in shown
    exception = next(r for r in recs if r.dispositif.id == "apprentissage_apres_29_ans")
    assert exception.dispositif.alerte is not None and "exception à vérifier" in exception.dispositif.alerte
    assert (
        "ton projet de créer une entreprise peut ouvrir l'apprentissage sans limite d'âge"
        in exception.reasons
    )
    assert "apprentissage_apres_29_ans" not in ids(
        catalogue, age="plus_30", scolarite="arret", diplome="cap_bep", projet="emploi"
    )


def test_minors_out_of_school_hear_about_the_training_obligation(catalogue: Catalogue) -> None:
    recs = catalogue.recommend(
        person(age="16_17", scolarite="arret_recent", diplome="brevet", projet="sais_pas")
    )
    ml = next(r for r in recs if r.dispositif.id == "mission_locale")
    assert any("la Mission Locale doit t'accompagner" in reason for reason in ml.reasons)
    assert "0 800 122 500" in ml.dispositif.description
    adult = catalogue.recommend(
        person(age="18_25", scolarite="arret_recent", diplome="brevet", projet="sais_pas")
    )
    ml_adult = next(r for r in adult if r.dispositif.id == "mission_locale")
    assert not any("obligation de formation" in reason for reason in ml_adult.reasons)


def test_france_travail_reason_is_not_being_an_adult(catalogue: Catalogue) -> None:
    recs = catalogue.recommend(person(age="16_17", scolarite="arret", diplome="brevet", projet="emploi"))
    ft = next(r for r in recs if r.dispositif.id == "france_travail")
    assert "tu es majeur" not in ft.reasons
    assert "dès 16 ans, France Travail peut t'accompagner, y compris en CEJ" in ft.reasons
    older = catalogue.recommend(person(age="plus_30", scolarite="arret", diplome="bac", projet="emploi"))
    ft_older = next(r for r in older if r.dispositif.id == "france_travail")
    assert not any("CEJ" in reason for reason in ft_older.reasons)  # the CEJ stops at 25 (29 with a RQTH)


def test_students_are_pointed_to_their_university(catalogue: Catalogue) -> None:
    recs = catalogue.recommend(
        person(age="18_25", scolarite="en_cours", diplome="superieur", projet="sais_pas")
    )
    cio = next(r for r in recs if r.dispositif.id == "cio")
    assert "collège ou au lycée" not in cio.dispositif.nom
    assert any("service d'orientation de ton université" in reason for reason in cio.reasons)


def test_mentoring_doors_come_after_the_main_ones(catalogue: Catalogue) -> None:
    graduate = ids(
        catalogue,
        age="18_25",
        scolarite="arret",
        diplome="superieur",
        projet="emploi",
        qpv=True,
        quartier="X",
    )
    assert "nqt" in graduate and graduate.index("nqt") >= 3  # « autres pistes »
    pupil = ids(catalogue, age="16_17", scolarite="en_cours", diplome="brevet", projet="sais_pas")
    assert "cordees_reussite" in pupil and pupil[0] == "cio"
