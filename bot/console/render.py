"""Replies as plain text for the terminal preview: numbered buttons, cards with everything on them."""

from __future__ import annotations

from bot.engine import wording
from bot.engine.replies import Button, Message, PlaceInfo, Reply, ResultCard
from bot.engine.words import Wording

POSITION_HINT = Wording(
    "(📍 pour partager une position : /position 50.69 3.18)",
    en="(📍 to share a location: /position 50.69 3.18)",
)
APPROXIMATE = Wording(
    " (position approximative : centre de la commune)", en=" (approximate position: town centre)"
)
CHECKED = Wording("Info vérifiée : {date}", en="Information checked: {date}")


def render(replies: list[Reply], lang: str = "fr") -> tuple[str, list[Button]]:
    """The text to print and the buttons now pressable by number (those of the last message with some);
    fixed words in ``lang``."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in replies:
        if isinstance(reply, Message):
            lines.append(reply.text)
            if reply.buttons:
                buttons = list(reply.buttons)
                lines.extend(f"  [{i}] {b.label}" for i, b in enumerate(reply.buttons, start=1))
            if reply.request_location:
                lines.append(f"  {POSITION_HINT.get(lang)}")
        else:
            lines.append(render_card(reply, lang))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n", buttons


def render_card(card: ResultCard, lang: str = "fr") -> str:
    lines = [f"━━ {card.rank}. {card.title} ━━"]
    if card.reasons:
        lines.append(wording.WHY.get(lang).format(reasons=", ".join(card.reasons)))
    lines.append(card.summary)
    if card.status_note:
        lines.append(f"⚠️ {card.status_note}")
    for place in card.places:
        lines.append(render_place(place, lang))
    if card.no_place_note:
        lines.append(f"ℹ️ {card.no_place_note}")
    if card.link:
        lines.append(f"🔗 {card.link}")
    return "\n".join(lines)


def render_place(place: PlaceInfo, lang: str = "fr") -> str:
    lines = [f"📍 {place.nom}"]
    address = place.address_line()
    if address:
        lines.append(f"   {address}")
    if place.distance_km is not None:
        lines.append(f"   {place.distance_text(lang)}")
    if place.telephone:
        lines.append(f"   📞 {place.telephone}")
    if place.site_web:
        lines.append(f"   🌐 {place.site_web}")
    if place.horaires:
        lines.append(f"   🕒 {place.horaires}")
    if place.lat is not None and place.lon is not None:
        pin = f"https://www.openstreetmap.org/?mlat={place.lat:.5f}&mlon={place.lon:.5f}#map=16/{place.lat:.5f}/{place.lon:.5f}"
        note = APPROXIMATE.get(lang) if place.approximate_position else ""
        lines.append(f"   🗺️ {pin}{note}")
    if place.freshness_note:
        lines.append(f"   ⚠️ {place.freshness_note}")
    elif place.date_maj:
        lines.append(f"   {CHECKED.get(lang).format(date=place.date_maj)}")
    return "\n".join(lines)
