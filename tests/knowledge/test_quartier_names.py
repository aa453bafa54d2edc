"""Quartiers named as residents say them: no code, no « Quartier Intercommunal … - », at most two parts."""

from __future__ import annotations

import csv
import re

import pytest

from bot.knowledge.quartier_names import short_qpv_name
from bot.knowledge.types import Place
from tests.knowledge.conftest import REAL_DATA

CODE = re.compile(r"\bQ[A-Z0-9]{7}\b|QN\d{5}[A-Z]")


@pytest.mark.parametrize(
    ("official", "communes", "short"),
    [
        (
            "Quartier Intercommunal Roubaix-Tourcoing - Blanc Seau - Croix Bas Saint Pierre - Wattrelos Nord",
            ("Croix", "Roubaix", "Tourcoing", "Wattrelos"),
            "Blanc Seau – Croix Bas Saint Pierre",
        ),
        (
            "Quartier Intercommunal Hautchamps Longchamp - Lionderie - 3 Baudets",
            ("Hem", "Lys-lez-Lannoy", "Roubaix"),
            "Hautchamps Longchamp – Lionderie",
        ),
        ("Quartier Intercommunal Roubaix (QN05980M)", ("Roubaix",), None),
        ("Zone Intercommunale Rives De L'Escaut", ("Anzin", "Valenciennes"), "Rives De L'Escaut"),
        ("Quartier Prioritaire De Somain", ("Rieulay", "Somain"), None),
        ("Le quartier prioritaire de Honfleur", ("Honfleur",), None),
        ("Quartier Politique De La Ville", ("Villetaneuse",), None),
        ("Quartier du Haut-Gap", ("Gap",), "Haut-Gap"),
        ("Quartiers Nord", ("Pithiviers",), "Nord"),
        ("Quartier De La Renaissance", ("Étaples",), "Renaissance"),
        ("Pacot - Vandracq", ("Roubaix",), "Pacot – Vandracq"),
        ("Rajol - Cérou - Gourgatieux - Bouloc - Verrerie", ("Carmaux",), "Rajol – Cérou"),
        ("Alma-Gare", ("Roubaix",), "Alma-Gare"),
        ("", (), None),
        (None, (), None),
    ],
)
def test_short_names(official: str | None, communes: tuple[str, ...], short: str | None) -> None:
    assert short_qpv_name(official, communes) == short


def test_a_long_pair_keeps_its_first_part() -> None:
    assert short_qpv_name("Flers En Escrebieux Pont De La Deûle - Dorignies", ("Douai",)) == (
        "Flers En Escrebieux Pont De La Deûle"
    )


def test_every_real_qpv_name_is_short_and_plain() -> None:
    path = REAL_DATA / "qpv_2024.csv"
    if not path.exists():
        pytest.skip(f"données ouvertes absentes de {REAL_DATA}")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 1500
    named = 0
    for row in rows:
        short = short_qpv_name(row["nom_qpv"], row["noms_communes"].split(";"))
        if short is None:
            continue
        named += 1
        assert not CODE.search(short), short
        assert not short.lower().startswith(("quartier ", "quartiers ", "zone ")), short
        assert "intercommunal" not in short.lower(), short
        assert short.count(" – ") <= 1 and " - " not in short, short
        assert len(short) <= 60, short
    # only the names that repeat the commune (« Quartier prioritaire de Hornaing », « Mamoudzou ») have none
    assert named > 0.97 * len(rows)


def test_label_names_commune_postcode_and_quartier_without_code() -> None:
    place = Place("59512", "Roubaix", "59", 50.69, 3.18, "59100", "QN05980M", "Alma-Gare", "Alma-Gare")
    assert place.label() == "Roubaix (59100), quartier Alma-Gare"
    assert place.admin_label() == "Roubaix (59100), Alma-Gare (QN05980M)"


def test_label_never_says_quartier_twice_nor_the_official_name() -> None:
    official = (
        "Quartier Intercommunal Roubaix-Tourcoing - Blanc Seau - Croix Bas Saint Pierre - Wattrelos Nord"
    )
    place = Place("59512", "Roubaix", "59", 50.69, 3.18, "59100", "QN05980M", official)
    # a state saved before the short name was stored: the commune alone cannot tell « Roubaix-Tourcoing »
    # is a list of communes, but the label still has no code and no « Quartier Intercommunal »
    assert "QN05980M" not in place.label() and "quartier Quartier" not in place.label()
    assert "Intercommunal" not in place.label()
    stored = Place("59512", "Roubaix", "59", 50.69, 3.18, "59100", "QN05980M", official, "Blanc Seau – X")
    assert stored.label() == "Roubaix (59100), quartier Blanc Seau – X"
