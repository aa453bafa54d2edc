"""Engine replies -> what to send on Telegram. No network here: :func:`render` returns plain values.

- ``Message`` -> text (no parse mode: the dialog's text is shown as written) with an inline keyboard of its
  buttons (two per row when the labels are short), or the "📍 Partager ma position" reply keyboard while a
  place is asked. The reply keyboard is removed with the first message after that which has no buttons
  of its own (never by a message of its own).
- ``ResultSummary`` -> one HTML message (everything escaped; see `bot.present.cards`, `bot.tg.result_view`),
  its « Détails »
  buttons on one row and « Partager le bot » as a link to Telegram's share sheet; then, the first time a
  result is shown, at most one map pin (a venue) for the first door's nearest place with an exact address.
- ``CardDetails`` -> one HTML message with a button back to the summary.
- ``edit`` replies are marked so the edge puts them in place of the message whose button was pressed.
- Consecutive texts that fit in one message are sent as one (:func:`joined`): one Bot API call instead of
  two, and one bubble on the phone (« Salut 👋 … » and the first question; a result and the « Merci ! »
  that follows the feedback).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import MessageLimit

from bot.dialogs import codec
from bot.engine.events import Details, Share
from bot.engine.replies import Button, CardDetails, Message, Reply, ResultSummary
from bot.engine.words import Wording
from bot.present.cards import details_html, share_url, summary_html, venue_of

logger = logging.getLogger(__name__)

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH  # 4096
SHORT_LABEL = 18  # two buttons per row when both labels are at most this long
LOCATION_BUTTON = Wording("📍 Partager ma position", en="📍 Share my location")
LOCATION_HINT = Wording(
    "Tu peux aussi appuyer sur « 📍 Partager ma position » en bas de l'écran.",
    en="You can also tap “📍 Share my location” at the bottom of the screen.",
)
LOCATION_PLACEHOLDER = Wording(
    "Ton quartier, ta commune ou ton code postal", en="Your neighbourhood, town or postcode"
)
ANSWERED_MARK = "✅"

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True, slots=True)
class OutText:
    text: str
    html: bool = False
    markup: Markup | None = None
    edit: bool = False  # in place of the message whose button was pressed (when there is one)
    preview: bool = True  # link previews (off for results: one map preview would double their height)


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


def location_keyboard(lang: str = "fr") -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(LOCATION_BUTTON.get(lang), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder=LOCATION_PLACEHOLDER.get(lang),
    )


def inline_keyboard(
    buttons: Sequence[Button], version: str, bot_username: str | None = None, lang: str = "fr"
) -> InlineKeyboardMarkup | None:
    """Rows of one or two buttons (all « Détails » buttons on one row); a button whose payload would not fit
    in 64 bytes is left out (logged: the dialog validator is supposed to have refused it). « Partager le
    bot » opens Telegram's share sheet with the bot's link (left out while the bot's name is unknown)."""
    details: list[InlineKeyboardButton] = []
    encoded: list[InlineKeyboardButton] = []
    for button in buttons:
        if isinstance(button.event, Share):
            if bot_username:
                encoded.append(InlineKeyboardButton(button.label, url=share_url(bot_username, lang)))
            continue
        try:
            data = codec.encode(button.event, version)
        except codec.CallbackDataTooLong:
            logger.error("button %r left out: callback_data too long", button.label)
            continue
        target = details if isinstance(button.event, Details) else encoded
        target.append(InlineKeyboardButton(button.label, callback_data=data))
    if not encoded and not details:
        return None
    rows: list[list[InlineKeyboardButton]] = [details] if details else []
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


def render_result(
    reply: ResultSummary | CardDetails, version: str, bot_username: str | None, lang: str = "fr"
) -> list[Outgoing]:
    markup = inline_keyboard(reply.buttons, version, bot_username, lang)
    if isinstance(reply, CardDetails):
        html = details_html(reply, lang=lang)
        return [OutText(html, html=True, markup=markup, edit=reply.edit, preview=False)]
    items: list[Outgoing] = [
        OutText(summary_html(reply, lang), html=True, markup=markup, edit=reply.edit, preview=False)
    ]
    venue = venue_of(reply)
    if venue is not None and venue.lat is not None and venue.lon is not None:
        address = venue.address_line() or venue.nom
        items.append(OutPin(venue.lat, venue.lon, title=venue.nom, address=address))
    return items


def render(
    replies: Sequence[Reply],
    *,
    version: str,
    keyboard_shown: bool | None,
    bot_username: str | None = None,
    lang: str = "fr",
) -> Rendered:
    """``keyboard_shown``: whether this chat currently shows the location keyboard (None: unknown, e.g.
    after a restart — it is then removed when that costs no extra message). ``bot_username``: for the
    share link (from getMe at start-up). ``lang``: the language of the fixed words (location keyboard,
    result labels)."""
    items: list[Outgoing] = []
    asks_place = False
    for reply in replies:
        if not isinstance(reply, Message):
            items.extend(render_result(reply, version, bot_username, lang))
            continue
        markup = inline_keyboard(reply.buttons, version)
        chunks = split_text(reply.text)
        items.extend(OutText(chunk) for chunk in chunks[:-1])
        if reply.request_location:
            asks_place = True
            if markup is None:
                items.append(OutText(chunks[-1], markup=location_keyboard(lang)))
            else:
                items.append(OutText(chunks[-1], markup=markup))
                items.append(OutText(LOCATION_HINT.get(lang), markup=location_keyboard(lang)))
        else:
            items.append(OutText(chunks[-1], markup=markup))

    # A plain message joined with the next one could no longer close a location keyboard known to be shown.
    items = joined(items, closing=keyboard_shown is True and not asks_place)
    if asks_place:
        return Rendered(tuple(items), True)
    if keyboard_shown is False:
        return Rendered(tuple(items), False)
    # Close the location keyboard on the first message that has no other markup.
    for i, item in enumerate(items):
        if isinstance(item, OutText) and item.markup is None and not item.edit:
            items[i] = replace(item, markup=ReplyKeyboardRemove())
            return Rendered(tuple(items), False)
    # Every message has buttons of its own: the keyboard is closed by the next message that has none,
    # rather than by a message of its own (« C'est noté 👍 » cost one more Bot API call a step). It is
    # "one time": once used to share the position, phones hide it already.
    return Rendered(tuple(items), keyboard_shown)


def joined(items: Sequence[Outgoing], *, closing: bool = False) -> list[Outgoing]:
    """``items`` with each text joined to the one before it when both fit in one message (blank line
    between them; a plain text is escaped into an HTML one):

    - a text without buttons and the plain text after it, which keeps its own keyboard — unless
      ``closing``: the first is then left alone to close the location keyboard; a result (HTML) is not
      joined to what comes before it (it can be forwarded as it is);
    - a result put in place of the pressed one (``edit``: the feedback just given) and the plain text that
      ends the step (« Merci ! … »), whose buttons are added below the result's (a button already there is
      not repeated). A question that follows a result (the follow-up offer) keeps a message of its own.

    A map pin in between, or a text to put in place of another (``edit``) second, keeps them apart."""
    out: list[Outgoing] = []
    for i, item in enumerate(items):
        previous = out[-1] if out else None
        merged = (
            _merge(previous, item, closing=closing, last=i == len(items) - 1)
            if isinstance(previous, OutText) and isinstance(item, OutText)
            else None
        )
        if merged is None:
            out.append(item)
        else:
            out[-1] = merged
    return out


def _merge(first: OutText, second: OutText, *, closing: bool, last: bool) -> OutText | None:
    if second.edit:
        return None
    markup: Markup | None
    if first.markup is None:
        if closing or second.html:
            return None
        markup = second.markup
    elif (
        isinstance(first.markup, InlineKeyboardMarkup)
        and first.html
        and first.edit
        and last
        and not second.html
        and (second.markup is None or isinstance(second.markup, InlineKeyboardMarkup))
    ):
        markup = _stacked(first.markup, second.markup)
    else:
        return None
    as_html = first.html or second.html
    text = f"{_in(first, as_html)}\n\n{_in(second, as_html)}"
    if len(text) > MAX_TEXT:
        return None
    return OutText(
        text, html=as_html, markup=markup, edit=first.edit, preview=first.preview and second.preview
    )


def _in(item: OutText, as_html: bool) -> str:
    return html.escape(item.text, quote=False) if as_html and not item.html else item.text


def _stacked(top: InlineKeyboardMarkup, bottom: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup:
    """``top``'s rows, then those of ``bottom`` without the buttons ``top`` already has."""
    if bottom is None:
        return top
    seen = {(b.callback_data, b.url) for row in top.inline_keyboard for b in row}
    rows = [list(row) for row in top.inline_keyboard]
    for row in bottom.inline_keyboard:
        kept = [b for b in row if (b.callback_data, b.url) not in seen]
        if kept:
            rows.append(kept)
    return InlineKeyboardMarkup(rows)


def answered_text(question: str, label: str) -> str:
    """The text a question message is edited to once answered by a button."""
    label = label.removeprefix(ANSWERED_MARK).strip()
    suffix = f"\n\n{ANSWERED_MARK} {label}"
    if len(question) + len(suffix) > MAX_TEXT:
        question = question[: MAX_TEXT - len(suffix) - 1] + "…"
    return question + suffix


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
