"""The commands counsellors run: validate, graph, test-dialogs (in-process, through bot.cli.main)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.dialogs.graph import to_mermaid
from bot.dialogs.loader import load_dialog, load_dialog_text

FIXTURES = "tests/dialogs/fixtures"


def test_validate_shipped_corpus_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "dialogs/orientation.yaml" not in out
    assert "knowledge/dispositifs.yaml" not in out
    assert out.splitlines()[-1].startswith(("Tout est correct : 1 dialogue, 8 dispositifs.", "0 erreur"))


def test_validate_broken_fixture_fails_with_the_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", f"{FIXTURES}/unknown_target.yaml"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{FIXTURES}/unknown_target.yaml:7: « suite: aide_logment » n'existe pas. "
        "Vouliez-vous dire « aide_logement » ?"
    )
    assert out[-1] == "1 erreur, 1 avertissement dans 1 fichier (1 dialogue, 0 dispositif vérifiés)."


@pytest.mark.parametrize(
    "name",
    sorted(
        p.stem
        for p in Path(FIXTURES).glob("*.yaml")
        if p.stem
        not in {"duplicate_variable", "same_label", "too_many_choices", "unreachable", "unused_case"}
    ),
)
def test_validate_exits_1_on_each_error_fixture(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", f"{FIXTURES}/{name}.yaml"]) == 1
    assert f"{FIXTURES}/{name}.yaml:" in capsys.readouterr().out


def test_validate_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    path = f"{FIXTURES}/unreachable.yaml"
    assert main(["validate", path]) == 0
    assert main(["validate", "--strict", path]) == 1
    assert f"{path}:8: avertissement : nœud « oublie »" in capsys.readouterr().out


def test_validate_a_catalogue_alone_checks_it_against_the_shipped_dialog(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", f"{FIXTURES}/dispositifs_bad.yaml"]) == 1
    out = capsys.readouterr().out
    assert f"{FIXTURES}/dispositifs_bad.yaml:10: dispositif « e2c », conditions" in out
    assert "3 erreurs, 0 avertissement dans 1 fichier (0 dialogue, 1 dispositif vérifiés)." in out


def test_validate_a_folder_sorts_by_file_then_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", FIXTURES]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith(FIXTURES)]
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys)


def test_validate_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "dialogs/nexistepas.yaml"]) == 1
    assert "dialogs/nexistepas.yaml: fichier introuvable." in capsys.readouterr().out


def test_committed_diagram_has_not_drifted() -> None:
    dialog, problems = load_dialog(Path("dialogs/orientation.yaml"))
    assert dialog is not None and problems == []
    assert Path("docs/orientation.mmd").read_text(encoding="utf-8") == to_mermaid(dialog), (
        "docs/orientation.mmd est en retard sur le dialogue : cap-quartiers graph --out docs/orientation.mmd"
    )


def test_graph_command_prints_the_diagram(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph"]) == 0
    out = capsys.readouterr().out
    assert out == Path("docs/orientation.mmd").read_text(encoding="utf-8")
    assert "scolarite -->|\"age == 'moins_16'\"| moins_16" in out
    assert 'scolarite -->|"sinon"| diplome' in out


def test_graph_labels_choice_edges_and_avoids_mermaid_keywords() -> None:
    text = (
        "dialogue: d\ndebut: q\nnoeuds:\n  q:\n    texte: 'Tu dis \"oui\" ?'\n    variable: v\n    choix:\n"
        "      - id: oui\n        libelle: Oui\n        suite: end\n      - id: non\n        libelle: Non\n"
        "    suite: end\n  end:\n    texte: Fin\n    fin: true\n"
    )
    dialog, problems = load_dialog_text(text, "d.yaml")
    assert dialog is not None and problems == []
    graph = to_mermaid(dialog)
    assert 'q -->|"Oui"| end_' in graph
    assert 'q -->|"autres choix"| end_' in graph
    assert 'q{{"q · Tu dis #quot;oui#quot; ?<br/>▸ Oui<br/>▸ Non"}}' in graph  # with its buttons
    assert 'end_(["end · Fin"])' in graph


def test_graph_refuses_a_broken_dialog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--dialog", f"{FIXTURES}/syntax.yaml"]) == 1
    assert "YAML illisible" in capsys.readouterr().out


def test_graph_writes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schema.mmd"
    assert main(["graph", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("%% Schéma du dialogue « orientation »")


def test_validate_reads_scenario_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", f"{FIXTURES}/scenarios/bad_keys.yaml"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{FIXTURES}/scenarios/bad_keys.yaml:5: scénario « clé inconnue », étape 2 : clé inconnue "
        "« clique ». Clés possibles : appuie, attend, attend_texte, ecrit, envoie.",
        "1 erreur, 0 avertissement dans 1 fichier (0 dialogue, 0 dispositif vérifiés).",
    ]
