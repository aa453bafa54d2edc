from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from bot.config import Settings
from bot.knowledge.structures import Finder, directory_for, freshness_note, load_finder, load_structures
from bot.knowledge.structures.curated import read_curated
from bot.knowledge.structures.directories import Listed
from bot.knowledge.structures.importer import IMPORT_DIR, import_file
from bot.knowledge.structures.merge import merge
from bot.knowledge.types import Structure, StructureFinder

from .conftest import FIXTURES

TODAY = date(2026, 11, 22)


def make(ident: str, lat: float, lon: float, reseau: str = "mission-locale", **kw: object) -> Structure:
    fields: dict[str, object] = {"nom": "Mission locale de Roubaix", "source": "test", "date_maj": "2026-01"}
    fields.update(kw)
    return Structure(id=ident, reseau=reseau, lat=lat, lon=lon, **fields)  # type: ignore[arg-type]


def test_curated_yaml_gives_one_structure_per_network() -> None:
    entries, problems = read_curated(FIXTURES / "knowledge", TODAY)
    assert [p for p in problems if p.severity.value == "erreur"] == []
    structures = [s for e in entries for s in e.structures]
    assert [(s.id, s.reseau) for s in structures] == [
        ("ml-roubaix", "mission-locale"),
        ("e2c-tourcoing", "ecoles-de-la-deuxieme-chance"),
        ("e2c-tourcoing", "mission-locale"),
    ]
    assert structures[0].code_postal == "59100" and structures[0].approximate_position


def test_importer_reads_json_and_csv_exports() -> None:
    from_json = import_file(FIXTURES / "data_inclusion_export.json")
    assert [(x.structure.nom, x.structure.reseau) for x in from_json] == [
        ("Mission locale de Roubaix", "mission-locale"),
        ("Agence France Travail Lille", "france-travail"),
    ]  # no coordinates / unknown network: skipped
    first = from_json[0]
    assert first.siret == "12345678900011"
    assert first.structure.horaires_accueil == "Mo-Fr 09:00-17:00"
    assert first.structure.date_maj == "2025-10-01"
    from_csv = import_file(FIXTURES / "data_inclusion_export.csv")
    assert [(x.structure.nom, x.structure.reseau) for x in from_csv] == [
        ("EPIDE fictif", "epide"),
        ("Mission locale fictive", "mission-locale"),
        ("Mission locale fictive", "plie"),
    ]
    assert from_csv[0].structure.adresse == "2 rue Exemple, Bâtiment B"


def test_merge_keeps_the_curated_entry_for_the_same_place() -> None:
    curated = make("c", 50.6887, 3.1843, code_insee="59512", adresse="92 avenue Jean-Baptiste-Lebas")
    imported = make("i", 50.689, 3.185, code_insee="59512", adresse="92 av. Jean-Baptiste Lebas")
    other = make("o", 50.70, 3.17, code_insee="59512", adresse="1 rue Ailleurs")
    elsewhere = make("e", 50.72, 3.15, code_insee="59599")
    kept = merge([Listed(curated)], [Listed(imported), Listed(other), Listed(elsewhere)])
    assert [s.id for s in kept] == ["c", "o", "e"]
    by_siret = merge([Listed(curated, "1")], [Listed(make("z", 45.0, 5.0, code_insee="38185"), "1")])
    assert [s.id for s in by_siret] == ["c"]
    no_address = make("n", 50.6887, 3.1843, code_insee="59512")
    assert [s.id for s in merge([Listed(no_address)], [Listed(imported)])] == ["n", "i"]


def test_finder_widens_the_radius_and_sorts_by_distance() -> None:
    finder: StructureFinder = Finder(
        [
            make("near", 50.70, 3.18),
            make("mid", 50.85, 3.18),
            make("far", 51.07, 3.18),
            make("e2c", 50.70, 3.18, "e2c"),
        ]
    )
    hits = finder.nearest("mission-locale", 50.69, 3.18, limit=5)
    assert [(h.structure.id, h.distance_km) for h in hits] == [
        ("near", 1.1)
    ]  # found within 10 km: stop there
    hits = finder.nearest("mission-locale", 50.80, 3.18, limit=5)
    assert [h.structure.id for h in hits] == ["mid"]  # 5.6 km
    hits = finder.nearest("mission-locale", 50.95, 3.18, limit=5)
    assert [h.structure.id for h in hits] == ["mid", "far"]  # 11.1 and 13.3 km: found within 20 km
    assert finder.nearest("mission-locale", 43.3, 5.4) == []  # nothing within 50 km: say so honestly
    assert finder.nearest("citeslab", 50.69, 3.18) == []


def test_finder_is_fast_enough_on_many_structures() -> None:
    many = [make(f"s{i}", 42 + (i % 90) / 10, -4 + (i // 90) / 10) for i in range(5000)]
    finder = Finder(many)
    hits = finder.nearest("mission-locale", 45.0, 0.0, limit=2)
    assert len(hits) == 2 and hits[0].distance_km <= hits[1].distance_km


def test_freshness_note() -> None:
    fresh = make("f", 50.0, 3.0, adresse="1 rue X", date_maj="2026-06", confiance="moyenne")
    assert freshness_note(fresh, TODAY) is None
    old = make("o", 50.0, 3.0, adresse="1 rue X", date_maj="2019")
    assert freshness_note(old, TODAY) == "Adresse connue en 2019 — vérifie avant de te déplacer."
    town_only = make("t", 50.0, 3.0, date_maj="2020-04", confiance="faible")
    assert (
        freshness_note(town_only, TODAY)
        == "Seule la ville est connue (information de 2020) — vérifie avant de te déplacer."
    )
    weak = make("w", 50.0, 3.0, adresse="1 rue X", date_maj="2026-10", confiance="faible")
    assert freshness_note(weak, TODAY) == "Adresse à confirmer — vérifie avant de te déplacer."
    unknown = make("u", 50.0, 3.0, adresse="1 rue X", date_maj="inconnue")
    assert (
        freshness_note(unknown, TODAY) == "Adresse connue à une date inconnue — vérifie avant de te déplacer."
    )
    assert directory_for("mission-locale") is None  # no URL we could vouch for: see dispositifs.yaml


def test_load_finder_merges_curated_imports_and_directories(mini_settings: Settings) -> None:
    shutil.copy(FIXTURES / "data_inclusion_export.json", _imports(mini_settings) / "export.json")
    structures = load_structures(mini_settings.knowledge_dir, mini_settings.geodata_dir)
    ids = [s.id for s in structures]
    assert ids[:3] == ["ml-roubaix", "e2c-tourcoing", "e2c-tourcoing"]
    assert "data-inclusion:test-producteur--1" not in ids  # same SIRET-less place as the curated one
    assert "data-inclusion:test-producteur--2" in ids
    finder = load_finder(mini_settings.knowledge_dir, mini_settings.geodata_dir)
    assert finder.nearest("france-travail", 50.63, 3.05)[0].structure.commune == "Lille"


def _imports(settings: Settings) -> Path:
    folder = settings.geodata_dir / IMPORT_DIR
    folder.mkdir()
    return folder
