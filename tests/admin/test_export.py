"""The CSV export: the stored columns in their order, the user key replaced by one drawn for this file."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.admin.export import COLUMNS, export_events
from bot.storage.sqlite import Storage
from bot.storage.sqlite.encode import EVENT_COLUMNS
from tests.admin.test_stats_source import T0, VERSION, sqlite_source


def test_the_export_has_the_columns_of_the_usage_log() -> None:
    assert COLUMNS == EVENT_COLUMNS


async def test_rows_as_stored_with_a_key_of_this_file_only(storage: Storage) -> None:
    source = await sqlite_source(storage)
    out = io.StringIO()
    count = await export_events(source, T0, T0 + timedelta(minutes=10), out)
    header, *rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert count == len(rows) == 5
    assert header == list(EVENT_COLUMNS)
    by_column = [dict(zip(header, row, strict=True)) for row in rows]
    place = by_column[4]
    assert place["kind"] == "place_resolved" and place["code_insee"] == "59512" and place["value"] == "text"
    assert place["code_qpv"] == "QN05980M" and place["dialog_version"] == VERSION
    assert place["ts"] == "2026-03-02T09:04:00+01:00"  # Paris time
    keys = {row["user_key"] for row in by_column}
    assert "a" not in keys and "b" not in keys  # never the stored key
    assert by_column[1]["user_key"] == place["user_key"] != by_column[0]["user_key"]  # still linked
    assert by_column[3]["user_key"] == ""  # the anonymous « forgotten » event
