"""How a typed place is taken apart before any lookup (pure, no data needed)."""

from __future__ import annotations

import pytest

from bot.knowledge.geo.query import read_query


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("j'habite à Roubaix", "roubaix"),
        ("jhabite a roubaix", "roubaix"),
        ("jhabite roubaix", "roubaix"),
        ("je suis à Lille Sud", "lille sud"),
        ("chui vers tourcoing stp", "tourcoing"),
        ("chez moi c'est wattrelos", "wattrelos"),
        ("à côté de roubaix", "roubaix"),
        ("pres de lille merci", "lille"),
        ("dans le quartier de la bourgogne", "bourgogne"),
        ("du coup sur amiens", "amiens"),
        ("salut moi c'est Inès, j'habite à Roubaix", "roubaix"),
        ("non j'habite à Tourcoing", "tourcoing"),
        ("je dors chez un pote a lille", "lille"),
        ("la grande borne grigny", "grande borne grigny"),
    ],
)
def test_lead_ins_and_politeness_are_removed(text: str, key: str) -> None:
    query = read_query(text)
    assert query is not None and query.key == key


@pytest.mark.parametrize(
    "text",
    ["oui", "non", "bien sûr", "ok", "merci", "2", "?", "jsp", "ouais", "c ça", "nan nan", "je sais pas",
     "j'ai 17 ans", "19 ans", "chez ma mère", "dans la rue", "douze", "eu", "", "  ", "🙂"],
)  # fmt: skip
def test_answer_words_are_no_place(text: str) -> None:
    assert read_query(text) is None


@pytest.mark.parametrize(
    ("text", "city", "number"),
    [
        ("paris 19", "paris", 19),
        ("paris 19e", "paris", 19),
        ("Paris 19ème", "paris", 19),
        ("paris19", "paris", 19),
        ("19eme arrondissement paris", "paris", 19),
        ("le 19e arrondissement de paris", "paris", 19),
        ("marseille 15e", "marseille", 15),
        ("marseil 14", "marseille", 14),
        ("lyon 8", "lyon", 8),
        ("13e arrondissement", None, 13),
    ],
)
def test_arrondissements(text: str, city: str | None, number: int) -> None:
    query = read_query(text)
    assert query is not None and (query.city, query.arrondissement) == (city, number)


def test_numbers_that_are_not_arrondissements() -> None:
    lyon = read_query("lyon 69")  # 69 is the département; Lyon has 9 arrondissements
    assert lyon is not None and lyon.arrondissement is None and lyon.departements == ("69",)
    paris = read_query("paris 75019")
    assert paris is not None and paris.postcode == "75019" and paris.arrondissement is None


def test_postcodes_qpv_codes_and_numbered_quartiers() -> None:
    assert read_query("59 100").postcode == "59100"  # type: ignore[union-attr]
    assert read_query("59100roubaix").key == "roubaix"  # type: ignore[union-attr]
    assert read_query("qpv qn05972m").qpv_code == "QN05972M"  # type: ignore[union-attr]
    cite = read_query("cité 2")
    assert cite is not None and cite.key == "2"  # a numbered quartier, while « 2 » alone is nothing
    rue = read_query("Rue (80)")
    assert rue is not None and rue.answer_word and rue.departements == ("80",)
