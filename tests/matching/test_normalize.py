"""Normalisation and choice matching of what young people actually type."""

from __future__ import annotations

import pytest

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
