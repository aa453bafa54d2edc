from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from bot.admin import (
    Row,
    Stats,
    compute_stats,
    format_stats_json,
    format_stats_table,
    format_stats_text,
    is_admin,
    stats_text,
    stats_to_dict,
)
from bot.config import Settings
from bot.engine import facts as f
from bot.storage.sqlite import Storage

from .fixture import SINCE, UNTIL, VERSION, load_fixture

ADMIN = 111111111
SOMEONE = 222222222

EXPECTED = Stats(
    since=SINCE,
    until=UNTIL,
    users=13,
    conversations=13,
    completed=8,
    feedback_up=6,
    feedback_down=1,
    restarts=0,
    backs=0,
    errors=0,
    forgotten=0,
    admin_denied=0,
    outcomes=(Row("button", 8), Row("place", 8), Row("fuzzy", 3), Row("unmatched", 2)),
    dispositifs=(Row("e2c", 8), Row("mission_locale", 8)),
    communes=(Row("59512", 8),),
    qpvs=(Row("QN05980M", 8),),
    sources=(Row("mlroubaix", 8), Row("qpv:QN05980M", 3), Row("cafe", 2)),
    dropoff=(Row("lieu", 3), Row("age", 2)),
    unmatched=(Row("bof #", 2),),
)

EXPECTED_TEXT = """\
📊 Cap Quartiers — statistiques
30 derniers jours, du 01/03/2026 00:00 au 31/03/2026 00:00 (UTC)

👥 Jeunes : 13 · conversations : 13
✅ Terminées : 8 (taux : 62 %)
👍 6 · 👎 < 5 · recommencer : 0 · retour : 0 · erreurs : 0 · /oubli : 0

Pistes proposées (jeunes) :
  • e2c : 8
  • mission_locale : 8

Communes (code INSEE, jeunes) :
  • 59512 : 8

Quartiers QPV (jeunes) :
  • QN05980M : 8

D'où ils arrivent (jeunes) :
  • mlroubaix : 8
  • qpv:QN05980M : < 5
  • cafe : < 5

Où ils s'arrêtent (dernière étape, jeunes) :
  • lieu : < 5
  • age : < 5

Réponses par type (réponses) :
  • button : 8
  • place : 8
  • fuzzy : < 5
  • unmatched : < 5

Textes non compris (jeunes) :
  • « bof # » : < 5

Les nombres de 1 à 4 sont affichés « < 5 »."""


async def test_stats_on_a_known_fixture(storage: Storage) -> None:
    await load_fixture(storage)
    stats = await compute_stats(storage, SINCE, UNTIL)
    assert stats == EXPECTED
    assert stats.completion_rate == 62
    assert format_stats_text(stats) == EXPECTED_TEXT


async def test_stats_refused_for_non_admin_and_given_to_admin(storage: Storage, settings: Settings) -> None:
    await load_fixture(storage)
    assert not is_admin(settings, SOMEONE)
    assert not is_admin(settings, None)
    assert is_admin(settings, ADMIN)
    assert await stats_text(storage, "30j", now=UNTIL) == EXPECTED_TEXT


def test_every_view_masks_small_counts() -> None:
    as_dict = stats_to_dict(EXPECTED)
    assert as_dict["feedback_down"] == "< 5"
    assert as_dict["sources"] == [
        {"key": "mlroubaix", "count": 8},
        {"key": "qpv:QN05980M", "count": "< 5"},
        {"key": "cafe", "count": "< 5"},
    ]
    assert as_dict["completion_rate_percent"] == 62
    assert '"count": "< 5"' in format_stats_json(EXPECTED)
    table = format_stats_table(EXPECTED)
    assert "cafe" in table
    shown = [
        int(n) for n in re.findall(r"(?:\s|: )(\d+)(?= ·|,|\n|$)", table + "\n" + format_stats_text(EXPECTED))
    ]
    shown += [int(n) for n in re.findall(r'"count": (\d+)', format_stats_json(EXPECTED))]
    assert shown
    assert not [n for n in shown if 1 <= n <= 4]
    assert "< 5" in table


def test_rate_hidden_when_it_would_reveal_a_small_group() -> None:
    few_abandoned = replace(EXPECTED, conversations=10, completed=8)
    assert few_abandoned.completion_rate is None
    assert "taux : —" in format_stats_text(few_abandoned)


def test_text_fits_one_telegram_message() -> None:
    many = tuple(Row(f"texte non compris numero {'x' * 60} {i}", 9) for i in range(20))
    big = replace(EXPECTED, unmatched=many, communes=many, dropoff=many)
    assert len(format_stats_text(big)) < 4096


async def test_conversation_boundaries(storage: Storage) -> None:
    key = "k"
    await storage.events.record(
        key,
        VERSION,
        [
            f.NodeReached("orphan"),  # before any start: not a conversation
            f.ConversationStarted(None, None),
            f.NodeReached("age"),
            f.ConversationStarted(None, None),  # restart: the first one was abandoned at "age"
            f.NodeReached("age"),
            f.NodeReached("lieu"),
            f.Completed("resultat"),
            f.FeedbackGiven(useful=True),
            f.ConversationStarted(None, None),  # still open at the end: abandoned before any node
        ],
    )
    stats = await compute_stats(storage, UNTIL - timedelta(days=3650), UNTIL + timedelta(days=3650))
    assert (stats.users, stats.conversations, stats.completed) == (1, 3, 1)
    assert stats.dropoff == (Row("(avant la 1re question)", 1), Row("age", 1))
    assert stats.sources == (Row("(direct)", 1),)
