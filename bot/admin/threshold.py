"""The "< 5" rule, in one place for every view (Telegram text, terminal table, JSON, aggregates database).

Any figure shown to an admin — people, conversations, and every breakdown by step, commune, quartier,
source, dispositif, feedback, follow-up, contact or misunderstood text — is masked when fewer than five
distinct people are behind it (see ``bot.admin.aggregate.Cell``): « < 5 » in text, ``null`` with
``masque: true`` in JSON and in the aggregates database. Zero stays zero: knowing that nobody did something
exposes nobody. A rate is only shown when neither its part nor the rest is masked.

The CSV export is not an aggregate: it lists pseudonymous events for admins (see docs/confidentialite.md)."""

from __future__ import annotations

MIN_GROUP = 5
SMALL = "< 5"
