"""The result's texts, written once: Telegram sends them as HTML, the terminal preview prints them as plain
text (`plain`), so the preview shows word for word what residents read.

- The summary is ONE HTML message: per door its name, one line of why, the nearest place (its name links to
  the map), its phone. It names no one and says nothing personal, so it can be forwarded as is.
- A map pin (``sendVenue``: name and address) only for a place whose position is its address, and at most
  one per result: the first door's nearest place, the one most people will go to. A place known only by its
  commune gets a link that searches the map for its name instead of a pin on the town hall.
- Phones are written in international form (``+33 3 62 26 04 00``): Telegram turns such numbers into
  tappable ``phone_number`` entities, while a ``tel:`` link is not a kind of link a bot can send.
- Link previews are off: a preview of the first map link would double the message's height.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, quote_plus

from bot.engine import wording
from bot.engine.replies import CardDetails, PlaceInfo, ResultCard, ResultSummary

MAX_TEXT = 4096
OSM_SEARCH = "https://www.openstreetmap.org/search?query="
SHARE_URL = "https://t.me/share/url?url="
SHARE_PAYLOAD = "src_partage"

# French overseas numbers keep their own country code: 0262 xx xx xx -> +262 262 xx xx xx
_OVERSEAS = {
    "262": "262",
    "263": "262",
    "269": "262",
    "639": "262",
    "692": "262",
    "693": "262",
    "590": "590",
    "690": "590",
    "691": "590",
    "594": "594",
    "694": "594",
    "596": "596",
    "696": "596",
    "697": "596",
    "508": "508",
}


def e(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def tappable_phone(number: str) -> str:
    """ "03 62 26 04 00" -> "+33 3 62 26 04 00"; a number not in the French 10-digit form is kept as is."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+") or len(digits) != 10 or not digits.startswith("0"):
        return number.strip()
    national = digits[1:]
    country = _OVERSEAS.get(national[:3], "33")
    groups = [national[0]] + [national[i : i + 2] for i in range(1, 9, 2)]
    if country != "33":
        groups = [national[:3], national[3:5], national[5:7], national[7:9]]
    return f"+{country} " + " ".join(groups)


def map_url(place: PlaceInfo) -> str | None:
    """A map link: the point itself when it is the address, else a search for the name in its commune."""
    if place.lat is not None and place.lon is not None and not place.approximate_position:
        lat, lon = f"{place.lat:.5f}", f"{place.lon:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    query = ", ".join(part for part in (place.nom, place.adresse, place.commune) if part)
    return OSM_SEARCH + quote_plus(query)


def share_url(bot_username: str, lang: str = "fr") -> str:
    link = f"https://t.me/{bot_username}?start={SHARE_PAYLOAD}"
    return f"{SHARE_URL}{quote(link, safe='')}&text={quote(wording.SHARE_INVITE.get(lang), safe='')}"


def _place_name(place: PlaceInfo) -> str:
    url = map_url(place)
    return f'<a href="{attr(url)}">{e(place.nom)}</a>' if url else e(place.nom)


def _door_lines(card: ResultCard, lang: str) -> list[str]:
    lines = [f"<b>{card.rank}. {e(card.title)}</b>"]
    if card.why:
        lines.append(e(wording.WHY_LINE.get(lang).format(why=card.why)))
    if card.places:
        place = card.places[0]
        distance = place.distance_text(lang)
        lines.append(f"📍 {_place_name(place)}" + (f", {e(distance)}" if distance else ""))
        if place.telephone:
            lines.append(f"📞 {e(tappable_phone(place.telephone))}")
    elif card.no_place_note:
        url = card.directory_url or card.link
        tail = f' : <a href="{attr(url)}">{e(wording.DIRECTORY.get(lang))}</a>' if url else ""
        unknown = card.no_place_note.startswith(wording.NO_PLACE_UNKNOWN.get(lang))
        lead = wording.NO_PLACE_FIND if unknown and url else wording.NO_PLACE_SHORT
        lines.append(f"📍 {e(lead.get(lang))}{tail}")
    elif card.link:
        lines.append(f'🔗 <a href="{attr(card.link)}">{e(wording.LEARN_MORE.get(lang))}</a>')
    return lines


