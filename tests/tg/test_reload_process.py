"""`python -m bot run` with a broken corpus: it starts on the last good copy and tells the admin, or — with
no copy — refuses to start (exit status 1, every file:line on stderr). SIGHUP reloads the fixed files."""

from __future__ import annotations

import asyncio
import shutil
import signal
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings
from bot.services.corpus import CorpusPaths, PlaceCache
from bot.services.reload import Reloader
from tests.tg.conftest import ADMIN_ID
from tests.tg.fakebotapi import FakeBotApi
from tests.tg.test_process import bot_process, environment, expect

BROKEN, FIXED = "    suite: projett\n", "    suite: projet\n"


def corpus_env(api: FakeBotApi, tmp_path: Path, index_path: Path) -> tuple[dict[str, str], Path]:
    dialogs = shutil.copytree(PROJECT_ROOT / "dialogs", tmp_path / "dialogs")
    shutil.copytree(PROJECT_ROOT / "knowledge", tmp_path / "knowledge")
    env = environment(api, tmp_path, index_path)
    env.update(
        BOT_DIALOGS_DIR=str(dialogs),
        BOT_KNOWLEDGE_DIR=str(tmp_path / "knowledge"),
        BOT_ADMIN_IDS=str(ADMIN_ID),
    )
    return env, dialogs / "orientation.yaml"


def break_dialog(dialog: Path) -> int:
    text = dialog.read_text(encoding="utf-8")
    dialog.write_text(text.replace(FIXED, BROKEN, 1), encoding="utf-8")
    return text[: text.index(FIXED)].count("\n") + 1


async def test_refuses_to_start_without_a_last_good_copy(
    api: FakeBotApi, tmp_path: Path, index_path: Path, engine: object
) -> None:
    env, dialog = corpus_env(api, tmp_path, index_path)
    line = break_dialog(dialog)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=PROJECT_ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), 120)
    stderr = err.decode()
    assert process.returncode == 1, stderr
    assert f"orientation.yaml:{line}: « suite: projett » n'existe pas" in stderr
    assert "refuse de démarrer" in stderr
    assert not api.calls_of("getUpdates")  # never talked to Telegram


async def test_starts_on_the_last_good_copy_then_sighup_serves_the_fix(
    api: FakeBotApi, tmp_path: Path, index_path: Path, engine: object
) -> None:
    env, dialog = corpus_env(api, tmp_path, index_path)
    # a previous run loaded the valid corpus: its copy is in var/ (beside the database)
    paths = CorpusPaths(dialog.parent, tmp_path / "knowledge", Settings.from_env({}).geodata_dir, index_path)
    Reloader(paths, tmp_path / "corpus-last-good", PlaceCache()).start()
    line = break_dialog(dialog)
    admin = api.user(ADMIN_ID)
    user = api.user(9101)

    async with bot_process(env, tmp_path / "bot.log") as process:
        await expect(api, admin, lambda t: "dernière version valide" in t, within=60)
        assert f"orientation.yaml:{line}:" in admin.last_text()
        await user.send("/start")
        await expect(api, user, lambda t: t.rsplit("\n\n", 1)[-1] == "Tu as quel âge ?")

        # fixed, with a new text, and SIGHUP (the watcher may be quicker: either way it is served)
        text = dialog.read_text(encoding="utf-8").replace(BROKEN, FIXED, 1)
        dialog.write_text(text.replace("Tu as quel âge ?", "Tu as quel âge, toi ?", 1), encoding="utf-8")
        process.send_signal(signal.SIGHUP)
        await expect(api, admin, lambda t: "erreurs sont corrigées" in t, within=60)
        await user.send("/recommencer")
        await expect(api, user, lambda t: t.rsplit("\n\n", 1)[-1] == "Tu as quel âge, toi ?")
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 60) == 0
