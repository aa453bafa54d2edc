from __future__ import annotations

import json
import re
from dataclasses import replace

from bot.admin import (
    compute_stats,
    format_stats_json,
    format_stats_table,
    format_stats_text,
    is_admin,
    stats_text,
    stats_to_dict,
)
from bot.admin.aggregate import Aggregates, Cell, Row, StepRow, TextRow
from bot.admin.format import FOOTER
from bot.admin.periods import Window
from bot.config import Settings
from bot.engine import facts as f
from bot.storage.sqlite import Storage
from bot.storage.sqlite.stats_source import SqliteStatsSource

from .fixture import NAMES, SINCE, UNTIL, VERSION, WINDOW, load_fixture

ADMIN = 111111111
SOMEONE = 222222222


def source(storage: Storage) -> SqliteStatsSource:
    return SqliteStatsSource(storage.db, before_read=storage.events.flush)


async def fixture_stats(storage: Storage) -> Aggregates:
    await load_fixture(storage)
    return await compute_stats(source(storage), WINDOW, NAMES)


async def test_headline_figures(storage: Storage) -> None:
    stats = await fixture_stats(storage)
    assert stats.people == Cell(18, 18)  # the outsider's /stats is not a young person
    assert (stats.conversations.count, stats.completed.count, stats.abandoned.count) == (18, 8, 10)
    assert stats.completion_rate == 44
    assert stats.feedback_up == Cell(6, 6)  # user00 pressed 👍 fifty times: counted once
    assert stats.feedback_down.masked and stats.feedback_down.shown is None
    assert stats.denied == Cell(1, 1) and stats.denied.masked


async def test_funnel_names_sources_followups(storage: Storage) -> None:
    stats = await fixture_stats(storage)
    assert stats.steps == (
        StepRow("age", 0, Cell(18, 18), Cell(7, 7)),
        StepRow("lieu", 1, Cell(11, 11), Cell(3, 3)),
        StepRow("resultat", 2, Cell(8, 8), Cell(0, 0)),
    )
    assert [(r.name, r.cell.shown) for r in stats.dispositifs] == [
        ("École de la 2e chance", 8),
        ("Mission Locale", 8),
    ]
    assert [(r.name, r.cell.shown) for r in stats.communes] == [("Roubaix", 8)]
    assert [(r.name, r.commune) for r in stats.quartiers] == [("Roubaix-Tourcoing – Blanc Seau", "Roubaix")]
    assert [(r.key, r.started.shown, r.completed.shown, r.rate) for r in stats.sources] == [
        ("mlroubaix", 8, 8, 100),
        ("cafe", 7, 0, 0),
        ("qpv:QN05980M", None, 0, None),  # 3 people: masked, and no rate that would give it back
    ]
    assert stats.sources[2].name == "affiche du quartier Roubaix-Tourcoing – Blanc Seau (Roubaix)"
    assert [(r.key, r.cell.shown) for r in stats.followups] == [("alle", 5), ("pas_encore", None)]
    assert [(r.key, r.cell.shown) for r in stats.contacts] == [("card", 8), ("phone", None)]


async def test_misunderstood_texts_need_five_people(storage: Storage) -> None:
    stats = await fixture_stats(storage)
    (question,) = stats.questions
    assert question.node == "age" and question.cell == Cell(7, 7)
    assert question.texts == (TextRow("je sais pas trop", 5),)  # five spellings, five people
    text = format_stats_text(stats)
    assert "« je sais pas trop » : 5" in text
    assert "bof" not in text and "Kevin" not in text.lower() and "kevin" not in format_stats_json(stats)


async def test_text_view(storage: Storage, settings: Settings) -> None:
    await load_fixture(storage)
    assert not is_admin(settings, SOMEONE) and not is_admin(settings, None) and is_admin(settings, ADMIN)
    text = await stats_text(source(storage), "30j", NAMES, now=UNTIL)
    assert (
        text.splitlines()[1] == "30 derniers jours, du 01/03/2026 01:00 au 31/03/2026 02:00 (heure de Paris)"
    )
    assert "👥 Jeunes : 18 · conversations : 18" in text
    assert "✅ Terminées : 8 (taux : 44 %)" in text
    assert "👍 6 · 👎 < 5" in text
    assert "  • lieu : 11 · < 5" in text
    assert "  • Roubaix : 8" in text
    assert "  • lien « mlroubaix » : 8 · 8 · 100 %" in text
    assert "École de la 2e chance" in text and "e2c :" not in text


