"""Replies as plain text for the terminal preview: numbered buttons, the result summary and the full
cards, with the same content as on Telegram."""

from __future__ import annotations

from bot.engine import wording
from bot.engine.replies import Button, Message, PlaceInfo, Reply, ResultCard, ResultSummary

SHARE_HINT = "(sur Telegram : ouvre le partage du lien t.me/<le bot>?start=src_partage)"


def render(replies: list[Reply]) -> tuple[str, list[Button]]:
    """The text to print and the buttons now pressable by number (those of the last message with some)."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in replies:
        if isinstance(reply, Message):
            lines.append(reply.text)
        elif isinstance(reply, ResultSummary):
            if reply.edit:
                lines.append("(le message des pistes est remplacé par :)")
            lines.append(render_summary(reply))
        else:
            lines.append("(le message des pistes est remplacé par :)")
            lines.append(render_card(reply.card))
        if reply.buttons:
            buttons = list(reply.buttons)
            lines.extend(_button_line(i, b) for i, b in enumerate(reply.buttons, start=1))
        if isinstance(reply, Message) and reply.request_location:
            lines.append("  (📍 pour partager une position : /position 50.69 3.18)")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n", buttons


def _button_line(number: int, button: Button) -> str:
    hint = f" {SHARE_HINT}" if button.label == wording.SHARE else ""
    return f"  [{number}] {button.label}{hint}"


def render_summary(summary: ResultSummary) -> str:
    lines = [summary.text]
    for card in summary.cards:
        lines += ["", f"{card.rank}. {card.title}"]
        if card.why:
            lines.append(wording.WHY.format(why=card.why))
        if card.places:
            place = card.places[0]
            distance = place.distance_text()
            lines.append(f"📍 {place.nom}" + (f", {distance}" if distance else ""))
            if place.telephone:
                lines.append(f"📞 {place.telephone}")
            if summary.pin and card.rank == 1 and place.lat is not None and place.lon is not None:
                lines.append(f"🗺️ {map_link(place)}")
        elif card.no_place_note:
            url = card.directory_url or card.link
            unknown = card.no_place_note.startswith(wording.NO_PLACE_UNKNOWN)
            lead = wording.NO_PLACE_FIND if unknown and url else wording.NO_PLACE_SHORT
            lines.append(f"📍 {lead}" + (f" : {url}" if url else ""))
    return "\n".join(lines)


def render_card(card: ResultCard) -> str:
    lines = [f"━━ {card.rank}. {card.title} ━━"]
    if card.reasons:
        lines.append("Pourquoi : " + ", ".join(card.reasons) + ".")
    lines.append(card.summary)
    if card.status_note:
        lines.append(f"⚠️ {card.status_note}")
    for place in card.places:
        lines.append(render_place(place))
    if card.no_place_note:
        lines.append(f"ℹ️ {card.no_place_note}")
    if card.link:
        lines.append(f"🔗 {card.link}")
    if card.directory_url and card.places:
        lines.append(f"📒 Annuaire officiel : {card.directory_url}")
    return "\n".join(lines)


def map_link(place: PlaceInfo) -> str:
    if place.approximate_position or place.lat is None or place.lon is None:
        query = "+".join(" ".join(p for p in (place.nom, place.commune) if p).split())
        return f"https://www.openstreetmap.org/search?query={query}"
    lat, lon = f"{place.lat:.5f}", f"{place.lon:.5f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"


def render_place(place: PlaceInfo) -> str:
    lines = [f"📍 {place.nom}"]
    address = place.address_line()
    if address:
        lines.append(f"   {address}")
    if place.distance_km is not None:
        lines.append(f"   {place.distance_text()}")
    if place.telephone:
        lines.append(f"   📞 {place.telephone}")
    if place.site_web:
        lines.append(f"   🌐 {place.site_web}")
    if place.horaires:
        lines.append(f"   🕒 {place.horaires}")
    note = " (adresse exacte inconnue : recherche par le nom)" if place.approximate_position else ""
    lines.append(f"   🗺️ {map_link(place)}{note}")
    if place.freshness_note:
        lines.append(f"   ⚠️ {place.freshness_note}")
    elif place.date_maj:
        lines.append(f"   Info vérifiée : {place.date_maj}")
    return "\n".join(lines)
