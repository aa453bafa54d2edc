"""`bot backup` / `bot restore`: a consistent online copy while the bot writes, and a restored folder where
a conversation goes on exactly as it would have on the old one."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.compose import build_service
from bot.config import Settings
from bot.engine import events as ev
from bot.engine.core import Engine
from bot.engine.replies import Message, Reply
from bot.storage.sqlite import open_storage
from bot.storage.sqlite.backup import backup
from bot.storage.sqlite.timefmt import to_ts, utcnow

TELEGRAM_ID = 555_000_111


def settings_in(folder: Path) -> Settings:
    return Settings.from_env({"BOT_VAR_DIR": str(folder)})


def use(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The CLI reads its settings from the environment, like on a server."""
    for name in ("BOT_DB_PATH", "BOT_SECRET_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_VAR_DIR", str(folder))


def texts(replies: list[Reply]) -> list[str]:
    return [r.text for r in replies if isinstance(r, Message)]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_backup_taken_while_the_bot_writes_is_a_consistent_snapshot(tmp_path: Path) -> None:
    settings = settings_in(tmp_path / "var")
    storage = await open_storage(settings)
    rounds = 0
    stop, warmed_up = asyncio.Event(), asyncio.Event()

    async def writer() -> None:
        """Every round rewrites three sessions in one transaction: a snapshot must see them equal."""
        nonlocal rounds
        while not stop.is_set():
            rounds += 1
            if rounds >= 20:
                warmed_up.set()
            state = json.dumps({"round": rounds, "padding": "x" * 2000})
            async with storage.db.transaction() as conn:
                for user in ("a", "b", "c"):
                    await conn.execute(
                        "INSERT INTO sessions (user_key, state, updated_at, active) VALUES (?, ?, ?, 1) "
                        "ON CONFLICT (user_key) DO UPDATE SET state = excluded.state",
                        (user, state, to_ts(utcnow())),
                    )
                await conn.executemany(
                    "INSERT INTO sessions (user_key, state, updated_at, active) VALUES (?, ?, ?, 1)",
                    [(f"r{rounds}-{i}", state, to_ts(utcnow())) for i in range(20)],
                )
            await asyncio.sleep(0)

    task = asyncio.create_task(writer())
    try:
        await warmed_up.wait()
        copies = []
        for n in range(3):
            report = await asyncio.to_thread(
                backup, settings.db_path, settings.secret_path, tmp_path / f"b{n}"
            )
            copies.append(report)
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        await task
        await storage.aclose()
    assert rounds > 20  # the bot kept writing between and during the backups
    seen = []
    for report in copies:
        with contextlib.closing(sqlite3.connect(report.folder / "bot.sqlite3")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            states = dict(
                conn.execute("SELECT user_key, state FROM sessions WHERE user_key IN ('a','b','c')")
            )
            rounds_seen = {json.loads(states[user])["round"] for user in ("a", "b", "c")}
            assert len(rounds_seen) == 1, f"torn snapshot: {rounds_seen}"
            (round_,) = rounds_seen
            others = conn.execute("SELECT count(*) FROM sessions WHERE user_key LIKE 'r%'").fetchone()[0]
            assert others == 20 * round_  # every committed round whole, nothing of a later one
            seen.append(round_)
        assert report.sessions == 3 + 20 * round_
    assert seen == sorted(seen)


async def test_restore_into_a_fresh_folder_resumes_the_conversation(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old_folder, new_folder, saved = tmp_path / "ancien", tmp_path / "nouveau", tmp_path / "sauvegarde"
    storage = await open_storage(settings_in(old_folder))
    service = build_service(settings_in(old_folder), storage, engine)
    key = storage.pseudonymizer.key(TELEGRAM_ID)
    assert "Tu as quel âge ?" in texts(await service.handle(key, ev.Start()))
    await service.handle(key, ev.Text("19"))
    await storage.aclose()

    use(monkeypatch, old_folder)
    assert main(["backup", str(saved)]) == 0
    assert "secret inclus" in capsys.readouterr().out
    assert mode(saved) == 0o700 and mode(saved / "secret.key") == 0o600
    manifest = json.loads((saved / "sauvegarde.json").read_text(encoding="utf-8"))
    assert manifest["sessions"] == 1 and set(manifest["fichiers"]) == {"bot.sqlite3", "secret.key"}

    use(monkeypatch, new_folder)
    assert main(["restore", str(saved)]) == 0
    assert mode(new_folder / "secret.key") == 0o600

    async def next_turn(folder: Path) -> tuple[str, list[str]]:
        async with await open_storage(settings_in(folder)) as opened:
            user = opened.pseudonymizer.key(TELEGRAM_ID)
            replies = await build_service(settings_in(folder), opened, engine).handle(
                user, ev.Text("j'ai arrêté il y a plus d'un an")
            )
            return user, texts(replies)

    restored_key, restored = await next_turn(new_folder)
    original_key, original = await next_turn(old_folder)
    assert restored_key == key == original_key  # the secret came back: the same person is recognised
    assert restored == original and any("diplôme" in text for text in restored)


async def test_restore_refuses_to_overwrite_without_force_and_keeps_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with await open_storage(settings_in(tmp_path / "var")):
        pass
    use(monkeypatch, tmp_path / "var")
    assert main(["backup", str(tmp_path / "s")]) == 0
    old_secret = (tmp_path / "var" / "secret.key").read_bytes()
    capsys.readouterr()

    assert main(["restore", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert "Restauration refusée" in err and "--force" in err and "bot.sqlite3" in err

    assert main(["restore", str(tmp_path / "s"), "--force"]) == 0
    aside = sorted(p.name for p in (tmp_path / "var").glob("*.avant-restauration-*"))
    assert {"bot.sqlite3", "secret.key"} <= {name.split(".avant")[0] for name in aside}
    assert not (tmp_path / "var" / "bot.sqlite3-wal").exists()  # an old WAL is never replayed over it
    assert (tmp_path / "var" / "secret.key").read_bytes() == old_secret


def test_backup_refuses_a_folder_in_use_and_restore_an_altered_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    var = tmp_path / "var"
    with contextlib.closing(sqlite3.connect(var.mkdir() or var / "bot.sqlite3")) as conn:
        conn.execute("CREATE TABLE t (x)")
    use(monkeypatch, var)
    (tmp_path / "occupe").mkdir()
    (tmp_path / "occupe" / "autre").write_text("x")
    assert main(["backup", str(tmp_path / "occupe")]) == 1
    assert "n'est pas un dossier vide" in capsys.readouterr().err

    assert main(["backup", str(tmp_path / "s")]) == 0
    assert "SANS secret" in capsys.readouterr().out
    with (tmp_path / "s" / "bot.sqlite3").open("ab") as handle:
        handle.write(b"\0")
    use(monkeypatch, tmp_path / "neuf")
    assert main(["restore", str(tmp_path / "s")]) == 1
    assert "Sauvegarde altérée" in capsys.readouterr().err
    assert not (tmp_path / "neuf" / "bot.sqlite3").exists()
