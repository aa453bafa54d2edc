"""`qpvs_of_commune`: the QPV of a commune, named in plain words, for the quartier question."""

from __future__ import annotations

import pytest

from bot.knowledge.geo import Resolver


def test_the_qpv_of_a_commune_named_by_their_usual_quartiers(mini_resolver: Resolver) -> None:
    places = mini_resolver.qpvs_of_commune("59512")
    assert [(p.code_qpv, p.nom_qpv) for p in places] == [("QN05980M", "Alma-Gare")]
    place = places[0]
    assert (place.code_insee, place.commune, place.code_postal) == ("59512", "Roubaix", "59100")


def test_a_qpv_shared_by_two_communes_belongs_to_each_named_there(mini_resolver: Resolver) -> None:
    places = mini_resolver.qpvs_of_commune("59599")
    # no usual name known in Tourcoing: the official name as residents say it (without the communes it
    # lists, `bot.knowledge.quartier_names`); sorted by name
    assert [(p.code_qpv, p.nom_qpv, p.commune) for p in places] == [
        ("QN05980M", "Blanc Seau", "Tourcoing"),
        ("QN05985M", "La Bourgogne", "Tourcoing"),
    ]


@pytest.mark.parametrize("code", ["59350", "00000", ""])
def test_a_commune_without_qpv_or_unknown_has_none(mini_resolver: Resolver, code: str) -> None:
    assert mini_resolver.qpvs_of_commune(code) == []


def test_real_communes_name_every_qpv_in_a_button_label(real_resolver: Resolver) -> None:
    roubaix = real_resolver.qpvs_of_commune("59512")
    assert [p.nom_qpv for p in roubaix] == [
        "Alma-Gare, Epeule, Pile, Trois-Ponts",
        "Hautchamps Longchamp – Lionderie",
        "Nouveau Roubaix",
    ]
    # an arrondissement has its city's QPV (the data lists the city), in the arrondissement
    marseille_13 = real_resolver.qpvs_of_commune("13213")
    assert len(marseille_13) == len(real_resolver.qpvs_of_commune("13055")) > 30
    assert {p.code_insee for p in marseille_13} == {"13213"}
    for commune in real_resolver.communes:
        for place in real_resolver.qpvs_of_commune(commune.code_insee):
            assert place.nom_qpv and len(place.nom_qpv) <= 40, place
            assert place.code_insee == commune.code_insee
