"""The typed-places set (typed_places.yaml) on the real open data: the quality bars of issue 8."""

from __future__ import annotations

import pytest

from bot.knowledge.geo import Resolver
from bot.knowledge.geo.query import ANSWER_WORDS
from tests.knowledge.place_eval import evaluate, load_items, taken_alone

pytestmark = pytest.mark.slow
MIN_ITEMS = 150
MIN_RIGHT = 0.95
MAX_SILENT = 0.01


def test_typed_places_are_understood_and_never_silently_wrong(real_resolver: Resolver) -> None:
    items = load_items()
    assert len(items) >= MIN_ITEMS
    assert {i.category for i in items} >= {"lead-in", "quartier-commune", "arrondissement", "not-a-place"}
    report = evaluate(real_resolver, items)
    print("\n".join(report.lines()))
    silent = [
        f"  {o.item.text!r} -> {o.shown} (attendu {o.item.expect})"
        for o in report.outcomes
        if o.verdict == "silent"
    ]
    wrong = [
        f"  {o.item.text!r} -> {o.shown} (attendu {o.item.expect})"
        for o in report.outcomes
        if o.verdict != "right"
    ]
    assert report.rate("silent") <= MAX_SILENT, "silencieusement faux :\n" + "\n".join(silent)
    assert report.rate("right") >= MIN_RIGHT, "pas compris :\n" + "\n".join(wrong)


def test_examples_of_issue_8(real_resolver: Resolver) -> None:
    r = real_resolver
    lille_sud = r.resolve("je suis à Lille Sud")
    assert lille_sud[0].place.code_qpv == "QN05972M" and lille_sud[0].place.commune == "Lille"
    assert all(c.place.commune != "Sète" for c in lille_sud)
    assert r.resolve("la grande borne grigny")[0].place.code_qpv == "QN09125M"
    assert r.resolve("j'habite à l'Alma", within="59512")[0].place.code_qpv == "QN05980M"
    assert [c.place.code_insee for c in r.resolve("tourcoing centre")] == ["59599"]
    for text in ("paris 19", "paris 19e", "19eme arrondissement paris", "75019"):
        assert r.resolve(text)[0].place.code_insee == "75119", text
    assert r.resolve("marseille 15e")[0].place.code_insee == "13215"
    assert r.resolve("lyon 8")[0].place.code_insee == "69388"
    for text in ("oui", "non", "bien sûr", "ok", "merci", "2", "?", "jsp"):
        assert r.resolve(text) == [], text


def test_homonyms_are_asked_never_taken(real_resolver: Resolver) -> None:
    for text in ("st denis", "grigny", "montreuil", "l'alma", "bourgogne", "marseille 13", "les 3000 aulnay"):
        found = real_resolver.resolve(text)
        assert len(found) > 1 and not taken_alone(found), text


def test_communes_named_like_answer_words_stay_reachable(real_resolver: Resolver) -> None:
    """« rue », « eu », « douze » are never taken alone, but Rue (80), Eu (76) and La Douze (24) are still
    found with their postcode or département."""
    named = {c.key: c for c in real_resolver.communes if c.key in ANSWER_WORDS}
    assert {"rue", "eu", "douze"} <= set(named)
    for key, commune in named.items():
        assert real_resolver.resolve(key) == [], key
        found = real_resolver.resolve(f"{commune.nom} ({commune.departement})")
        assert commune.code_insee in [c.place.code_insee for c in found], commune.nom
