"""A broken file is reported where a counsellor fixes it, under its own name, once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.compose import load_served_corpus
from bot.config import Settings
from bot.dialogs.loader import load_dialog
from bot.errors import DialogError
from tests.dialogs.conftest import ROOT


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    lines = (ROOT / "dialogs" / "orientation.yaml").read_text(encoding="utf-8").splitlines()
    index = [line.strip() for line in lines].index("fr: Tu as quel âge ?")
    lines[index] = lines[index].replace("fr: ", 'fr: "')  # the parser only stumbles lines later
    path = tmp_path / "orientation.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dialog, [problem] = load_dialog(path)
    assert dialog is None
    assert problem.line == index + 1
    assert "guillemet" in problem.message and "Referme le guillemet" in (problem.hint or "")


@pytest.fixture
def broken_knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    path = knowledge / "dispositifs.yaml"
    text = path.read_text(encoding="utf-8")
    # a quote opened and never closed in the first name (« nom: » or its « fr: » line)
    line = next(i for i, t in enumerate(text.splitlines()) if t.strip().startswith(("nom: ", "fr: ")))
    lines = text.splitlines()
    lines[line] = lines[line].replace(": ", ': "', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(knowledge))
    return path


def test_broken_dispositifs_are_named_without_a_cascade(
    broken_knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (["validate"], ["validate", "dialogs/orientation.yaml"]):
        assert main(args) == 1
        out = capsys.readouterr().out.splitlines()
        errors = [line for line in out if ".yaml:" in line and "avertissement" not in line]
        assert len(errors) == 1, errors
        assert errors[0].startswith(f"{broken_knowledge}:")
        assert "orientation.yaml" not in errors[0]


def test_the_bot_refuses_a_broken_catalogue_under_its_name(broken_knowledge: Path) -> None:
    with pytest.raises(DialogError) as raised:
        load_served_corpus(Settings.from_env())
    assert raised.value.path == str(broken_knowledge)
    assert "orientation.yaml" not in str(raised.value)
    assert str(raised.value).count("YAML illisible") == 1
