"""Feedback is counted once per conversation, on the real SQLite event log, whatever is pressed."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from bot.config import Settings
from bot.engine import events as ev
from bot.engine.core import Engine
from bot.services.conversation import ConversationService
from bot.storage.sqlite import open_storage


async def reach_result(service: ConversationService, user: str) -> None:
    await service.handle(user, ev.Start())
    for choice in (("age", "18_25"), ("scolarite", "arret"), ("diplome", "aucun"), ("projet", "emploi")):
        await service.handle(user, ev.Choose(*choice))
    await service.handle(user, ev.Text("roubaix"))
    await service.handle(user, ev.Text("oui"))


async def test_a_thousand_forged_feedback_presses_count_once(engine: Engine, tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "bot.sqlite3", secret_path=tmp_path / "secret.key")
    storage = await open_storage(settings)
    try:
        service = ConversationService(engine, storage.sessions, storage.events)
        await reach_result(service, "u1")
        for i in range(1000):
            result = await service.step("u1", ev.Feedback(useful=i % 2 == 0))
            assert i == 0 or (result.replies == [] and result.toast and not result.facts)
        await reach_result(service, "u2")
        await service.handle("u2", ev.Feedback(useful=False))
        # a new conversation may be rated again
        await service.handle("u2", ev.Restart())
        await reach_result(service, "u2")
        await service.handle("u2", ev.Feedback(useful=True))
        await service.handle("u2", ev.Feedback(useful=True))
    finally:
        await storage.aclose()
    with closing(sqlite3.connect(settings.db_path)) as conn:
        rows = conn.execute(
            "SELECT value, COUNT(*) FROM events WHERE kind = 'feedback' GROUP BY value ORDER BY value"
        ).fetchall()
    assert rows == [("down", 1), ("up", 2)]
