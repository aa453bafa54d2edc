from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.storage.sqlite import Storage, open_storage


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        db_path=tmp_path / "var" / "bot.sqlite3",
        secret_path=tmp_path / "var" / "secret.key",
        admin_ids=frozenset({111111111}),
    )


@pytest.fixture
async def storage(settings: Settings) -> AsyncIterator[Storage]:
    opened = await open_storage(settings)
    try:
        yield opened
    finally:
        await opened.aclose()
