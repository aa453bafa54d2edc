"""Counsellors' scenarios (dialogs/scenarios/*.yaml) through the real engine, and what a failure says."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.dialogs.scenarios import Expect, load_scenarios

BROKEN = "tests/dialogs/fixtures/scenarios"


def test_shipped_scenarios_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test-dialogs"]) == 0
    out = capsys.readouterr().out
    assert "✘" not in out
    shipped = len(list(Path("dialogs/scenarios").glob("*.yaml")))  # one scenario per shipped file
    assert shipped >= 8
    assert out.splitlines()[-1] == f"{shipped} scénarios réussis sur {shipped}."


def test_wrong_button_names_the_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test-dialogs", f"{BROKEN}/wrong_button.yaml"]) == 1
    out = capsys.readouterr().out
    assert f"✘ bouton mal recopié ({BROKEN}/wrong_button.yaml:2)" in out
    assert (
        f"{BROKEN}/wrong_button.yaml:5: scénario « bouton mal recopié », étape 2 (« appuie: 18-25 ans ») : "
        "pas de bouton « 18-25 ans » dans la dernière réponse."
    ) in out
    assert "Vouliez-vous dire « 18 à 25 ans » ?" in out
    assert out.splitlines()[-1] == "0 scénario réussi sur 1."


def test_wrong_result_says_what_the_bot_proposed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test-dialogs", f"{BROKEN}/wrong_result.yaml"]) == 1
    assert (
        f"{BROKEN}/wrong_result.yaml:10: scénario « résultat inattendu », vérification finale : "
        "attendu cio ; "
        "le bot a proposé : e2c, mission_locale, apprentissage."
    ) in capsys.readouterr().out


def test_misread_scenario_is_reported_not_played(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test-dialogs", f"{BROKEN}/bad_keys.yaml"]) == 1
    out = capsys.readouterr().out
    assert f"{BROKEN}/bad_keys.yaml:5: scénario « clé inconnue », étape 2 : clé inconnue « clique »." in out
    assert "✔" not in out


def test_scenario_file_format(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "- scenario: un\n  etapes:\n    - envoie: /start src_mlroubaix\n  attend_texte: quel âge\n"
        "- scenario: deux\n  etapes:\n    - ecrit: 19\n      attend: {inclut: [e2c], exclut: [cio]}\n",
        encoding="utf-8",
    )
    scenarios, problems = load_scenarios(path, "s.yaml")
    assert problems == []
    assert [s.name for s in scenarios] == ["un", "deux"]
    assert scenarios[0].steps[-1].expect == Expect(texte="quel âge")
    assert scenarios[1].steps[0].value == "19"
    assert scenarios[1].steps[0].expect == Expect(None, ("e2c",), ("cio",), None)


def test_lieux_oui_is_read(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "- scenario: un\n  lieux: oui\n  etapes:\n    - envoie: /start\n"
        "- scenario: deux\n  etapes:\n    - envoie: /start\n"
        "- scenario: trois\n  lieux: peut-être\n  etapes:\n    - envoie: /start\n",
        encoding="utf-8",
    )
    scenarios, problems = load_scenarios(path, "s.yaml")
    assert [(s.name, s.places) for s in scenarios] == [("un", True), ("deux", False)]  # « trois »: misread
    assert [str(p) for p in problems] == [
        "s.yaml:9: scénario « trois » : « lieux » vaut oui ou non (true / false). "
        "Avec « lieux: oui », le scénario est joué avec la vraie recherche des lieux."
    ]


def test_lieux_oui_without_geodata_is_reported_not_played(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_GEODATA_DIR", str(tmp_path / "absent"))
    monkeypatch.setenv("BOT_INDEX_PATH", str(tmp_path / "geodata.index"))
    shipped = "dialogs/scenarios/createur_roubaix_quartier_citeslab.yaml"
    assert main(["test-dialogs", shipped, "dialogs/scenarios/createur_27_ans.yaml"]) == 1
    out = capsys.readouterr().out
    assert f"✘ créateur de Roubaix, le bot demande son quartier puis propose CitésLab ({shipped}:5)" in out
    assert f"{shipped}:5: scénario « créateur de Roubaix, le bot demande son quartier puis propose " in out
    assert (
        "non joué : « lieux: oui » demande les données géographiques. Données géographiques introuvables"
        in out
    )
    assert "✔ créatrice d'entreprise de 27 ans" in out  # the others are played as usual
    assert out.splitlines()[-1] == "1 scénario réussi sur 2."
