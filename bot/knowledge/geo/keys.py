"""Normalisation of place names for matching: the same function runs on the index and on the query.

``fold`` (accents, case, punctuation) then: "st"/"ste" expanded, articles, prepositions and the
filler words of a sentence ("j'habite à", "quartier", "cité") dropped. What remains is a short key:
"Villeneuve-d'Ascq" -> "villeneuve ascq", "j'habite à st denis" -> "saint denis"."""

from __future__ import annotations

import re

from bot.matching.normalize import fold

KEY_VERSION = 3  # bump when the rules below change: stored keys in the index must be recomputed

ABBREVIATIONS: dict[str, str] = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "stes": "saintes",
    "s": "sur",  # "Boulogne s/ Mer"
    "nd": "notre dame",
}

# Words that never help to tell two places apart, removed from index keys and queries alike.
STOPWORDS: frozenset[str] = frozenset(
    {
        "l", "le", "la", "les", "d", "de", "du", "des", "a", "au", "aux", "en", "sur", "sous", "lez",
        "et", "dans", "chez", "pres", "vers", "j", "je", "tu", "on", "habite", "habites", "habitons",
        "vis", "suis", "reste", "moi", "mon", "ma", "quartier", "quartiers", "cite", "qpv", "ville",
        "commune", "c", "est", "y", "the",
    }
)  # fmt: skip

_POSTCODE = re.compile(r"\b(\d{2}) ?(\d{3})\b")
_QPV_CODE = re.compile(r"\bq ?n ?(\d{5}) ?([a-z])\b")


def name_tokens(text: str) -> list[str]:
    """Significant tokens of a place name or of a sentence naming a place."""
    out: list[str] = []
    for token in fold(text).split():
        expanded = ABBREVIATIONS.get(token, token)
        out.extend(word for word in expanded.split() if word not in STOPWORDS)
    return out


def place_key(text: str) -> str:
    """The key a name is indexed and looked up under."""
    return " ".join(name_tokens(text))


def find_postcode(folded: str) -> tuple[str | None, str]:
    """A 5-digit postcode ("59100", "59 100") and the text without it."""
    match = _POSTCODE.search(folded)
    if not match:
        return None, folded
    rest = (folded[: match.start()] + " " + folded[match.end() :]).strip()
    return match.group(1) + match.group(2), rest


def find_qpv_code(folded: str) -> str | None:
    """A QPV code typed as is ("QN05980M", "qn 05980 m")."""
    match = _QPV_CODE.search(folded)
    if not match:
        return None
    return f"QN{match.group(1)}{match.group(2).upper()}"


def compact_key(text: str) -> str:
    """Letters and digits only, every word kept: "Luxeuill-es-Bains" and "Luxeuil-les-Bains" differ by
    one letter here, while their word keys differ by whole words. Used when the word key finds nothing."""
    return fold(text).replace(" ", "")
