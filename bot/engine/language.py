"""The language a conversation speaks: chosen at its start from the channel's language code (Telegram's
``language_code``) when the dialog has it, French otherwise; changed by /langue (`choose_language`)."""

from __future__ import annotations

from dataclasses import replace

from bot.dialogs.model import DEFAULT_LANG, Dialog
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.flow import Flow
from bot.engine.replies import Button
from bot.engine.turn import Turn


def dialog_language(dialog: Dialog, code: str | None) -> str:
    """ "en", "en-GB", "en_US" → "en" when the dialog speaks it; anything else → French."""
    lang = (code or "").replace("_", "-").split("-")[0].lower()
    return lang if lang in dialog.languages else DEFAULT_LANG


def choose_language(flow: Flow, turn: Turn, lang: str) -> None:
    """/langue: without ``lang``, ask which one (buttons); with one, speak it and ask the current
    question again in it (pending options were worded in the former language: they are dropped)."""
    if not lang:
        turn.say(
            wording.LANGUAGE_ASK,
            (
                Button(wording.LANGUAGE_FRENCH, ev.ChooseLanguage("fr")),
                Button(wording.LANGUAGE_ENGLISH, ev.ChooseLanguage("en")),
            ),
        )
        return
    chosen = dialog_language(flow.dialog, lang)
    if chosen != lang:
        turn.say(wording.LANGUAGE_UNAVAILABLE.get(lang))
    turn.state = replace(turn.state, lang=chosen, options=(), prompt=None)
    turn.facts.append(fx.LanguageChanged(chosen))
    turn.say(wording.LANGUAGE_SET)
    flow.resume(turn, None)
