"""CSV export of events for a spreadsheet (admins only).

One row per event, as stored, except the user key: it is replaced by a short key derived with a random
salt drawn for this export only. Rows of the same user stay linked inside one file (funnels work), but
cannot be linked to the database or to another export. No aggregate here, so no "< 5" masking: the file is
pseudonymous, not anonymous — keep it where the database is kept. Unmatched texts are not exported."""

from __future__ import annotations

import csv
import hashlib
import hmac
import secrets
from datetime import datetime
from typing import TextIO

from bot.storage.sqlite import Database, Storage
from bot.storage.sqlite.encode import EVENT_COLUMNS
from bot.storage.sqlite.timefmt import to_ts

EXPORT_KEY_CHARS = 12


async def _database(source: Storage | Database) -> Database:
    """The database, with the events still buffered in memory written first."""
    if isinstance(source, Storage):
        await source.events.flush()
        return source.db
    return source


async def export_events(source: Storage | Database, since: datetime, until: datetime, out: TextIO) -> int:
    """Write events with ``since <= ts < until`` as CSV (header first) to ``out``; return the row count."""
    db = await _database(source)
    salt = secrets.token_bytes(16)
    writer = csv.writer(out)
    writer.writerow(EVENT_COLUMNS)
    user_index = EVENT_COLUMNS.index("user_key")
    count = 0
    cursor = await db.conn.execute(
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE ts >= ? AND ts < ? ORDER BY id",
        (to_ts(since), to_ts(until)),
    )
    try:
        while batch := await cursor.fetchmany(1000):
            for raw in batch:
                row = list(raw)
                if row[user_index] is not None:
                    digest = hmac.new(salt, str(row[user_index]).encode(), hashlib.sha256).hexdigest()
                    row[user_index] = digest[:EXPORT_KEY_CHARS]
                writer.writerow(["" if v is None else v for v in row])
                count += 1
    finally:
        await cursor.close()
    return count
