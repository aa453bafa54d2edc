"""Dialog checks run from the project root: paths show as counsellors see them (dialogs/x.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path("tests/dialogs/fixtures")


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name in ("BOT_DIALOGS_DIR", "BOT_KNOWLEDGE_DIR"):
        monkeypatch.delenv(name, raising=False)
