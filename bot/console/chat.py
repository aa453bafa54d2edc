"""The terminal preview: the same dialog, engine, knowledge and service as on Telegram, in a terminal.

Counsellors use it to try their edits (`cap-quartiers chat --dialog dialogs/mon_essai.yaml`, or
``--from NODE --set age=18_25 --set lieu=59512`` to try one branch). Numbers press buttons; anything else
is typed text; /retour, /recommencer, /aide, /start, /langue [en], /position LAT LON, /quitter."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from pathlib import Path

from bot.compose import build_engine
from bot.config import Settings
from bot.console.preset import preset_state
from bot.console.render import render
from bot.engine import events as ev
from bot.engine.replies import Button
from bot.engine.state import State
from bot.engine.turn import in_language
from bot.services.conversation import ConversationService
from bot.storage.memory import MemoryEventLog, MemorySessionStore

USER = "terminal"
INTRO = "Aperçu du bot. Tape un numéro pour appuyer sur un bouton, ou écris ta réponse. /quitter pour sortir."
COMMANDS: dict[str, Callable[[], ev.Event]] = {
    "/retour": ev.Back,
    "/recommencer": ev.Restart,
    "/aide": ev.Help,
    "/start": ev.Start,
    "/langue": ev.ChooseLanguage,
    "/resultats": ev.Results,
}


def parse_line(line: str, buttons: list[Button]) -> ev.Event | None:
    """What a typed line means; None to quit."""
    text = line.strip()
    if text in ("/quitter", "/quit", "/exit"):
        return None
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        return buttons[int(text) - 1].event
    if text.startswith("/start "):
        return ev.Start(text.removeprefix("/start ").strip())
    if text.startswith("/langue "):
        return ev.ChooseLanguage(text.removeprefix("/langue ").strip().lower())
    if text.startswith("/position"):
        parts = text.replace(",", " ").split()[1:]
        try:
            return ev.Location(float(parts[0]), float(parts[1]))
        except (IndexError, ValueError):
            return ev.Text(text)
    factory = COMMANDS.get(text)
    return factory() if factory else ev.Text(text)


async def converse(
    service: ConversationService,
    read: Callable[[], str],
    write: Callable[[str], None],
    preset: State | None = None,
) -> int:
    """``preset``: start there (``chat --from NODE --set …``) instead of at /start."""
    buttons: list[Button] = []
    if preset is None:
        result = await service.step(USER, ev.Start())
    else:
        await service.sessions.save(USER, preset.to_dict())
        result = await service.step(USER, ev.Resume())
    while True:
        lang = result.state.lang
        text, new_buttons = render(result.replies, lang)
        write(text if result.replies or not result.toast else f"({in_language(result.toast, lang)})\n")
        # only what is on screen now: a digit typed under no button is text; a short answer that keeps the
        # screen (« Avec plaisir » under the result) leaves the buttons above it in use
        if result.replies and not result.keeps_screen:
            buttons = new_buttons
        try:
            line = read()
        except EOFError:
            return 0
        event = parse_line(line, buttons)
        if event is None:
            return 0
        result = await service.step(USER, event)


def run_chat(
    settings: Settings,
    dialog_path: Path | None = None,
    start: str | None = None,
    sets: Mapping[str, str] | None = None,
) -> int:
    engine = build_engine(settings, dialog_path, require_places=False)
    if engine.knowledge.places is None:
        print("⚠️  Index des lieux absent : lance « cap-quartiers geodata build » pour chercher les lieux.")
    preset = preset_state(engine, start, sets or {}) if start or sets else None
    service = ConversationService(engine, MemorySessionStore(), MemoryEventLog())
    print(INTRO)

    def read() -> str:
        return input("> ")

    return asyncio.run(converse(service, read, print, preset))
