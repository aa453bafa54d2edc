"""`python -m bot knowledge review`: the yearly checklist of knowledge/, oldest source first."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli.main import main

ROOT = Path(__file__).resolve().parents[2]

DISPOSITIFS = """\
dispositifs:
  vieille_porte:
    nom: Une porte aux sources anciennes
    statut: actif
    description: Décrite en 2010.
    lien: https://officiel.example/vieille
    conditions:
      - si: "age == '18_25'"
    sources:
      - fait: "Règle écrite en 2010."
        source: Loi de 2010
        date: 2010-03-10
      - fait: "Précision de 2019."
        source: "Une page, https://officiel.example/2019 (lue)"
        date: 2019
  porte_recente:
    nom: Une porte à jour
    statut: actif
    description: Vérifiée en 2024.
    conditions:
      - si: "age == '18_25'"
    sources:
      - fait: "Règle vérifiée en 2024."
        source: service-public.fr
        url: https://officiel.example/recente
        date: 2024-05-02
  programme_fini:
    nom: Un programme terminé
    statut: termine
    fin: 2024-12-31
    description: Arrêté.
    sources:
      - fait: "Arrêté fin 2024."
        source: Le Media Social
        url: https://presse.example/fin
        date: 2021-02-21
"""

STRUCTURES = """\
structures:
  - id: lieu-sans-date
    nom: "Lieu sans date"
    reseaux_porteurs: [mission-locale]
    commune: Roubaix
    source: "https://presse.example/lieu (article non daté)"
    date_maj: "inconnue"
  - id: lieu-2020
    nom: "Lieu de 2020"
    reseaux_porteurs: [mission-locale]
    adresse: "1 rue de l'Exemple"
    telephone: "03 20 00 00 00"
    source: "Annuaire papier de 2020"
    site_web: "https://lieu.example"
    date_maj: "2020-06"
"""


@pytest.fixture
def knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "knowledge"
    (folder / "structures").mkdir(parents=True)
    (folder / "dispositifs.yaml").write_text(DISPOSITIFS, encoding="utf-8")
    (folder / "structures" / "lieux.yaml").write_text(STRUCTURES, encoding="utf-8")
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(folder))
    return folder


def review(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["knowledge", "review", "--date", "2026-11-29", *args])
    return code, capsys.readouterr().out


def test_every_fact_and_place_oldest_first_with_what_and_where(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = review(capsys)
    assert code == 0
    assert out.startswith(
        "Relecture des connaissances au 2026-11-29 : 6 éléments (4 faits, 2 lieux, 0 quartiers)"
    )
    headers = [line for line in out.splitlines() if line.startswith("[")]
    order = [line.split(" · ")[1].split(" — ")[0] for line in headers]
    # undated first, then by the date of the source; the ended programme is listed too (as a fact)
    assert order == [
        "lieu lieu-sans-date",
        "fait vieille_porte",
        "fait vieille_porte",
        "lieu lieu-2020",
        "fait programme_fini",
        "fait porte_recente",
    ]
    assert "[1] date inconnue · lieu lieu-sans-date — " in out
    assert "[2] 2010-03-10 (il y a 16 ans) · fait vieille_porte — " in out
    assert "dispositifs.yaml:" in headers[1]
    # what to re-check, and where: the url, else a link in the source, else the door's own page
    assert "À revérifier : Règle écrite en 2010." in out
    assert "Où vérifier : https://officiel.example/vieille" in out  # no url: the door's « lien »
    assert "Où vérifier : https://officiel.example/2019" in out  # a link written in the source
    assert "Inconnu(s) : l'adresse, le téléphone" in out
    assert "Lieu de 2020 : qu'il existe toujours, l'adresse, le téléphone, le site." in out
    assert "Arrêté fin 2024. (programme terminé : vérifier qu'il n'a pas repris)" in out


def test_doors_without_a_recent_source_are_flagged(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = review(capsys)
    flagged = out.split("Portes sans aucune source de 2023 ou après — à revérifier en priorité :")[1]
    assert "vieille_porte" in flagged and "source la plus récente : 2019" in flagged
    assert "porte_recente" not in flagged
    assert "programme_fini" not in flagged  # ended: never proposed, so not a door to keep fresh
    code, _ = review(capsys, "--strict")
    assert code == 1


def test_json_for_a_spreadsheet(knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = review(capsys, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["date"] == "2026-11-29"
    first = data["elements"][0]
    assert first["type"] == "lieu" and first["sujet"] == "lieu-sans-date" and first["age_mois"] is None
    ages = [e["age_mois"] for e in data["elements"][1:]]
    assert ages == sorted(ages, reverse=True)  # oldest first
    assert data["portes_sans_source_recente"] == [
        {
            "dispositif": "vieille_porte",
            "fichier": str(knowledge / "dispositifs.yaml"),
            "ligne": 2,
            "source_la_plus_recente": "2019",
        }
    ]


def test_a_recent_source_clears_the_flag(knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (knowledge / "dispositifs.yaml").read_text(encoding="utf-8")
    (knowledge / "dispositifs.yaml").write_text(
        text.replace("date: 2019\n", "date: 2025-01\n"), encoding="utf-8"
    )
    code, out = review(capsys, "--strict")
    assert code == 0
    assert "Toutes les portes ont au moins une source de 2023 ou après." in out


def test_the_shipped_knowledge_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(folder))
    code, out = review(capsys, "--json")
    assert code == 0
    data = json.loads(out)
    # every fact and place says where to re-check it
    assert all(element["ou_verifier"] for element in data["elements"])
    kinds = {element["type"] for element in data["elements"]}
    assert kinds == {"fait", "lieu", "quartier"}
    # the EPIDE centres are there, and no door has gone unnoticed without a recent source
    subjects = {element["sujet"] for element in data["elements"]}
    assert {"epide-cambrai", "epide-margny-les-compiegne"} <= subjects
    flagged = {door["dispositif"] for door in data["portes_sans_source_recente"]}
    recent = {
        element["sujet"]
        for element in data["elements"]
        if element["type"] == "fait"
        and element["date_source"][:4].isdigit()
        and int(element["date_source"][:4]) >= 2023
    }
    doors = {element["sujet"] for element in data["elements"] if element["type"] == "fait"} - {
        "emplois_francs"
    }
    assert doors == (recent - {"emplois_francs"}) | flagged  # an ended programme is no door
    assert not recent & flagged
