"""CSV export of events for a spreadsheet (admins only), read through the ``StatsSource`` port.

One row per event, as stored, except the user key: it is replaced by a short key derived with a random
salt drawn for this export only. Rows of the same user stay linked inside one file (funnels work), but
cannot be linked to the database or to another export. No aggregate here, so no "< 5" masking: the file is
pseudonymous, not anonymous — keep it where the database is kept. Unmatched texts are not exported.
Times are in Europe/Paris with their offset."""

from __future__ import annotations

import csv
import hashlib
import hmac
import secrets
from dataclasses import fields
from datetime import datetime
from typing import TextIO

from bot.admin.periods import PARIS
from bot.admin.ports import RawEvent, StatsSource

EXPORT_KEY_CHARS = 12
# The columns of the usage log, in their stored order (one field of ``RawEvent`` each; the tests check them
# against the storage's ``EVENT_COLUMNS``). The first two, the time and the user key, are rewritten.
COLUMNS = tuple(field.name for field in fields(RawEvent))
_AS_STORED = COLUMNS[2:]


async def export_events(source: StatsSource, since: datetime, until: datetime, out: TextIO) -> int:
    """Write events with ``since <= ts < until`` as CSV (header first) to ``out``; return the row count."""
    salt = secrets.token_bytes(16)
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    async for e in source.events(since, until, "time"):
        key = ""
        if e.user_key is not None:
            key = hmac.new(salt, e.user_key.encode(), hashlib.sha256).hexdigest()[:EXPORT_KEY_CHARS]
        values = [getattr(e, column) for column in _AS_STORED]
        writer.writerow(
            [
                e.ts.astimezone(PARIS).isoformat(timespec="seconds"),
                key,
                *("" if v is None else v for v in values),
            ]
        )
        count += 1
    return count
