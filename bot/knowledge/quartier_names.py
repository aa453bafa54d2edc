"""A priority neighbourhood named as people say it, from its official QPV name.

The official names are written for administrations: « Quartier Intercommunal Roubaix-Tourcoing - Blanc Seau
- Croix Bas Saint Pierre - Wattrelos Nord », « Quartier Prioritaire De Somain », sometimes followed by the
code (« (QN05980M) »). A young person says « Blanc Seau » or « l'Alma ». :func:`short_qpv_name` keeps the
words that name the place and drops the rest:

- codes (``QN05980M``, ``QP093012``) and anything in brackets;
- the « Quartier(s) (Prioritaire|Intercommunal) » / « Zone Intercommunale » lead and its preposition
  (« Quartier du Stade » → « Stade »);
- a first part that only lists communes (« Roubaix-Tourcoing - … »);
- everything after the second part (« A - B - C - D » → « A – B »), with an en dash between them.

When nothing is left but the commune (« Quartier prioritaire de Hornaing », « Quartier Politique De La
Ville »), the answer is None: the commune alone names the place. Pure, no data needed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_PARTS = 2
MAX_LENGTH = 42  # beyond this, only the first part is kept

_CODE = re.compile(r"\(?\bQ[NP][A-Z0-9]{5,7}\b\)?")
_BRACKETS = re.compile(r"\s*\([^)]*\)")
_LEAD = re.compile(
    r"^(?:le\s+|les\s+)?(?:quartiers?|zone)"
    r"(?:\s+(?:prioritaires?|intercommunal(?:e|es)?|politique\s+de\s+la\s+ville))*"
    r"(?:\s+|$)",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(r"^(?:de\s+la\s+|de\s+l'|de\s+l’|du\s+|des\s+|de\s+|d'|d’)", re.IGNORECASE)
_PARTS = re.compile(r"\s+[-–—]\s+")
_JOINERS = {"et", "sur", "sous", "les", "le", "la", "en", "de", "du", "l", "d", "lez", "mer", "multisites"}


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def _only_communes(part: str, communes: Iterable[str]) -> bool:
    """True when ``part`` is made only of commune names (« Roubaix-Tourcoing », « Hem Lys »)."""
    words = _key(part).split()
    known = {w for commune in communes for w in _key(commune).split()}
    return bool(words) and bool(known) and all(w in known or w in _JOINERS for w in words)


def short_qpv_name(official: str | None, communes: Iterable[str] = ()) -> str | None:
    """The name of a QPV as a resident would say it, or None when it would only repeat the commune."""
    if not official:
        return None
    communes = tuple(communes)
    text = _BRACKETS.sub("", _CODE.sub("", official)).strip(" -–—,")
    led = _LEAD.match(text)
    if led is not None:
        rest = _PREPOSITION.sub("", text[led.end() :]).strip()
        if not rest:
            return None
        text = rest[0].upper() + rest[1:]
    parts = [p.strip(" ,") for p in _PARTS.split(text) if p.strip(" ,")]
    if len(parts) > 1 and _only_communes(parts[0], communes):
        parts = parts[1:]
    if not parts or (len(parts) == 1 and _only_communes(parts[0], communes)):
        return None
    kept = parts[:MAX_PARTS]
    short = " – ".join(kept)
    if len(short) > MAX_LENGTH and len(kept) > 1:
        short = kept[0]
    return short
