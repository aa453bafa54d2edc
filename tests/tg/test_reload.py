"""Live reload through the real PTB stack: a person mid-conversation while a counsellor edits the corpus.

A text edited in (a copy of) ``dialogs/`` reaches the next reply and the person's old button still works; a
broken node is refused — the bot goes on serving the previous version and the admin gets the file:line —
and once fixed, the new version is served."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.compose import open_backend
from bot.config import PROJECT_ROOT, Settings
from bot.engine.core import Engine
from bot.services.corpus import CorpusPaths, PlaceCache
from bot.services.reload import Reloader
from bot.tg.app import ALLOWED_UPDATES, build_application
from bot.tg.reload import ReloadConfig
from tests.tg.conftest import ADMIN_ID, FAST, RunningBot
from tests.tg.fakebotapi import FakeBotApi

WATCH = ReloadConfig(watch=True, sighup=False, debounce_ms=50)


@pytest.fixture(scope="session")
def places(engine: Engine) -> PlaceCache:
    """One place cache for the session (the index is built by the ``engine`` fixture)."""
    return PlaceCache()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> tuple[Path, Path]:
    dialogs = shutil.copytree(PROJECT_ROOT / "dialogs", tmp_path / "corpus" / "dialogs")
    knowledge = shutil.copytree(PROJECT_ROOT / "knowledge", tmp_path / "corpus" / "knowledge")
    return dialogs, knowledge


@pytest.fixture
def copied(api: FakeBotApi, settings_for: Any, corpus_copy: tuple[Path, Path]) -> Settings:
    """The bot's settings over a copy of the corpus, which the test edits."""
    dialogs, knowledge = corpus_copy
    return replace(settings_for(api), dialogs_dir=dialogs, knowledge_dir=knowledge)


def reloader_for(settings: Settings, places: PlaceCache) -> Reloader:
    paths = CorpusPaths(
        settings.dialogs_dir, settings.knowledge_dir, settings.geodata_dir, settings.index_path
    )
    return Reloader(paths, settings.db_path.parent / "corpus-last-good", places)


@asynccontextmanager
async def reloading_bot(
    api: FakeBotApi, settings: Settings, reloader: Reloader, config: ReloadConfig = WATCH
) -> AsyncIterator[RunningBot]:
    engine = reloader.start()
    app = build_application(
        settings, lambda: open_backend(settings, engine, reloader), network=FAST, reload=config
    )
    running = RunningBot(api, app, settings)
    await app.initialize()
    try:
        assert app.post_init is not None and app.updater is not None
        await app.post_init(app)
        await app.updater.start_polling(timeout=int(FAST.poll_timeout), allowed_updates=ALLOWED_UPDATES)
        await app.start()
        yield running
    finally:
        await running.stop()


def edit(path: Path, old: str | tuple[str, ...], new: str | tuple[str, ...]) -> None:
    """Replace ``old`` by ``new`` (several pairs at once: one write, as an editor saves)."""
    olds, news = (old, new) if isinstance(old, tuple) and isinstance(new, tuple) else ((old,), (new,))
    text = path.read_text(encoding="utf-8")
    for before, after in zip(olds, news, strict=True):
        assert isinstance(before, str) and isinstance(after, str) and before in text, before
        text = text.replace(before, after, 1)
    path.write_text(text, encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if fragment in line)


def admin_texts(api: FakeBotApi) -> list[str]:
    return [m.get("text", "") for m in api.messages.get(ADMIN_ID, [])]