def summary_html(summary: ResultSummary, lang: str = "fr") -> str:
    blocks = [e(summary.text)] + ["\n".join(_door_lines(card, lang)) for card in summary.cards]
    return "\n\n".join(blocks)


def visible_length(text: str) -> int:
    """What Telegram counts and shows: the text without its HTML tags, entities decoded."""
    return len(html.unescape(re.sub(r"<[^>]+>", "", text)))


def information_date(date_maj: str, lang: str = "fr") -> str:
    """ "2019" -> "Information de 2019", "2020-04" -> "de 04/2020", "2024-05-01" -> "du 01/05/2024"."""
    parts = date_maj.strip().split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return wording.INFO_DAY.get(lang).format(day=parts[2], month=parts[1], year=parts[0])
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return wording.INFO_MONTH.get(lang).format(month=parts[1], year=parts[0])
    return wording.INFO_WHEN.get(lang).format(when=date_maj.strip())


def place_block(place: PlaceInfo, lang: str = "fr") -> str:
    lines = [f"📍 <b>{_place_name(place)}</b>"]
    where = place.address_line()
    if place.distance_km is not None:
        distance = place.distance_text(lang)
        where = f"{where} — {distance}" if where else str(distance)
    if where:
        lines.append(e(where))
    if place.approximate_position:
        lines.append(f"<i>{e(wording.APPROXIMATE_PLACE.get(lang))}</i>")
    if place.telephone:
        lines.append(f"📞 {e(tappable_phone(place.telephone))}")
    if place.site_web:
        lines.append(f"🌐 {e(place.site_web)}")
    if place.horaires:
        lines.append(f"🕒 {e(place.horaires)}")
    if place.date_maj:
        lines.append(f"<i>{e(information_date(place.date_maj, lang))}</i>")
    if place.freshness_note:
        lines.append(f"⚠️ {e(place.freshness_note)}")
    return "\n".join(lines)


def card_blocks(card: ResultCard, lang: str = "fr") -> list[str]:
    """The full card as self-contained HTML blocks (a text may be cut between blocks only)."""
    head = [f"<b>{card.rank}. {e(card.title)}</b>"]
    if card.reasons:
        head.append(e(wording.WHY.get(lang).format(reasons=", ".join(card.reasons))))
    blocks = ["\n".join(head)]
    if card.summary:
        blocks.append(e(card.summary))
    if card.status_note:
        blocks.append(f"ℹ️ <i>{e(card.status_note)}</i>")
    if card.link:
        blocks.append(f"🔗 {e(card.link)}")
    blocks.extend(place_block(place, lang) for place in card.places)
    if not card.places and card.no_place_note:
        blocks.append(e(card.no_place_note))
    if card.directory_url:
        blocks.append(e(wording.OFFICIAL_DIRECTORY.get(lang).format(url=card.directory_url)))
    return blocks


def details_html(details: CardDetails, limit: int = MAX_TEXT, lang: str = "fr") -> str:
    """The card in one message (it replaces the summary): blocks that do not fit are left out, the
    directory line last to go."""
    blocks = card_blocks(details.card, lang)
    text = ""
    for block in blocks:
        candidate = f"{text}\n\n{block}" if text else block
        if len(candidate) > limit:
            break
        text = candidate
    return text or blocks[0][:limit]


def venue_of(summary: ResultSummary) -> PlaceInfo | None:
    """The one place worth a pin: the first door's nearest place, when its position is its address."""
    if not summary.pin or not summary.cards or not summary.cards[0].places:
        return None
    place = summary.cards[0].places[0]
    if place.lat is None or place.lon is None or place.approximate_position:
        return None
    return place


_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """An HTML message as the terminal prints it: the words Telegram shows (tags stripped, entities
    decoded), then the address of every link, which Telegram hides behind the words."""
    links = [(html.unescape(_TAG.sub("", words)), html.unescape(url)) for url, words in _LINK.findall(text)]
    shown = html.unescape(_TAG.sub("", text))
    return "\n".join([shown, *(f"   🔗 {words} : {url}" for words, url in links)])
