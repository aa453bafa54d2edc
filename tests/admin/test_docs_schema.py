"""docs/confidentialite.md lists exactly the tables and columns of the migrated database."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.storage.sqlite import open_database

DOC = PROJECT_ROOT / "docs" / "confidentialite.md"


def documented_schema(text: str) -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        heading = re.match(r"^### Table `(\w+)`", line)
        if heading:
            current = tables.setdefault(heading.group(1), [])
        elif line.startswith("#"):
            current = None
        elif current is not None:
            cell = re.match(r"^\| `(\w+)` \|", line)
            if cell:
                current.append(cell.group(1))
    return tables


async def real_schema(path: Path) -> dict[str, list[str]]:
    db = await open_database(path)
    try:
        names = await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        return {
            str(name): [str(col[1]) for col in await db.fetchall(f"PRAGMA table_info({name})")]
            for (name,) in names
        }
    finally:
        await db.close()


async def test_documented_tables_and_columns_match_the_schema(tmp_path: Path) -> None:
    documented = documented_schema(DOC.read_text(encoding="utf-8"))
    assert documented, "no '### Table `name`' section found"
    assert documented == await real_schema(tmp_path / "bot.sqlite3")
