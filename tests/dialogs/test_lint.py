"""The validator's manners (`bot.dialogs.lint`, and quartier aliases named like another commune): one
fixture per warning under tests/dialogs/fixtures/lint/, the exact « fichier:ligne: message » a counsellor
reads. The dialogs are checked with the shipped dispositifs (their rules read variables too)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.base.problems import Severity
from bot.cli.main import main
from bot.dialogs.validator import check_dialog_file
from bot.knowledge.dispositifs import Catalogue, load_catalogue
from bot.knowledge.geo.aliases import read_aliases
from bot.knowledge.geo.index import build_index, save_index
from bot.knowledge.geo.shadow import shadowed_communes
from tests.dialogs.conftest import FIXTURES

LINT = FIXTURES / "lint"
GEODATA = Path("tests/knowledge/fixtures/geodata")


def own_problems(name: str, catalogue: Catalogue | None = None) -> list[str]:
    """The problems reported in the fixture itself (not those of the shipped catalogue against it)."""
    catalogue = catalogue or load_catalogue(Path("knowledge/dispositifs.yaml"))[0]
    path = LINT / f"{name}.yaml"
    _, problems = check_dialog_file(path, catalogue)
    return [str(p) for p in problems if p.path == path.as_posix() and p.severity is Severity.WARNING]


def test_bare_words_yaml_reads_otherwise() -> None:
    where = f"{LINT.as_posix()}/yaml_words.yaml"
    assert own_problems("yaml_words") == [
        f"{where}:11: avertissement : « yes » sans guillemets : YAML le lit comme vrai (true), pas comme le "
        'mot « yes ». Mets-le entre guillemets : "yes".',
        f"{where}:12: avertissement : « no » sans guillemets : YAML le lit comme faux (false), pas comme le "
        'mot « no ». Mets-le entre guillemets : "no".',
        f"{where}:23: avertissement : « fin: oui » : YAML lit « oui » comme un mot, pas comme vrai ou faux. "
        "Écris « fin: true ».",
    ]


def test_a_variable_nothing_reads() -> None:
    where = f"{LINT.as_posix()}/unread_variable.yaml"
    assert own_problems("unread_variable") == [
        f"{where}:5: avertissement : nœud « couleur » : la variable « couleur » n'est lue nulle part (aucune "
        "condition « si », aucune règle de dispositif, aucun texte ne l'utilise) : la question ne sert à "
        "rien. Utilise-la dans un « si: » ou une règle de knowledge/dispositifs.yaml (couleur == '…'), ou "
        "retire la question."
    ]  # « age » is read by the dispositifs' rules: no warning


def test_a_choice_no_rule_or_branch_uses() -> None:
    where = f"{LINT.as_posix()}/unused_choice.yaml"
    assert own_problems("unused_choice") == [
        f"{where}:14: avertissement : nœud « question », choix « peut_etre » : aucune condition ni règle ne "
        "l'utilise (« envie » n'est jamais comparée à « peut_etre ») ; le choisir ne change rien. "
        "Utilise-le dans un « si: » (envie == 'peut_etre') ou une règle de dispositif, donne-lui sa propre "
        "« suite », ou retire-le."
    ]  # « non » has its own suite, « oui » is compared: both fine


def test_without_dispositifs_nothing_is_said_about_unread_answers() -> None:
    assert own_problems("unread_variable", Catalogue(())) == []


def test_the_shipped_dialog_has_no_such_warning() -> None:
    catalogue, _ = load_catalogue(Path("knowledge/dispositifs.yaml"))
    _, problems = check_dialog_file(Path("dialogs/orientation.yaml"), catalogue)
    assert problems == []


def _aliases(folder: Path, names: str, insee: str, commune: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quartiers.yaml").write_text(
        "quartiers:\n"
        f"  - noms: {names}\n    code_qpv: QN05980M\n    commune: {commune}\n"
        f'    code_insee: "{insee}"\n    source: test\n    date: 2026-01-15\n',
        encoding="utf-8",
    )
    return folder


def test_an_alias_named_like_a_commune_elsewhere(tmp_path: Path) -> None:
    index = build_index(GEODATA)
    knowledge = _aliases(tmp_path / "k", '["Alma-Gare", "Tourcoing", "Roubaix"]', "59512", "Roubaix")
    aliases, problems = read_aliases(knowledge)
    assert problems == []
    assert [str(p) for p in shadowed_communes(aliases, index.communes, "quartiers.yaml")] == [
        "quartiers.yaml:2: avertissement : l'alias « Tourcoing » (Roubaix) porte aussi le nom de la commune "
        "Tourcoing (59, INSEE 59599) : quelqu'un de là-bas qui l'écrit serait envoyé vers Roubaix. "
        "Précise l'alias (« quartier de … », avec l'article) ou retire ce nom de « noms »."
    ]  # « Roubaix » is its own commune: no warning
    knowledge = _aliases(tmp_path / "k2", '["saint denis"]', "93066", "Saint-Denis")
    aliases, _ = read_aliases(knowledge)
    [problem] = shadowed_communes(aliases, index.communes, "quartiers.yaml")
    assert "Saint-Denis (974, INSEE 97411)" in problem.message and "93066" not in problem.message


def test_validate_checks_aliases_with_the_index_or_says_it_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree("knowledge", knowledge)
    _aliases(knowledge, '["Tourcoing"]', "59512", "Roubaix")
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("BOT_INDEX_PATH", str(tmp_path / "absent.index"))
    main(["validate"])
    out = capsys.readouterr().out
    assert "Note : l'index des lieux n'est pas construit : les codes QPV des alias de quartier" in out
    assert "cap-quartiers geodata build" in out
    save_index(build_index(GEODATA), tmp_path / "geodata.index")
    monkeypatch.setenv("BOT_INDEX_PATH", str(tmp_path / "geodata.index"))
    main(["validate"])
    out = capsys.readouterr().out
    assert "quartiers.yaml:2: avertissement : l'alias « Tourcoing » (Roubaix) porte aussi le nom" in out
    assert "Note : l'index des lieux" not in out
