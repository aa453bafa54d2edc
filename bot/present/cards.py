"""A result card as text blocks — the same words, order and notes on every channel.

`card_blocks(card, style)` gives self-contained blocks (a channel may split its messages between blocks
only); the style says how to mark bold/italic and escape: `HTML` for Telegram, `PLAIN` for the terminal.
`map_pin` is the place Telegram sends as a map pin after the card (the terminal prints its link)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from bot.engine.replies import PlaceInfo, ResultCard


@dataclass(frozen=True, slots=True)
class Style:
    escape: Callable[[str], str]
    bold: Callable[[str], str]
    italic: Callable[[str], str]


HTML = Style(
    escape=lambda text: html.escape(text, quote=False),
    bold=lambda text: f"<b>{text}</b>",
    italic=lambda text: f"<i>{text}</i>",
)
PLAIN = Style(escape=lambda text: text, bold=lambda text: text, italic=lambda text: text)


def information_date(date_maj: str) -> str:
    """ "2019" -> "Information de 2019", "2020-04" -> "de 04/2020", "2024-05-01" -> "du 01/05/2024"."""
    parts = date_maj.strip().split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"Information du {parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"Information de {parts[1]}/{parts[0]}"
    return f"Information de {date_maj.strip()}"


def place_block(place: PlaceInfo, style: Style) -> str:
    e = style.escape
    lines = [f"📍 {style.bold(e(place.nom))}"]
    where = place.address_line()
    if place.distance_km is not None:
        where = f"{where} — {place.distance_text()}" if where else str(place.distance_text())
    if where:
        lines.append(e(where))
    if place.approximate_position:
        lines.append(style.italic("Position approximative (centre de la commune)"))
    if place.telephone:
        lines.append(f"📞 {e(place.telephone)}")
    if place.site_web:
        lines.append(f"🌐 {e(place.site_web)}")
    if place.horaires:
        lines.append(f"🕒 {e(place.horaires)}")
    if place.date_maj:
        lines.append(style.italic(e(information_date(place.date_maj))))
    if place.freshness_note:
        lines.append(f"⚠️ {e(place.freshness_note)}")
    return "\n".join(lines)


def card_blocks(card: ResultCard, style: Style) -> list[str]:
    """The card as self-contained blocks (a message may be split between blocks only)."""
    e = style.escape
    head = [style.bold(f"{card.rank}. {e(card.title)}")]
    if card.reasons:
        head.append(f"Pourquoi : {e(', '.join(card.reasons))}")
    blocks = ["\n".join(head)]
    if card.summary:
        blocks.append(e(card.summary))
    if card.status_note:
        blocks.append(f"ℹ️ {style.italic(e(card.status_note))}")
    if card.link:
        blocks.append(f"🔗 {e(card.link)}")
    blocks.extend(place_block(place, style) for place in card.places)
    if not card.places:
        if card.no_place_note:
            blocks.append(e(card.no_place_note))
        if card.directory_url:
            blocks.append(f"📒 Annuaire officiel : {e(card.directory_url)}")
    return blocks


def map_pin(card: ResultCard) -> PlaceInfo | None:
    """The place shown on a map after the card: the first one with coordinates."""
    return next((p for p in card.places if p.lat is not None and p.lon is not None), None)
