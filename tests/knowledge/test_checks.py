from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.base.problems import Severity
from bot.knowledge.geo import Resolver
from bot.knowledge.structures import check_knowledge

from .conftest import FIXTURES

TODAY = date(2026, 11, 22)
GOOD = """\
  - id: {ident}
    nom: "Mission locale de test"
    reseaux_porteurs: [mission-locale]
    latitude: 50.69
    longitude: 3.18
    source: "test"
    date_maj: "2026-06"
"""


def write(tmp_path: Path, structures: str, aliases: str | None = None) -> Path:
    (tmp_path / "structures").mkdir(exist_ok=True)
    (tmp_path / "structures" / "a.yaml").write_text("structures:\n" + structures, encoding="utf-8")
    if aliases is not None:
        (tmp_path / "quartiers.yaml").write_text("quartiers:\n" + aliases, encoding="utf-8")
    return tmp_path


def messages(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [str(p) for p in problems]


def test_the_fixture_and_the_shipped_knowledge_have_no_errors() -> None:
    for folder in (FIXTURES / "knowledge", Path(__file__).resolve().parents[2] / "knowledge"):
        errors = [p for p in check_knowledge(folder, today=TODAY) if p.severity is Severity.ERROR]
        assert errors == [], messages(errors)


def test_good_entry_has_no_problem(tmp_path: Path) -> None:
    assert check_knowledge(write(tmp_path, GOOD.format(ident="ok")), today=TODAY) == []


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD.format(ident="ok") + "    nom: [oops\n")
    [problem] = check_knowledge(folder, today=TODAY)
    assert problem.line is not None and "YAML illisible" in problem.message


def test_unknown_key_and_network_with_suggestions(tmp_path: Path) -> None:
    entry = GOOD.format(ident="x").replace("mission-locale]", "mision-locale]").replace("source:", "sourse:")
    found = messages(check_knowledge(write(tmp_path, entry), today=TODAY))
    path = tmp_path / "structures" / "a.yaml"
    assert f"{path}:4: réseau inconnu « mision-locale ». Vouliez-vous dire « mission-locale » ?" in found
    assert f"{path}:7: clé inconnue « sourse ». Vouliez-vous dire « source » ?" in found
    assert any("il manque « source » (la source)" in m for m in found)


def test_bad_and_swapped_coordinates(tmp_path: Path) -> None:
    swapped = (
        GOOD.format(ident="s")
        .replace("latitude: 50.69", "latitude: 3.18")
        .replace("longitude: 3.18", "longitude: 50.69")
    )
    outside = (
        GOOD.format(ident="o")
        .replace("latitude: 50.69", "latitude: 40.4")
        .replace("longitude: 3.18", "longitude: -3.7")
    )
    bad = GOOD.format(ident="b").replace("latitude: 50.69", "latitude: nord")
    found = messages(check_knowledge(write(tmp_path, swapped + outside + bad), today=TODAY))
    assert any("inversées" in m and "Essaie latitude: 50.69" in m for m in found)
    assert any("hors de France et des outre-mer (40.4, -3.7)" in m for m in found)
    assert any("« nord » n'est pas un nombre" in m for m in found)
    overseas = (
        GOOD.format(ident="r")
        .replace("latitude: 50.69", "latitude: -20.9")
        .replace("longitude: 3.18", "longitude: 55.45")
    )
    assert check_knowledge(write(tmp_path, overseas), today=TODAY) == []


def test_missing_date_old_date_and_duplicate_id(tmp_path: Path) -> None:
    old = GOOD.format(ident="old").replace('"2026-06"', '"2019"')
    missing = GOOD.format(ident="nodate").replace('    date_maj: "2026-06"\n', "")
    dup = GOOD.format(ident="old")
    problems = check_knowledge(write(tmp_path, old + missing + dup), today=TODAY)
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    assert len(warnings) == 1 and "2019" in warnings[0].message and warnings[0].line == 8
    errors = messages([p for p in problems if p.severity is Severity.ERROR])
    assert any("il manque « date_maj »" in m for m in errors)
    assert any("identifiant « old » en double" in m for m in errors)


def test_alias_checks_with_the_index(tmp_path: Path, mini_resolver: Resolver) -> None:
    aliases = """\
  - noms: ["Alma"]
    code_qpv: QN05980M
    commune: Roubaix
    code_insee: "59512"
    source: "test"
    date: 2026-01-01
  - noms: ["Nulle part"]
    code_qpv: QN01234M
    commune: Roubaix
    code_insee: "59512"
    source: "test"
    date: 2026-01-01
    remarque: "x"
  - noms: ["Sans source"]
    code_qpv: QN05985M
    commune: Roubaix
    code_insee: "59512"
    date: 2026-01-01
"""
    folder = write(tmp_path, GOOD.format(ident="ok"), aliases)
    found = messages(check_knowledge(folder, mini_resolver, today=TODAY))
    path = tmp_path / "quartiers.yaml"
    assert any(m.startswith(f"{path}:8: code QPV inconnu « QN01234M »") for m in found)
    assert any(
        m.startswith(f"{path}:14: clé inconnue « remarque » dans un alias de quartier.") for m in found
    )
    assert any("il manque « source »" in m for m in found)
    assert not any("Alma" in m for m in found)
    assert len(check_knowledge(folder, today=TODAY)) == len(found) - 1  # without the index: no QPV check
