"""Commands and edge cases: deep links, stale buttons, stickers, /oubli, /confidentialite, /stats."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from bot.dialogs import codec
from bot.engine.events import Choose
from bot.tg.callbacks import STALE
from bot.tg.commands import UNKNOWN_COMMAND
from bot.tg.jobs import JOB_NAME, STATS_JOB_NAME
from bot.tg.messages import UNSUPPORTED
from tests.tg.conftest import ADMIN_ID, RunningBot


async def test_deep_link_qpv_preselects_the_quartier(bot: RunningBot) -> None:
    user = bot.user()
    await user.send("/start qpv_QN05980M")
    for label in ("18 à 25 ans", "plus d'un an", "Aucun diplôme", "Trouver un travail"):
        await user.press(label)
    question = user.current_text()
    assert question == "Tu habites bien à Roubaix (59100), quartier Blanc Seau – Croix Bas Saint Pierre ?"
    await user.press("Oui")
    assert any("Mission Locale de Roubaix" in t for t in user.texts())


async def test_deep_link_source_is_recorded_and_bad_payloads_ignored(bot: RunningBot) -> None:
    tagged, hostile = bot.user(1101), bot.user(1102)
    await tagged.send("/start src_mlroubaix")
    await hostile.send("/start <script>alert(1)</script>")
    await hostile.send("/start qpv_NOPE")
    assert hostile.last_paragraph() == "Tu as quel âge ?"
    await bot.stop()  # a clean shutdown flushes the event log
    sources = bot.sql("SELECT DISTINCT source FROM events WHERE kind = 'conversation_started'")
    assert ("mlroubaix",) in sources and all(s[0] in (None, "mlroubaix") for s in sources)


async def test_stale_buttons_are_answered_and_show_the_current_step(bot: RunningBot) -> None:
    user = bot.user()
    await user.send("/start")
    age_question = dict(user.messages()[-1])  # kept as the client still shows it
    await user.press("18 à 25 ans")
    assert user.current_text().startswith("Tu vas encore à l'école")

    # a button of an answered question (same dialog version): the engine says it is stale
    await user.press("16 ou 17 ans", message=age_question)
    answer = bot.api.calls_of("answerCallbackQuery")[-1]
    assert answer.params["text"] == STALE
    assert user.last_paragraph().startswith("Tu vas encore à l'école")

    # a button made by an older dialog version
    old = codec.encode(Choose("age", "18_25"), "orientation@ancienne-version")
    await user.press_data(old, age_question)
    assert bot.api.calls_of("answerCallbackQuery")[-1].params["text"] == STALE
    assert user.last_paragraph().startswith("Tu vas encore à l'école")

    # garbage
    await user.press_data("n'importe quoi", age_question)
    assert bot.api.calls_of("answerCallbackQuery")[-1].params["text"] == STALE
    assert user.last_paragraph().startswith("Tu vas encore à l'école")
    assert len(bot.api.calls_of("answerCallbackQuery")) == 4  # every press answered


async def test_stickers_and_photos_get_an_explanation_and_the_question_again(bot: RunningBot) -> None:
    user = bot.user()
    await user.send("/start")
    await user.send_sticker()
    # the explanation and the question again, in one message
    assert user.last_text().startswith(UNSUPPORTED) and user.last_paragraph() == "Tu as quel âge ?"
    await user.send_photo()
    # the explanation and the question again, in one message
    assert user.last_text().startswith(UNSUPPORTED) and user.last_paragraph() == "Tu as quel âge ?"


async def test_back_restart_help_commands(bot: RunningBot) -> None:
    user = bot.user()
    await user.send("/start")
    await user.press("18 à 25 ans")
    await user.send("/retour")
    assert user.last_paragraph() == "Tu as quel âge ?"
    await user.send("/aide")
    assert "tranche d'âge" in " ".join(user.texts()[-2:])
    await user.press("26 à 29 ans")
    await user.send("/recommencer")
    assert user.last_paragraph() == "Tu as quel âge ?"


async def test_privacy_and_unknown_commands(bot: RunningBot) -> None:
    user = bot.user()
    await user.send("/confidentialite")
    privacy = user.last_text()
    assert "/oubli" in privacy and "mois" in privacy
    await user.send("/nimportequoi")
    assert user.last_text().startswith(UNKNOWN_COMMAND)


async def test_stats_for_admins_only(bot: RunningBot) -> None:
    user = bot.user()
    await user.send("/start")
    await user.send("/stats 30j")
    assert user.last_text() == UNKNOWN_COMMAND  # same words as any unknown command
    admin = bot.user(ADMIN_ID)
    await admin.send("/stats 2 semaines")  # every word of the period is read
    assert "14 derniers jours" in admin.last_text() and "heure de Paris" in admin.last_text()
    await admin.send("/stats n'importe")
    assert admin.last_text().startswith("Période inconnue")
    await bot.stop()
    assert bot.sql("SELECT value FROM events WHERE kind = 'admin_denied'") == [("stats",)]


async def test_outsiders_and_admins_stats_commands_are_not_young_people(bot: RunningBot) -> None:
    outsider, admin = bot.user(1201), bot.user(ADMIN_ID)
    await outsider.send("/stats")
    await admin.send("/stats")
    assert outsider.texts() == [UNKNOWN_COMMAND]
    await bot.stop()
    assert bot.sql("SELECT kind FROM events") == [("admin_denied",)]  # no conversation started
    assert bot.sql("SELECT count(*) FROM sessions") == [(0,)]


async def test_forget_after_confirmation(bot: RunningBot) -> None:
    user = bot.user()
    await user.send("/start")
    await user.press("18 à 25 ans")
    key = bot.user_key(user.id)
    assert bot.sql("SELECT count(*) FROM sessions WHERE user_key = ?", key) == [(1,)]

    await user.send("/oubli")
    await user.press("Non")
    assert "rien" in user.texts()[-2] and user.last_text().startswith("Tu vas encore à l'école")
    assert bot.sql("SELECT count(*) FROM sessions WHERE user_key = ?", key) == [(1,)]

    await user.send("/oubli")
    await user.press("Oui, tout effacer")
    assert "effacé" in user.last_text()
    assert bot.sql("SELECT count(*) FROM sessions WHERE user_key = ?", key) == [(0,)]
    assert bot.sql("SELECT count(*) FROM events WHERE user_key = ?", key) == [(0,)]
    await user.send("bonjour")  # starts over without a fuss
    assert user.last_paragraph() == "Tu as quel âge ?"


async def test_daily_purge_is_scheduled_and_runs(bot: RunningBot, caplog: Any) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name(JOB_NAME)
    with caplog.at_level(logging.INFO, logger="bot.tg.jobs"):
        await job.run(bot.app)
    assert "daily purge done" in caplog.text


async def test_hourly_stats_rebuild_is_scheduled_and_writes_the_aggregates(
    bot: RunningBot, caplog: Any
) -> None:
    user = bot.user()
    await user.send("/start")
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name(STATS_JOB_NAME)
    with caplog.at_level(logging.INFO, logger="bot.tg.jobs"):
        await job.run(bot.app)
    assert "hourly aggregates rebuilt" in caplog.text
    stats = bot.settings.stats_path
    assert stats.is_file() and stats.parent == bot.settings.db_path.parent
    with sqlite3.connect(stats) as conn:  # one young person: every count of the period is masked
        assert conn.execute(
            "SELECT jeunes, jeunes_masque FROM chiffres WHERE periode = '7 derniers jours'"
        ).fetchone() == (None, 1)
