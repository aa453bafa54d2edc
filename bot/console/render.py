"""The terminal preview's rendering of engine replies: what Telegram shows, without the phone.

The result summary and a door's details are the very texts Telegram sends (`bot.present.cards`), printed
without their HTML (the links' addresses listed after the text); the map pin Telegram sends after the
summary is printed as its link, and the location button is shown where Telegram shows it. Buttons are
numbered: the number presses them. Fixed words in the conversation's language."""

from __future__ import annotations

from bot.engine import wording
from bot.engine.replies import Button, CardDetails, Message, Reply, ResultSummary
from bot.engine.words import Wording
from bot.present import cards

POSITION_HINT = Wording(
    "(📍 pour partager une position : /position 50.69 3.18)",
    en="(📍 to share a location: /position 50.69 3.18)",
)
SHARE_HINT = Wording(
    "(sur Telegram : ouvre le partage du lien t.me/<le bot>?start=src_partage)",
    en="(on Telegram: opens sharing of the link t.me/<the bot>?start=src_partage)",
)
REPLACED = Wording("(le message des pistes est remplacé par :)", en="(the options message is replaced by:)")
MAP_SENT = Wording("🗺️ (carte envoyée par Telegram) {url}", en="🗺️ (map sent by Telegram) {url}")


def render(replies: list[Reply], lang: str = "fr") -> tuple[str, list[Button]]:
    """The text to print and the buttons now pressable by number (those of the last message with some);
    fixed words in ``lang``."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in replies:
        if isinstance(reply, Message):
            lines.append(reply.text)
        elif isinstance(reply, ResultSummary):
            if reply.edit:
                lines.append(REPLACED.get(lang))
            lines.append(render_summary(reply, lang))
        else:
            lines.append(REPLACED.get(lang))
            lines.append(render_details(reply, lang))
        if reply.buttons:
            buttons = list(reply.buttons)
            lines.extend(_button_line(i, b, lang) for i, b in enumerate(reply.buttons, start=1))
        if isinstance(reply, Message) and reply.request_location:
            lines.append(f"  {POSITION_HINT.get(lang)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n", buttons


def _button_line(number: int, button: Button, lang: str) -> str:
    shares = button.label in (wording.SHARE.fr, wording.SHARE.en)
    hint = f" {SHARE_HINT.get(lang)}" if shares else ""
    return f"  [{number}] {button.label}{hint}"


def render_summary(summary: ResultSummary, lang: str = "fr") -> str:
    """The summary as Telegram shows it, then the map pin Telegram sends after it, as a link."""
    text = cards.plain(cards.summary_html(summary, lang))
    venue = cards.venue_of(summary)
    url = cards.map_url(venue) if venue is not None else None
    return f"{text}\n{MAP_SENT.get(lang).format(url=url)}" if url else text


def render_details(details: CardDetails, lang: str = "fr") -> str:
    """A door's full card, as Telegram shows it in place of the summary."""
    return cards.plain(cards.details_html(details, lang=lang))
