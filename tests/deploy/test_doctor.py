"""`python -m bot doctor`: the `/healthz` checks for polling mode, from another process; exit code 0/1."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.compose import build_service
from bot.config import Settings
from bot.engine import events as ev
from bot.engine.core import Engine
from bot.knowledge.geo.index import build_index, save_index
from bot.storage.sqlite import open_storage

MINI_GEODATA = Path(__file__).parent.parent / "knowledge" / "fixtures" / "geodata"


@pytest.fixture
def deployed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A server's folders: open data, its index, an empty state directory."""
    data = tmp_path / "donnees"
    shutil.copytree(MINI_GEODATA, data)
    for name in [k for k in os.environ if k.startswith("BOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("BOT_GEODATA_DIR", str(data))
    settings = Settings.from_env()
    save_index(build_index(data), settings.index_path)
    return settings


async def talk_once(settings: Settings, engine: Engine) -> None:
    async with await open_storage(settings) as storage:
        service = build_service(settings, storage, engine)
        await service.handle(storage.pseudonymizer.key(42), ev.Start())


def doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["doctor", *args])
    return status, capsys.readouterr().out


async def test_doctor_before_the_first_start_says_what_is_missing(
    deployed: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = doctor(capsys)
    assert status == 1
    assert f"✗ base de données : {deployed.db_path} n'existe pas" in out
    assert "✓ dialogue et connaissances : dialogue " in out
    assert "✗ secret de pseudonymisation" in out


async def test_doctor_is_happy_with_a_running_bot_and_reports_the_last_turn(
    deployed: Settings, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    await talk_once(deployed, engine)
    status, out = doctor(capsys)
    assert status == 0, out
    assert "✓ base de données" in out and "accessible en écriture" in out
    assert "✓ dernière mise à jour : conversation enregistrée il y a " in out
    assert out.rstrip().endswith("Tout va bien.")

    status, out = doctor(capsys, "--json")
    report = json.loads(out)
    assert status == 0 and report["ok"] is True
    assert {"database", "corpus", "last_update"} <= set(report["checks"])  # the names /healthz uses
    assert 0 <= report["checks"]["last_update"]["value"] < 600

    assert main(["doctor", "--quiet", "--max-age", "0"]) == 1
    assert capsys.readouterr().out == ""


async def test_doctor_fails_on_a_locked_database_a_broken_corpus_and_a_readable_secret(
    deployed: Settings, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    await talk_once(deployed, engine)
    with contextlib.closing(sqlite3.connect(deployed.db_path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        status, out = doctor(capsys)
        other.execute("ROLLBACK")
    assert status == 1 and "✗ base de données" in out and "refuse l'écriture" in out

    deployed.secret_path.chmod(0o644)
    broken = tmp_path / "dialogs"
    shutil.copytree(deployed.dialogs_dir, broken)
    main_dialog = broken / "orientation.yaml"
    main_dialog.write_text(main_dialog.read_text(encoding="utf-8") + "\n  : [\n", encoding="utf-8")
    monkeypatch.setenv("BOT_DIALOGS_DIR", str(broken))
    status, out = doctor(capsys)
    assert status == 1
    assert "✗ dialogue et connaissances" in out
    assert "✗ secret de pseudonymisation" in out and "chmod 600" in out
