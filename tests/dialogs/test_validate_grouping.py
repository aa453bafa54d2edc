"""`validate` sums up the « older than 24 months » warnings of a file in one line, unless --details."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.base.problems import Problem, Severity
from bot.cli.main import main
from bot.cli.validate import report_lines

ROOT = Path(__file__).resolve().parents[2]


def old(path: str, line: int) -> Problem:
    return Problem(
        path,
        line,
        "information de 2019, vieille de plus de 24 mois.",
        "Revérifie l'adresse et le téléphone, puis mets date_maj à jour.",
        Severity.WARNING,
    )


def test_one_summary_line_per_file_in_place_of_the_first() -> None:
    problems = [
        Problem("a.yaml", 3, "une vraie erreur."),
        old("a.yaml", 10),
        Problem("a.yaml", 12, "date de l'information inconnue.", None, Severity.WARNING),
        old("a.yaml", 20),
        old("b.yaml", 5),
        Problem(
            "q.yaml", 7, "alias 'Alma' vérifié en 2020-01, il y a plus de 24 mois.", None, Severity.WARNING
        ),
    ]
    assert report_lines(problems, details=False) == [
        "a.yaml:3: une vraie erreur.",
        "a.yaml: avertissement : 2 informations vieilles de plus de 24 mois (lignes 10, 20). "
        "Détail : cap-quartiers validate --details ; liste à revérifier : cap-quartiers knowledge review",
        "a.yaml:12: avertissement : date de l'information inconnue.",
        "b.yaml: avertissement : 1 information vieille de plus de 24 mois (ligne 5). "
        "Détail : cap-quartiers validate --details ; liste à revérifier : cap-quartiers knowledge review",
        "q.yaml: avertissement : 1 information vieille de plus de 24 mois (ligne 7). "
        "Détail : cap-quartiers validate --details ; liste à revérifier : cap-quartiers knowledge review",
    ]
    assert report_lines(problems, details=True) == [str(p) for p in problems]


def test_long_line_lists_are_cut() -> None:
    line = report_lines([old("a.yaml", n) for n in range(1, 12)], details=False)[0]
    assert "11 informations vieilles de plus de 24 mois (lignes 1, 2, 3, 4, 5, 6, 7, 8, …)" in line


STRUCTURES = """\
structures:
  - id: lieu-a
    nom: "Lieu A"
    reseaux_porteurs: [mission-locale]
    source: "Annuaire 2019"
    date_maj: "2019"
  - id: lieu-b
    nom: "Lieu B"
    reseaux_porteurs: [mission-locale]
    source: "Annuaire 2019"
    date_maj: "2019-05"
  - id: lieu-c
    nom: "Lieu C"
    reseaux_porteurs: [mission-locale]
    source: "Article non daté"
    date_maj: "inconnue"
"""


def test_validate_command_groups_then_details(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "knowledge"
    (folder / "structures").mkdir(parents=True)
    shutil.copy(ROOT / "knowledge" / "dispositifs.yaml", folder / "dispositifs.yaml")
    (folder / "structures" / "lieux.yaml").write_text(STRUCTURES, encoding="utf-8")
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(folder))
    shown = str(folder / "structures" / "lieux.yaml")

    assert main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    mine = [line for line in out if "lieux.yaml" in line]
    assert len(mine) == 2
    assert mine[0].endswith(
        "lieux.yaml: avertissement : 2 informations vieilles de plus de 24 mois (lignes 6, 11). "
        "Détail : cap-quartiers validate --details ; liste à revérifier : cap-quartiers knowledge review"
    )
    assert "lieux.yaml:16: avertissement : date de l'information inconnue" in mine[1]
    # the count of warnings is unchanged: grouping only shortens the listing
    assert out[-1].startswith("0 erreur, 3 avertissements dans 1 fichier")

    assert main(["validate", "--details"]) == 0
    details = [line for line in capsys.readouterr().out.splitlines() if "lieux.yaml" in line]
    assert [line.split(": avertissement")[0].removeprefix(shown) for line in details] == [":6", ":11", ":16"]
    assert main(["validate", "--strict"]) == 1
