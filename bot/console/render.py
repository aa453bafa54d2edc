"""Replies as plain text for the terminal preview: what Telegram shows, without the phone.

The cards use the same blocks as Telegram (`bot.present.cards`, without the bold and italics), the map pin
Telegram sends after a card is printed as its link, and the location button is shown where Telegram shows
it. Buttons are numbered: the number presses them."""

from __future__ import annotations

from bot.engine.replies import Button, Message, PlaceInfo, Reply, ResultCard
from bot.present import cards

LOCATION_BUTTON = "  [📍 Partager ma position] (ici : /position 50.69 3.18)"


def render(replies: list[Reply]) -> tuple[str, list[Button]]:
    """The text to print and the buttons now pressable by number (those of the last message with some)."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in replies:
        if isinstance(reply, Message):
            lines.append(reply.text)
            if reply.buttons:
                buttons = list(reply.buttons)
                lines.extend(f"  [{i}] {b.label}" for i, b in enumerate(reply.buttons, start=1))
            if reply.request_location:
                lines.append(LOCATION_BUTTON)
        else:
            lines.append(render_card(reply))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n", buttons


def render_card(card: ResultCard) -> str:
    blocks = cards.card_blocks(card, cards.PLAIN)
    place = cards.map_pin(card)
    if place is not None:
        blocks.append(map_line(place))
    return "\n\n".join(blocks)


def map_line(place: PlaceInfo) -> str:
    """Telegram sends a map pin here; the terminal gives the same point as a link."""
    lat, lon = place.lat, place.lon
    pin = f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=16/{lat:.5f}/{lon:.5f}"
    return f"🗺️ (carte envoyée par Telegram) {pin}"
