from __future__ import annotations

import pytest

from bot.knowledge.geo import Resolver
from bot.knowledge.types import PlaceResolver


def labels(resolver: Resolver, text: str) -> list[tuple[str, str | None, float, str]]:
    return [(c.place.code_insee, c.place.code_qpv, c.score, c.kind) for c in resolver.resolve(text)]


def test_implements_the_protocol(mini_resolver: Resolver) -> None:
    resolver: PlaceResolver = mini_resolver
    assert resolver.resolve("Roubaix")


@pytest.mark.parametrize("text", ["59100", "59 100", " 59100 ", "j'habite au 59100"])
def test_postcode_with_one_commune(mini_resolver: Resolver, text: str) -> None:
    [cand] = mini_resolver.resolve(text)
    assert (cand.place.commune, cand.place.code_postal, cand.score, cand.kind) == (
        "Roubaix",
        "59100",
        100.0,
        "code_postal",
    )
    assert cand.place.code_qpv is None
    assert (cand.place.lat, cand.place.lon) == (50.6887, 3.1843)  # commune centre


def test_postcode_of_a_commune_with_several_keeps_that_postcode(mini_resolver: Resolver) -> None:
    [cand] = mini_resolver.resolve("93210")
    assert (cand.place.commune, cand.place.code_postal) == ("Saint-Denis", "93210")
    assert mini_resolver.resolve("Saint-Denis")[0].place.code_postal is None  # several: not guessed


@pytest.mark.parametrize(
    "text", ["roubaix", "Roubaix", "ROUBAIX", "roubais", "rouabix", "oubaix", "j'habite à roubaix"]
)
def test_commune_with_typos(mini_resolver: Resolver, text: str) -> None:
    cands = mini_resolver.resolve(text)
    assert cands[0].place.code_insee == "59512"
    assert cands[0].score >= 94


def test_first_word_of_a_long_name(mini_resolver: Resolver) -> None:
    [cand] = mini_resolver.resolve("Le Cateau")
    assert cand.place.commune == "Le Cateau-Cambrésis"
    assert cand.score == 95.0


def test_homonyms_are_all_returned_most_populated_first(mini_resolver: Resolver) -> None:
    found = labels(mini_resolver, "st denis")
    assert [code for code, *_ in found] == ["97411", "93066"]
    assert all(score == 100.0 for _, _, score, _ in found)
    assert [c for c, *_ in labels(mini_resolver, "Saint-Denis 93")] == ["93066"]
    assert [c for c, *_ in labels(mini_resolver, "saint denis (974)")] == ["97411"]


def test_qpv_name_alias_and_code(mini_resolver: Resolver) -> None:
    [bourgogne] = mini_resolver.resolve("Bourgogne")
    assert (bourgogne.place.code_qpv, bourgogne.place.commune, bourgogne.kind) == (
        "QN05985M",
        "Tourcoing",
        "qpv",
    )
    assert (bourgogne.place.lat, bourgogne.place.lon) == (50.73, 3.14)  # the QPV point
    [alma] = mini_resolver.resolve("l'Alma")
    assert (alma.place.code_qpv, alma.place.nom_qpv, alma.place.commune, alma.kind) == (
        "QN05980M", "Alma-Gare", "Roubaix", "alias",
    )  # fmt: skip
    assert alma.place.label() == "Roubaix (59100), quartier Alma-Gare"
    assert mini_resolver.resolve("Alma Roubaix")[0].place.code_qpv == "QN05980M"
    assert mini_resolver.resolve("blanc seau tourcoing")[0].place.commune == "Tourcoing"
    assert mini_resolver.resolve("QN05985M")[0].place.nom_qpv == "La Bourgogne"
    assert mini_resolver.resolve("QN00000X") == []


@pytest.mark.parametrize("text", ["", "   ", "asdfgh", "oui", "non", "jsp", "123", "qsdfghjklm", "?!"])
def test_garbage_gives_nothing(mini_resolver: Resolver, text: str) -> None:
    assert mini_resolver.resolve(text) == []


