"""The terminal preview's rendering of engine replies: messages with numbered buttons, the result summary
and a door's details, with the same content as on Telegram; fixed words in the conversation's language."""

from __future__ import annotations

from bot.engine import wording
from bot.engine.replies import Button, Message, PlaceInfo, Reply, ResultCard, ResultSummary
from bot.engine.words import Wording

POSITION_HINT = Wording(
    "(📍 pour partager une position : /position 50.69 3.18)",
    en="(📍 to share a location: /position 50.69 3.18)",
)
APPROXIMATE = Wording(
    " (adresse exacte inconnue : recherche par le nom)", en=" (exact address unknown: search by the name)"
)
CHECKED = Wording("Info vérifiée : {date}", en="Information checked: {date}")
SHARE_HINT = Wording(
    "(sur Telegram : ouvre le partage du lien t.me/<le bot>?start=src_partage)",
    en="(on Telegram: opens sharing of the link t.me/<the bot>?start=src_partage)",
)
REPLACED = Wording("(le message des pistes est remplacé par :)", en="(the options message is replaced by:)")


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
            lines.append(render_card(reply.card, lang))
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
    lines = [summary.text]
    for card in summary.cards:
        lines += ["", f"{card.rank}. {card.title}"]
        if card.why:
            lines.append(wording.WHY_LINE.get(lang).format(why=card.why))
        if card.places:
            place = card.places[0]
            distance = place.distance_text(lang)
            lines.append(f"📍 {place.nom}" + (f", {distance}" if distance else ""))
            if place.telephone:
                lines.append(f"📞 {place.telephone}")
            if summary.pin and card.rank == 1 and place.lat is not None and place.lon is not None:
                lines.append(f"🗺️ {map_link(place)}")
        elif card.no_place_note:
            url = card.directory_url or card.link
            unknown = card.no_place_note.startswith(wording.NO_PLACE_UNKNOWN.get(lang))
            lead = wording.NO_PLACE_FIND if unknown and url else wording.NO_PLACE_SHORT
            lines.append(f"📍 {lead.get(lang)}" + (f" : {url}" if url else ""))
    return "\n".join(lines)


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


def map_link(place: PlaceInfo) -> str:
    if place.approximate_position or place.lat is None or place.lon is None:
        query = "+".join(" ".join(p for p in (place.nom, place.commune) if p).split())
        return f"https://www.openstreetmap.org/search?query={query}"
    lat, lon = f"{place.lat:.5f}", f"{place.lon:.5f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"


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
    note = APPROXIMATE.get(lang) if place.approximate_position else ""
    lines.append(f"   🗺️ {map_link(place)}{note}")
    if place.freshness_note:
        lines.append(f"   ⚠️ {place.freshness_note}")
    elif place.date_maj:
        lines.append(f"   {CHECKED.get(lang).format(date=place.date_maj)}")
    return "\n".join(lines)