async def test_edit_break_fix_while_a_person_is_mid_conversation(
    api: FakeBotApi, copied: Settings, places: PlaceCache
) -> None:
    settings, dialogs = copied, copied.dialogs_dir
    reloader = reloader_for(settings, places)
    dialog = dialogs / "orientation.yaml"

    async with reloading_bot(api, settings, reloader) as bot:
        user = bot.user()
        await user.send("/start")
        await user.press("18 à 25 ans")
        assert user.current_text().startswith("Tu vas encore à l'école")
        school_question = user.messages()[-1]
        first = reloader.engine

        # 1. a text is edited: swapped in, same structural version, the old button still works
        edit(dialog, "C'est quoi ton diplôme le plus haut ?", "Ton diplôme le plus haut, c'est quoi ?")
        await api.wait_until(lambda: reloader.engine is not first, within=30)
        assert reloader.engine.version == first.version
        await user.press("plus d'un an", message=school_question)
        assert user.current_text() == "Ton diplôme le plus haut, c'est quoi ?"
        assert not any("ancienne" in t for t in user.texts())
        assert bot.api.calls_of("answerCallbackQuery")[-1].params.get("text") is None  # no stale toast
        diploma_question = user.messages()[-1]

        # 2. a node is broken (and a text changed with it): refused as a whole, the admin is told where
        second = reloader.engine
        edit(
            dialog,
            ("fr: Qu'est-ce que tu aimerais faire ?", "    suite: projet\n"),
            ("fr: Tu aimerais faire quoi ?", "    suite: projett\n"),
        )
        broken_line = line_of(dialog, "suite: projett")
        await api.wait_until(lambda: any("Modification refusée" in t for t in admin_texts(api)), within=30)
        refusal = next(t for t in admin_texts(api) if "Modification refusée" in t)
        assert f"dialogs/orientation.yaml:{broken_line}:" in refusal
        assert "projett" in refusal and "projet" in refusal
        assert reloader.engine is second
        await user.press("Aucun diplôme", message=diploma_question)
        assert user.current_text() == "Qu'est-ce que tu aimerais faire ?"  # the previous version, whole

        # 3. fixed: the new version is served and the admin hears it is repaired
        edit(dialog, "    suite: projett\n", "    suite: projet\n")
        await api.wait_until(lambda: any("erreurs sont corrigées" in t for t in admin_texts(api)), within=30)
        assert reloader.engine is not second
        await user.send("/retour")
        await user.press("Aucun diplôme")
        assert user.current_text() == "Tu aimerais faire quoi ?"

        # the last good copy on disk is the repaired version
        saved = settings.db_path.parent / "corpus-last-good" / "dialogs" / "orientation.yaml"
        assert saved.read_text("utf-8") == dialog.read_text("utf-8")


async def test_recharger_is_for_admins_only(api: FakeBotApi, copied: Settings, places: PlaceCache) -> None:
    settings, dialogs = copied, copied.dialogs_dir
    reloader = reloader_for(settings, places)
    by_command_only = ReloadConfig(watch=False, sighup=False)
    async with reloading_bot(api, settings, reloader, by_command_only) as bot:
        outsider = bot.user(1001)
        await outsider.send("/recharger")
        assert outsider.last_text().startswith("Je ne connais pas cette commande")
        assert bot.sql("SELECT count(*) FROM sessions")[0][0] == 0  # no conversation started

        admin = bot.user(ADMIN_ID)
        await admin.send("/recharger")
        assert admin.last_text().startswith("Rien n'a changé depuis la version en service")

        # a structural change, asked by /recharger: loaded, and the admin hears conversations are moved
        new_choice = "      - id: sais_pas\n"
        added = "      - id: autre\n        libelle: Autre chose\n"
        edit(dialogs / "orientation.yaml", new_choice, added + new_choice)
        await admin.send("/recharger")
        assert "Nouvelle version" in admin.last_text() and "replacées" in admin.last_text(), admin.last_text()


async def test_the_bot_profile_is_published_again_when_it_changes(
    api: FakeBotApi, copied: Settings, places: PlaceCache
) -> None:
    settings, dialogs = copied, copied.dialogs_dir
    profile = dialogs / "profil" / "telegram.yaml"
    by_command = ReloadConfig(watch=False, sighup=False)

    def english(method: str) -> list[str]:
        key = "description" if method == "setMyDescription" else "short_description"
        return [c.params[key] for c in api.calls_of(method) if c.params.get("language_code") == "en"]

    async with reloading_bot(api, settings, reloader_for(settings, places), by_command) as bot:
        admin = bot.user(ADMIN_ID)
        edit(profile, "No name needed. It's free.", "No name needed. Free of charge.")
        await admin.send("/recharger")
        assert english("setMyDescription")[-1].endswith("No name needed. Free of charge.")

        # too long for Telegram: not published, the previous profile stays, the admin is told where
        published = len(english("setMyShortDescription"))
        edit(profile, "  en: Find where to go", "  en: " + "Really " * 20 + "find where to go")
        await admin.send("/recharger")
        refusal = next(t for t in admin_texts(api) if "profil du bot" in t)
        assert f"profil/telegram.yaml:{line_of(profile, 'description_courte:')}:" in refusal
        assert len(english("setMyShortDescription")) == published
        # the conversation goes on as before
        await admin.send("/start")
        assert admin.last_paragraph() == "Tu as quel âge ?"
