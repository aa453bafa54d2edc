"""Engine replies -> what to send on Telegram. No network here: :func:`render` returns plain values.

- ``Message`` -> text (no parse mode: the dialog's text is shown as written) with an inline keyboard of its
  buttons (two per row when the labels are short), or the "📍 Partager ma position" reply keyboard while a
  place is asked. The reply keyboard is removed with the first message after that which has no buttons
  of its own (never by a message of its own).
- ``ResultCard`` -> one HTML message (everything escaped), then a map pin for its first place with
  coordinates: a venue when the position is the address, a bare location when it is the commune centre.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import MessageLimit

from bot.dialogs import codec
from bot.engine.replies import Button, PlaceInfo, Reply, ResultCard

logger = logging.getLogger(__name__)

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH  # 4096
SHORT_LABEL = 18  # two buttons per row when both labels are at most this long
LOCATION_BUTTON = "📍 Partager ma position"
LOCATION_HINT = "Tu peux aussi appuyer sur « 📍 Partager ma position » en bas de l'écran."
ANSWERED_MARK = "✅"

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True, slots=True)
class OutText:
    text: str
    html: bool = False
    markup: Markup | None = None


@dataclass(frozen=True, slots=True)
class OutPin:
    """A map pin: a venue when ``title`` is set, else a bare location."""

    lat: float
    lon: float
    title: str | None = None
    address: str | None = None


Outgoing = OutText | OutPin


@dataclass(frozen=True, slots=True)
class Rendered:
    items: tuple[Outgoing, ...]
    # Whether the location reply keyboard is on screen after these are sent (None: unknown).
    location_keyboard: bool | None


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(LOCATION_BUTTON, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="Ton quartier, ta commune ou ton code postal",
    )


def inline_keyboard(buttons: Sequence[Button], version: str) -> InlineKeyboardMarkup | None:
    """Rows of one or two buttons; a button whose payload would not fit in 64 bytes is left out (logged:
    the dialog validator is supposed to have refused it)."""
    encoded: list[InlineKeyboardButton] = []
    for button in buttons:
        try:
            data = codec.encode(button.event, version)
        except codec.CallbackDataTooLong:
            logger.error("button %r left out: callback_data too long", button.label)
            continue
        encoded.append(InlineKeyboardButton(button.label, callback_data=data))
    if not encoded:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    i = 0
    while i < len(encoded):
        pair = encoded[i : i + 2]
        if len(pair) == 2 and all(len(b.text) <= SHORT_LABEL for b in pair):
            rows.append(pair)
            i += 2
        else:
            rows.append([encoded[i]])
            i += 1
    return InlineKeyboardMarkup(rows)


def render(replies: Sequence[Reply], *, version: str, keyboard_shown: bool | None) -> Rendered:
    """``keyboard_shown``: whether this chat currently shows the location keyboard (None: unknown, e.g.
    after a restart — it is then removed when that costs no extra message)."""
    items: list[Outgoing] = []
    asks_place = False
    for reply in replies:
        if isinstance(reply, ResultCard):
            items.extend(render_card(reply))
            continue
        markup = inline_keyboard(reply.buttons, version)
        chunks = split_text(reply.text)
        items.extend(OutText(chunk) for chunk in chunks[:-1])
        if reply.request_location:
            asks_place = True
            if markup is None:
                items.append(OutText(chunks[-1], markup=location_keyboard()))
            else:
                items.append(OutText(chunks[-1], markup=markup))
                items.append(OutText(LOCATION_HINT, markup=location_keyboard()))
        else:
            items.append(OutText(chunks[-1], markup=markup))

    if asks_place:
        return Rendered(tuple(items), True)
    if keyboard_shown is False:
        return Rendered(tuple(items), False)
    # Close the location keyboard on the first message that has no other markup.
    for i, item in enumerate(items):
        if isinstance(item, OutText) and item.markup is None:
            items[i] = OutText(item.text, item.html, ReplyKeyboardRemove())
            return Rendered(tuple(items), False)
    # Every message has buttons of its own: the keyboard is closed by the next message that has none,
    # rather than by a message of its own (« C'est noté 👍 » cost one more Bot API call a step). It is
    # "one time": once used to share the position, phones hide it already.
    return Rendered(tuple(items), keyboard_shown)


def answered_text(question: str, label: str) -> str:
    """The text a question message is edited to once answered by a button."""
    label = label.removeprefix(ANSWERED_MARK).strip()
    suffix = f"\n\n{ANSWERED_MARK} {label}"
    if len(question) + len(suffix) > MAX_TEXT:
        question = question[: MAX_TEXT - len(suffix) - 1] + "…"
    return question + suffix


# ------------------------------------------------------------------------------------------ cards
def _e(text: str) -> str:
    return html.escape(text, quote=False)


def information_date(date_maj: str) -> str:
    """ "2019" -> "Information de 2019", "2020-04" -> "de 04/2020", "2024-05-01" -> "du 01/05/2024"."""
    parts = date_maj.strip().split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"Information du {parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"Information de {parts[1]}/{parts[0]}"
    return f"Information de {date_maj.strip()}"


def _place_block(place: PlaceInfo) -> str:
    lines = [f"📍 <b>{_e(place.nom)}</b>"]
    where = place.address_line()
    if place.distance_km is not None:
        where = f"{where} — {place.distance_text()}" if where else str(place.distance_text())
    if where:
        lines.append(_e(where))
    if place.approximate_position:
        lines.append("<i>Position approximative (centre de la commune)</i>")
    if place.telephone:
        lines.append(f"📞 {_e(place.telephone)}")
    if place.site_web:
        lines.append(f"🌐 {_e(place.site_web)}")
    if place.horaires:
        lines.append(f"🕒 {_e(place.horaires)}")
    if place.date_maj:
        lines.append(f"<i>{_e(information_date(place.date_maj))}</i>")
    if place.freshness_note:
        lines.append(f"⚠️ {_e(place.freshness_note)}")
    return "\n".join(lines)


def card_blocks(card: ResultCard) -> list[str]:
    """The card as self-contained HTML blocks (a message may be split between blocks only)."""
    head = [f"<b>{card.rank}. {_e(card.title)}</b>"]
    if card.reasons:
        head.append(f"Pourquoi : {_e(', '.join(card.reasons))}")
    blocks = ["\n".join(head)]
    if card.summary:
        blocks.append(_e(card.summary))
    if card.status_note:
        blocks.append(f"ℹ️ <i>{_e(card.status_note)}</i>")
    if card.link:
        blocks.append(f"🔗 {_e(card.link)}")
    blocks.extend(_place_block(place) for place in card.places)
    if not card.places:
        if card.no_place_note:
            blocks.append(_e(card.no_place_note))
        if card.directory_url:
            blocks.append(f"📒 Annuaire officiel : {_e(card.directory_url)}")
    return blocks


def render_card(card: ResultCard) -> list[Outgoing]:
    items: list[Outgoing] = [OutText(text, html=True) for text in join_blocks(card_blocks(card))]
    for place in card.places:
        if place.lat is None or place.lon is None:
            continue
        if place.approximate_position:
            items.append(OutPin(place.lat, place.lon))
        else:
            address = ", ".join(p for p in (place.adresse, place.commune) if p) or place.nom
            items.append(OutPin(place.lat, place.lon, title=place.nom, address=address))
        break
    return items


# ------------------------------------------------------------------------------------------ length
def join_blocks(blocks: Sequence[str], limit: int = MAX_TEXT) -> list[str]:
    """Join blocks with blank lines into as few messages as fit ``limit``; a block longer than the limit
    (plain text only in practice) is cut by :func:`split_text`."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in split_text(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current or not messages:
        messages.append(current)
    return messages


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters, at line breaks when possible."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip("\n ")
    pieces.append(text)
    return pieces
