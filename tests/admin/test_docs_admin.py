"""docs/admin.md lists exactly the tables and columns of the aggregates database."""

from __future__ import annotations

from bot.admin.statsdb import TABLES, columns
from bot.config import PROJECT_ROOT

from .test_docs_schema import documented_schema

DOC = PROJECT_ROOT / "docs" / "admin.md"


def test_documented_aggregates_schema_matches_the_code() -> None:
    documented = documented_schema(DOC.read_text(encoding="utf-8"))
    assert documented == {table: columns(table) for table in TABLES}
