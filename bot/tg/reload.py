"""Live reload at the Telegram edge: what triggers it, and who is told.

Three triggers, one path (``Backend.corpus.reload``, see ``bot.services.reload``):

- a change to a ``.yaml`` file under ``dialogs/`` or ``knowledge/`` (``watchfiles``: inotify on Linux,
  debounced so that saving several files at once reloads once);
- ``SIGHUP`` (``kill -HUP <pid>``, ``systemctl reload``);
- ``/recharger``, for the admins of ``BOT_ADMIN_IDS`` (anyone else gets the unknown-command answer).

A refused reload is logged with every error and sent to each admin (file:line, in French); so is the start
on the last good copy, and the recovery once the files are fixed. A successful reload is logged, and
answered to the admin who typed ``/recharger``.

The bot's Telegram profile (``dialogs/profil/telegram.yaml``: command menu, descriptions) is read again
after each reload that was not refused, and published when it changed; a profile with errors is not
published (the previous one stays) and the admins get its file:line."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, CommandHandler, ContextTypes, filters

from bot.dialogs.profile import profile_errors, profile_path
from bot.engine.facts import AdminDenied
from bot.services.corpus import CORPUS_SUFFIXES
from bot.services.reload import ReloadReport, Status
from bot.tg.backend import CorpusPort
from bot.tg.commands import UNKNOWN_COMMAND
from bot.tg.edge import Edge
from bot.tg.menu import publish_profile
from bot.tg.render import OutText, split_text
from bot.tg.sender import UserBlocked

logger = logging.getLogger(__name__)

PROFILE_REFUSED = (
    "⚠️ Le profil du bot (menu et descriptions, dialogs/profil/telegram.yaml) contient des erreurs : "
    "l'ancien reste publié."
)


@dataclass(frozen=True, slots=True)
class ReloadConfig:
    """``watch``: reload on file changes; ``sighup``: reload on SIGHUP (the process's main loop only);
    ``debounce_ms``: wait this long after the last change before reloading."""

    watch: bool = True
    sighup: bool = True
    debounce_ms: int = 800


def corpus_change(_change: object, path: str) -> bool:
    """The changes worth a reload: corpus files, not editors' swap or backup files."""
    name = Path(path).name
    return name.endswith(CORPUS_SUFFIXES) and not name.startswith(".")


class LiveReload:
    """Made with the application; started in ``post_init`` when the backend has a corpus port (until
    then, and without one, ``/recharger`` is unknown), stopped in ``post_shutdown``."""

    def __init__(self, edge: Edge, config: ReloadConfig) -> None:
        self.edge = edge
        self.config = config
        self.corpus: CorpusPort | None = None
        self._stop = asyncio.Event()
        self._watcher: asyncio.Task[None] | None = None
        self._signal_tasks: set[asyncio.Task[ReloadReport]] = set()
        self._sighup = False

    async def start(self, corpus: CorpusPort) -> None:
        self.corpus = corpus
        self._stop.clear()
        notice = corpus.startup_notice
        if notice is not None:
            await self.tell_admins(notice)
        if self.config.watch:
            self._watcher = asyncio.create_task(self._watch(), name="corpus-watch")
        if self.config.sighup and hasattr(signal, "SIGHUP"):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
                asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._on_sighup)
                self._sighup = True
        logger.info(
            "live reload: watching %s (%s), SIGHUP %s, /recharger for admins",
            " and ".join(str(p) for p in corpus.watched),
            "on" if self._watcher else "off",
            "on" if self._sighup else "off",
        )

    async def stop(self) -> None:
        self._stop.set()
        if self._sighup:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            self._sighup = False
        if self._watcher is not None:
            await self._watcher
            self._watcher = None
        for task in list(self._signal_tasks):
            await task

    # ------------------------------------------------------------------ triggers
    async def _watch(self) -> None:
        from watchfiles import awatch

        assert self.corpus is not None
        folders = [p for p in self.corpus.watched if p.is_dir()]
        try:
            async for changes in awatch(
                *folders,
                watch_filter=corpus_change,
                debounce=self.config.debounce_ms,
                stop_event=self._stop,
                recursive=True,
            ):
                logger.info("corpus files changed (%d): reloading", len(changes))
                await self.reload("fichiers modifiés")
        except Exception:  # the bot goes on serving; SIGHUP and /recharger still work
            logger.exception("the corpus watcher stopped")

    def _on_sighup(self) -> None:
        task = asyncio.create_task(self.reload("SIGHUP"))
        self._signal_tasks.add(task)
        task.add_done_callback(self._signal_tasks.discard)

    async def reload(self, reason: str, *, asked_by: int | None = None) -> ReloadReport:
        """Reload, then tell: the admins when refused or recovered, ``asked_by`` (a chat id) always."""
        if self.corpus is None:
            raise RuntimeError("LiveReload.start() n'a pas été appelé.")
        report = await self.corpus.reload(reason)
        told: set[int] = set()
        if report.status is Status.REFUSED or report.recovered:
            told = await self.tell_admins(report.text())
        if asked_by is not None and asked_by not in told:
            await self._tell(asked_by, report.text())
        if report.status is not Status.REFUSED:
            broken = await self.republish_profile()
            if broken is not None:
                told = await self.tell_admins(broken)
                if asked_by is not None and asked_by not in told:
                    await self._tell(asked_by, broken)
        return report

    async def republish_profile(self) -> str | None:
        """Read the bot's profile again and publish it if it changed; the message for the admins when it
        has errors (then the published profile stays as it was)."""
        backend, sender = self.edge.backend, self.edge.sender
        if backend is None or sender is None:
            return None
        path = profile_path(self.edge.settings.dialogs_dir)
        profile, errors = await asyncio.to_thread(profile_errors, path)
        if errors or (profile is None and path.exists()):
            logger.warning("bot profile not reloaded: %d error(s)", len(errors))
            return "\n".join(
                [PROFILE_REFUSED, *(f"• {p}" for p in errors), "Corrige-les : la modification sera prise."]
            )
        if profile == backend.profile:
            return None
        backend.profile = profile
        logger.info("bot profile changed: published again")
        await publish_profile(sender.bot, profile)
        return None

    # ------------------------------------------------------------------ messages
    async def tell_admins(self, text: str) -> set[int]:
        """Send ``text`` to each admin (in their private chat with the bot); the ids reached."""
        reached: set[int] = set()
        for admin_id in sorted(self.edge.settings.admin_ids):
            if await self._tell(admin_id, text):
                reached.add(admin_id)
        return reached

    async def _tell(self, chat_id: int, text: str) -> bool:
        sender = self.edge.sender
        if sender is None:
            return False
        try:
            for chunk in split_text(text):
                await sender.send(chat_id, OutText(chunk))
        except (UserBlocked, TelegramError) as exc:  # an admin who never opened the bot cannot be written to
            logger.warning("could not tell admin chat %s about the corpus (%s)", chat_id, type(exc).__name__)
            return False
        return True


def reload_command(edge: Edge, live: LiveReload) -> CommandHandler[Any, None]:
    """``/recharger``, registered in a group before the other commands (it stops there)."""

    async def recharger(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ident = edge.identify(update)
        user = update.effective_user
        if ident is None or user is None:
            raise ApplicationHandlerStop
        backend, sender = edge.ready
        if live.corpus is None or not backend.is_admin(user.id):
            await backend.service.record(ident[1], [AdminDenied(command="recharger")])
            try:
                await sender.send(ident[0], OutText(UNKNOWN_COMMAND))
            except UserBlocked:
                await edge.blocked(ident[1])
            raise ApplicationHandlerStop
        await live.reload("/recharger", asked_by=ident[0])
        raise ApplicationHandlerStop

    return CommandHandler("recharger", recharger, filters=filters.ChatType.PRIVATE)
