from __future__ import annotations

import json

import pytest

from bot.cli.main import main
from bot.config import Settings


@pytest.fixture
def env(mini_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("BOT_GEODATA_DIR", str(mini_settings.geodata_dir))
    monkeypatch.setenv("BOT_INDEX_PATH", str(mini_settings.index_path))
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(mini_settings.knowledge_dir))
    return mini_settings


def test_geodata_build(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geodata", "build"]) == 0
    assert env.index_path.is_file()
    assert "3 QPV" in capsys.readouterr().out


def test_geodata_build_without_data(env: Settings, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["geodata", "build", "--source", str(tmp_path / "nowhere")]) == 1
    assert "BOT_GEODATA_DIR" in capsys.readouterr().out


def test_place_json(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["place", "roubais", "--json"]) == 0
    [cand] = json.loads(capsys.readouterr().out)
    assert {k: cand[k] for k in ("commune", "code_insee", "code_qpv", "nom_qpv")} == {
        "commune": "Roubaix", "code_insee": "59512", "code_qpv": None, "nom_qpv": None,
    }  # fmt: skip
    assert cand["score"] == 94.0


def test_place_text_and_position(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["place", "l'Alma"]) == 0
    assert "QN05980M" in capsys.readouterr().out
    assert main(["place", "--lat", "50.73", "--lon", "3.14", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["code_qpv"] == "QN05985M"
    assert main(["place", "asdfgh", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["place", "--lat", "50.7"]) == 2


def test_place_in_the_commune_named_before(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["place", "blanc seau", "--dans", "Tourcoing", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)[0]
    assert (first["code_qpv"], first["commune"]) == ("QN05980M", "Tourcoing")
    assert main(["place", "blanc seau", "--dans", "59512", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["commune"] == "Roubaix"
