"""Tests on the real open data of ../shared/data (skipped with a reason when the folder is absent)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.base.problems import Severity
from bot.config import Settings
from bot.knowledge.geo import Resolver
from bot.knowledge.structures import check_knowledge, load_finder

pytestmark = pytest.mark.slow
ACCURACY_SET = Path(__file__).with_name("accuracy_set.json")
MIN_ACCURACY = 0.97


def answer(resolver: Resolver, item: dict[str, object]) -> tuple[bool, str]:
    if item["kind"] == "position":
        found = resolver.locate(float(item["lat"]), float(item["lon"]))  # type: ignore[arg-type]
        got = found.place.code_qpv if found else "rien"
        return got == item["code_qpv"], f"position {item['lat']},{item['lon']} -> {got}"
    cands = resolver.resolve(str(item["query"]))
    top = cands[0].place if cands else None
    if "code_qpv" in item:
        ok = top is not None and top.code_qpv == item["code_qpv"]
    else:
        ok = top is not None and top.code_insee == item["code_insee"] and top.code_qpv is None
    shown = ", ".join(f"{c.place.label()} [{c.score:.0f}]" for c in cands[:3]) or "rien"
    return ok, f"{item['query']!r} -> {shown}"


def test_accuracy_of_the_resolver(real_resolver: Resolver) -> None:
    items = json.loads(ACCURACY_SET.read_text(encoding="utf-8"))
    assert len(items) >= 300
    misses = []
    for item in items:
        ok, text = answer(real_resolver, item)
        if not ok:
            expected = item.get("code_qpv", item.get("code_insee"))
            misses.append(f"  [{item['kind']}] {text} (attendu {expected})")
    accuracy = 1 - len(misses) / len(items)
    print(f"top-1 accuracy: {accuracy:.1%} on {len(items)} queries")
    assert accuracy >= MIN_ACCURACY, f"top-1 {accuracy:.1%} < 97 %, ratés :\n" + "\n".join(misses)


def test_examples_of_the_issue(real_resolver: Resolver) -> None:
    r = real_resolver
    assert r.resolve("roubais")[0].place.code_insee == "59512"
    assert r.resolve("59 100")[0].place.commune == "Roubaix"
    assert {c.place.code_insee for c in r.resolve("st denis")} >= {"93066", "97411"}
    assert r.resolve("villeneuve d ascq")[0].place.code_insee == "59009"
    assert r.resolve("Le Cateau")[0].place.commune == "Le Cateau-Cambrésis"
    assert r.resolve("Etouvie")[0].place.code_qpv == "QN08001M"
    assert r.resolve("Etouvie")[0].place.commune == "Amiens"
    assert any(c.place.commune == "Tourcoing" for c in r.resolve("Bourgogne"))
    for alias in ("Alma-Gare", "l'Epeule", "les Trois-Ponts"):
        assert r.resolve(alias)[0].place.code_qpv == "QN05980M", alias
    assert len(r.resolve("59200")) == 1
    several = r.resolve("01000")  # Bourg-en-Bresse and Saint-Denis-lès-Bourg
    assert len(several) > 1 and all(c.score == 100 for c in several)
    assert r.resolve("asdfgh") == [] and r.resolve("oui") == []
    inside = r.locate(50.69385, 3.1801)
    assert inside is not None and inside.place.code_qpv == "QN05980M" and inside.place.commune == "Roubaix"


def test_shipped_knowledge_is_valid_against_the_index(
    real_resolver: Resolver, real_settings: Settings
) -> None:
    problems = check_knowledge(real_settings.knowledge_dir, real_resolver, today=date(2026, 11, 22))
    errors = [str(p) for p in problems if p.severity is Severity.ERROR]
    assert errors == []


def test_every_hauts_de_france_qpv_has_a_mission_locale_within_reach(
    real_resolver: Resolver, real_settings: Settings
) -> None:
    finder = load_finder(real_settings.knowledge_dir, real_settings.geodata_dir, real_resolver)
    hdf = [q for q in real_resolver.qpvs if q.departement in {"02", "59", "60", "62", "80"}]
    assert len(hdf) == 204
    far = [q.code_qpv for q in hdf if not finder.nearest("mission-locale", q.lat, q.lon)]
    assert far == []
    roubaix = finder.nearest("mission-locale", 50.69385, 3.1801)[0].structure
    assert roubaix.id == "mission-locale-de-roubaix-lys-lez-lannoy"  # the curated entry wins
    assert finder.nearest("citeslab", 50.29, 2.77)[0].structure.commune == "Arras"
