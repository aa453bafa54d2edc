"""After a scripted conversation, nothing in the SQLite files (main file and WAL) identifies the person."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.storage.sqlite import Storage, open_storage

from .scripted import VERSION, conversation

TELEGRAM_ID = 918273645
FIRST_NAME = "Yasmina"
USERNAME = "yasmina_rbx"
PHONE = "0612345678"


def files(settings: Settings) -> list[Path]:
    base = settings.db_path
    return [p for p in (base, base.with_name(base.name + "-wal")) if p.exists()]


def assert_clean(settings: Settings) -> None:
    needles = [str(TELEGRAM_ID), FIRST_NAME, USERNAME, PHONE, "06 12 34 56 78"]
    scanned = files(settings)
    assert scanned
    for path in scanned:
        data = path.read_bytes()
        for needle in needles:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert needle.encode(encoding) not in data, f"{needle!r} found in {path.name}"
                assert needle.lower().encode(encoding) not in data.lower(), f"{needle!r} found in {path.name}"


async def every_value(storage: Storage) -> list[str]:
    tables = await storage.db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    values: list[str] = []
    for (table,) in tables:
        for row in await storage.db.fetchall(f"SELECT * FROM {table}"):
            values += [str(v) for v in row if v is not None]
    return values


async def test_no_identifier_anywhere_after_a_conversation(settings: Settings) -> None:
    # What the Telegram edge has in hand: id, first name, username. Only the id goes in, through the
    # pseudonymizer; the person also types their contacts in a free-text answer.
    user = {"id": TELEGRAM_ID, "first_name": FIRST_NAME, "username": USERNAME}
    storage = await open_storage(settings)
    try:
        key = storage.pseudonymizer.key(user["id"])  # type: ignore[arg-type]
        typed = f"ecris moi @{USERNAME} au 06 12 34 56 78 ou {USERNAME}@gmail.com id {TELEGRAM_ID}"
        for turn in conversation(unmatched=typed):
            await storage.events.record(key, VERSION, turn)
            await storage.sessions.save(key, {"v": VERSION, "answers": {"age": "18_25", "insee": "59512"}})
        await storage.sessions.mark_inactive(key)
        await storage.events.flush()
        values = await every_value(storage)
        assert key in values
        assert not [v for v in values if str(TELEGRAM_ID) in v or FIRST_NAME in v or USERNAME in v]
        assert_clean(settings)  # while running: the rows are in the WAL
    finally:
        await storage.aclose()
    assert_clean(settings)  # after close: checkpointed into the main file