def test_locate_inside_a_qpv_gives_the_qpv_and_a_reference_point(mini_resolver: Resolver) -> None:
    cand = mini_resolver.locate(50.7065, 3.1655)
    assert cand is not None
    assert (cand.place.code_qpv, cand.kind, cand.score) == ("QN05980M", "position", 100.0)
    assert cand.place.commune == "Tourcoing"  # the QPV's commune nearest to the position
    assert (cand.place.lat, cand.place.lon) == (50.695, 3.18)  # never the raw position


def test_locate_outside_a_qpv_gives_the_nearest_commune(mini_resolver: Resolver) -> None:
    cand = mini_resolver.locate(50.105, 3.54)
    assert cand is not None
    assert (cand.place.commune, cand.place.code_qpv, cand.score) == ("Le Cateau-Cambrésis", None, 90.0)
    assert mini_resolver.locate(0.0, 0.0) is None  # far from any commune
    assert mini_resolver.locate(-20.89, 55.49).place.code_qpv == "QN97401M"  # type: ignore[union-attr]


def test_qpv_lookup(mini_resolver: Resolver) -> None:
    place = mini_resolver.qpv("qn05985m")
    assert place is not None and place.commune == "Tourcoing" and place.code_postal == "59200"
    assert mini_resolver.qpv("QN99999M") is None


def test_limit(mini_resolver: Resolver) -> None:
    assert len(mini_resolver.resolve("saint denis", limit=1)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "j'habite à roubaix merci",
        "jhabite a roubaix",
        "vers roubaix stp",
        "du coup roubaix",
        "jhabitearoubaix",
    ],
)
def test_lead_ins(mini_resolver: Resolver, text: str) -> None:
    assert labels(mini_resolver, text)[0][:2] == ("59512", None)


@pytest.mark.parametrize("text", ["bien sûr", "ok", "merci", "2", "?", "c ça", "ouais", "j'ai 17 ans"])
def test_answer_words_give_nothing(mini_resolver: Resolver, text: str) -> None:
    assert mini_resolver.resolve(text) == []


def test_commune_and_quartier_together(mini_resolver: Resolver) -> None:
    assert labels(mini_resolver, "tourcoing la bourgogne")[0][:2] == ("59599", "QN05985M")
    assert labels(mini_resolver, "la bourgogne a tourcoing stp")[0][:2] == ("59599", "QN05985M")
    # words we cannot place beside a commune: that commune, below a clear score so it is confirmed
    [(code, qpv, score, kind)] = labels(mini_resolver, "tourcoing centre")
    assert (code, qpv, kind) == ("59599", None, "commune") and 90 <= score < 100
    # the quartier is looked up in the commune named, and the commune named is kept on the place
    assert labels(mini_resolver, "blanc seau roubaix")[0][:2] == ("59512", "QN05980M")


def test_a_quartier_is_matched_in_the_commune_named_before(mini_resolver: Resolver) -> None:
    assert labels(
        mini_resolver,
        "blanc seau",
    )[0][0] in ("59512", "59599")
    assert labels(mini_resolver, "blanc seau")[0][1] == "QN05980M"
    assert [c[:2] for c in labels_within(mini_resolver, "blanc seau", "59599")][:1] == [("59599", "QN05980M")]
    assert [c[:2] for c in labels_within(mini_resolver, "blanc seau", "Roubaix")][:1] == [
        ("59512", "QN05980M")
    ]
    # a commune typed now wins over the one named before (the person corrects themself)
    assert labels_within(mini_resolver, "roubaix", "59599")[0][:2] == ("59512", None)
    # an unknown context is ignored, never an error
    assert labels_within(mini_resolver, "roubaix", "00000")[0][:2] == ("59512", None)
    # « centre » after Tourcoing is Tourcoing
    assert labels_within(mini_resolver, "centre ville", "59599")[0][:2] == ("59599", None)


def labels_within(resolver: Resolver, text: str, within: str) -> list[tuple[str, str | None, float, str]]:
    return [
        (c.place.code_insee, c.place.code_qpv, c.score, c.kind) for c in resolver.resolve(text, within=within)
    ]


def test_a_homonym_is_the_one_named_before(mini_resolver: Resolver) -> None:
    assert [c[0] for c in labels(mini_resolver, "saint denis")] == ["97411", "93066"]  # asked
    found = labels_within(mini_resolver, "saint denis", "93066")
    assert found[0][:3] == ("93066", None, 100.0) and found[1][2] <= 80.0  # taken, the other far behind