async def test_json_has_numbers_only(storage: Storage) -> None:
    stats = await fixture_stats(storage)
    data = json.loads(format_stats_json(stats))
    assert data["users"] == {"count": 18, "masque": False}
    assert data["feedback_down"] == {"count": None, "masque": True}
    assert data["since"] == "2026-03-01T01:00:00+01:00" and data["timezone"] == "Europe/Paris"

    def leaves(value: object) -> list[object]:
        if isinstance(value, dict):
            return [
                x
                for k, v in value.items()
                if k not in ("key", "name", "commune", "question", "text", "order")
                for x in leaves(v)
            ]
        if isinstance(value, list):
            return [x for v in value for x in leaves(v)]
        return [value]

    values = leaves({k: v for k, v in data.items() if k not in ("since", "until", "timezone")})
    assert all(v is None or isinstance(v, bool | int) for v in values), values
    assert not [v for v in values if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 4]
    assert "< 5" not in json.dumps(data)


def body(view: str) -> str:
    """Without the title, the period line and the footer that explains « < 5 »."""
    return view.split("\n", 2)[2].replace(FOOTER, "")


async def test_every_text_view_masks_small_counts(storage: Storage) -> None:
    stats = await fixture_stats(storage)
    for view in (format_stats_text(stats), format_stats_table(stats)):
        shown = [int(n) for n in re.findall(r"(?<![\w#/.-])(\d+)(?![\w/:.])(?! %)", body(view))]
        assert shown and not [n for n in shown if 1 <= n <= 4], view
        assert "< 5" in view


def test_text_fits_one_telegram_message() -> None:
    window = Window(SINCE, UNTIL, "mars 2026")
    many = tuple(Row(f"k{i}", f"texte très long numéro {'x' * 60} {i}", Cell(9, 9)) for i in range(30))
    base = Aggregates(
        window,
        *(Cell(9, 9),) * 4,
        None,
        *(Cell(0, 0),) * 7,
        (),
        many,
        many,
        (),
        (),
        many,
        many,
        many,
        many,
        (),
    )
    assert len(format_stats_text(replace(base, communes=many))) < 4096
    assert stats_to_dict(base)["users"] == {"count": 9, "masque": False}


async def test_conversation_boundaries(storage: Storage) -> None:
    await storage.events.record(
        "k",
        VERSION,
        [
            f.NodeReached("orphan"),  # before any start: not a conversation
            f.ConversationStarted(None, None),
            f.NodeReached("age"),
            f.FeedbackGiven(useful=True),
            f.FeedbackGiven(useful=False),  # the last opinion of a conversation counts
            f.ConversationStarted(None, None),  # restart: the first one was abandoned at "age"
            f.NodeReached("age"),
            f.NodeReached("lieu"),
            f.Completed("resultat"),
            f.FeedbackGiven(useful=True),
            f.ConversationStarted(None, None),  # still open at the end: stopped before any step
        ],
    )
    wide = Window(SINCE.replace(year=2000), UNTIL.replace(year=2100), "tout")
    stats = await compute_stats(source(storage), wide)
    assert (stats.people.count, stats.conversations.count, stats.completed.count) == (1, 3, 1)
    assert [(s.node, s.left.count) for s in stats.steps] == [
        ("(avant la 1re question)", 1),
        ("age", 1),
        ("lieu", 0),
    ]
    assert (stats.feedback_up.count, stats.feedback_down.count) == (1, 1)
    assert [r.key for r in stats.sources] == ["(direct)"]


async def test_the_admins_own_trials_are_left_out(storage: Storage, settings: Settings) -> None:
    await load_fixture(storage)
    admins = frozenset({"user11", "user12", "user13"})  # three of the five who typed « je sais pas trop »
    stats = await compute_stats(source(storage), WINDOW, NAMES, excluded=admins)
    assert stats.people == Cell(15, 15)
    (question,) = stats.questions
    assert question.cell == Cell(4, 4) and question.texts == ()  # two people left: the text is not shown


def test_admin_keys_are_the_pseudonyms_of_the_admin_ids(settings: Settings) -> None:
    from bot.admin.build import admin_keys
    from bot.storage.pseudonym import Pseudonymizer, load_or_create_secret

    assert admin_keys(settings) == frozenset()  # no secret yet: no event of theirs either
    secret = load_or_create_secret(settings.secret_path)
    assert admin_keys(settings) == {Pseudonymizer(secret).key(ADMIN)}
