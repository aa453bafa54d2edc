"""Normalisation and choice matching of what young people actually type."""

from __future__ import annotations

import pytest

from bot.matching.choices import ChoiceMatcher, Option
from bot.matching.normalize import normalize, numbers_in


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("J'ai 18ans", "j ai 18 ans"),
        ("Ouaiiis", "oui"),
        ("jsp", "je sais pas"),
        ("CHUI au lycée !!!", "je suis au lycee"),
        ("Créer ma boîte", "creer ma boite"),
        ("g arrêté", "j ai arrete"),
        ("  l’alternance  ", "l alternance"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_numbers_in() -> None:
    assert numbers_in("j'ai 19 ans et demi") == [19]
    assert numbers_in("aucun") == []


WISHES = ChoiceMatcher(
    [
        Option("metier", ("Apprendre un métier", "formation")),
        Option("apprentissage", ("Apprentissage / alternance", "alternance", "apprenti")),
        Option("entreprise", ("Créer mon entreprise", "ma boîte", "business")),
        Option("emploi", ("Trouver un travail", "job", "taf", "bosser")),
        Option("sais_pas", ("Je ne sais pas encore", "jsp", "aucune idée")),
    ]
)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("apprentisage", "apprentissage"),
        ("je veux faire de l'alternance", "apprentissage"),
        ("creer ma boite", "entreprise"),
        ("jsp", "sais_pas"),
        ("Je sais pas trop", "sais_pas"),
        ("trouvé un taf", "emploi"),
        ("formaton", "metier"),
    ],
)
def test_clear_matches_are_taken(typed: str, key: str) -> None:
    match = WISHES.match(typed)
    assert match.key == key and match.kind in ("exact", "clear")


@pytest.mark.parametrize("typed", ["zzzz", "ok", "a", "", "🙂🙂", "12"])
def test_nonsense_matches_nothing(typed: str) -> None:
    assert WISHES.match(typed).kind == "none"


def test_numbers_select_ranges() -> None:
    ages = ChoiceMatcher(
        [Option("a", ("Moins de 16 ans",), (0, 15)), Option("b", ("18 à 25 ans",), (18, 25))]
    )
    assert ages.match("j'ai 19ans").key == "b"
    assert ages.match("15").key == "a"
    assert ages.match("17").key is None
