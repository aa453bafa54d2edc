"""Deep-link payloads (``/start <payload>``), untrusted: a source tag or a QPV to start from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.types import Place, PlaceResolver

SOURCE_TAG = re.compile(r"^[a-z0-9_-]{1,40}$")
QPV_CODE = re.compile(r"^Q[A-Z0-9]{7}$")


@dataclass(frozen=True, slots=True)
class Payload:
    """``source``: the tag kept to attribute the conversation; ``place``: the QPV named, when it exists."""

    source: str | None = None
    place: Place | None = None


def read_payload(payload: str, places: PlaceResolver | None) -> Payload:
    """``src_<tag>`` or ``qpv_<code>``; anything else (or a QPV that does not exist) is ignored."""
    payload = payload.strip()
    if payload.startswith("src_") and SOURCE_TAG.match(payload[4:].lower()):
        return Payload(payload[4:].lower())
    if payload.startswith("qpv_") and QPV_CODE.match(payload[4:].upper()) and places is not None:
        place = places.qpv(payload[4:].upper())
        if place is not None:
            return Payload("qpv_" + place.code_qpv if place.code_qpv else None, place)
    return Payload()
