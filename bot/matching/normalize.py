"""Text normalisation shared by every matcher: case, accents, punctuation, and common SMS spellings.

Young people type fast on phones: "jsp", "chui", "ouai", "18ans", "apprentisage". Normalising before
rapidfuzz scoring makes the scores mean something."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Whole-word rewrites of frequent SMS / slang spellings, applied after accents and case are folded.
SMS_WORDS: dict[str, str] = {
    "jsp": "je sais pas",
    "jai": "j ai",
    "g": "j ai",
    "ya": "il y a",
    "chuis": "je suis",
    "jsais": "je sais",
    "chai": "je sais",
    "chais": "je sais",
    "chui": "je suis",
    "jsuis": "je suis",
    "jsui": "je suis",
    "ouai": "oui",
    "ouais": "oui",
    "wesh": "",
    "wsh": "",
    "stp": "",
    "svp": "",
    "slt": "salut",
    "bjr": "bonjour",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "pcq": "parce que",
    "pck": "parce que",
    "tkt": "t inquiete",
    "bcp": "beaucoup",
    "tjr": "toujours",
    "tjrs": "toujours",
    "ptet": "peut etre",
    "ptetre": "peut etre",
    "mtn": "maintenant",
    "dac": "d accord",
    "dacc": "d accord",
    "nn": "non",
    "nan": "non",
    "ui": "oui",
    "bah": "",
    "ben": "",
    "euh": "",
    "trvl": "travail",
    "taf": "travail",
    "boulot": "travail",
    "an": "ans",
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_NUMBER_UNIT = re.compile(r"(\d)([a-z])")
_UNIT_NUMBER = re.compile(r"([a-z])(\d)")
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "ouiiii" -> "oui", "stpppp" -> "stp"


def fold(text: str) -> str:
    """Lowercase, strip accents, turn every non-alphanumeric run into one space."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("œ", "oe").replace("æ", "ae")
    return _NON_WORD.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Fold, split numbers from letters ("18ans" -> "18 ans"), squeeze letter runs, expand SMS words."""
    folded = fold(text)
    folded = _NUMBER_UNIT.sub(r"\1 \2", folded)
    folded = _UNIT_NUMBER.sub(r"\1 \2", folded)
    folded = _REPEATS.sub(r"\1", folded)
    words = [SMS_WORDS.get(word, word) for word in folded.split()]
    return " ".join(word for word in words if word)


def numbers_in(text: str) -> list[int]:
    """Integers written in the text ("j'ai 19 ans" -> [19])."""
    return [int(n) for n in re.findall(r"\d+", text) if len(n) <= 6]
