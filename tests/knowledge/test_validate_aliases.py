"""`cap-quartiers validate` checks each quartier alias against the place index when it is built: an alias
whose QPV code does not exist is an error at its line (the bot would refuse it at a reload), before any
young person could be sent nowhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.config import Settings
from bot.knowledge.geo.resolver import Resolver
from tests.knowledge.conftest import REPO_KNOWLEDGE


def line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if fragment in line)


def test_an_alias_to_a_qpv_that_does_not_exist_is_an_error_at_its_line(
    tmp_path: Path,
    real_settings: Settings,
    real_resolver: Resolver,  # the index is built
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    knowledge = shutil.copytree(REPO_KNOWLEDGE, tmp_path / "knowledge")
    aliases = knowledge / "quartiers.yaml"
    text = aliases.read_text("utf-8")
    assert "code_qpv: QN05980M" in text
    aliases.write_text(text.replace("code_qpv: QN05980M", "code_qpv: QN05999X", 1), "utf-8")
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("BOT_INDEX_PATH", str(real_settings.index_path))
    monkeypatch.setenv("BOT_GEODATA_DIR", str(real_settings.geodata_dir))

    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    alias_line = line_of(aliases, "- noms:")  # the first alias is the one changed
    assert f"quartiers.yaml:{alias_line}: code QPV inconnu « QN05999X »" in out
    assert "n'est pas construit" not in out

    # the shipped aliases pass
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(REPO_KNOWLEDGE))
    assert main(["validate"]) == 0
