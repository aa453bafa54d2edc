"""Typed text to words: clauses, SMS spellings, glued and misspelt number words, a digit view.

Built on `bot.matching.normalize` (case, accents, SMS words); adds what reading whole sentences needs:
clause boundaries (« brevet, mais pas le bac »), glued number words (« vingtdeux » -> « vingt deux »)
and a view where number words are digits (« dix-neuf » -> 19, through text2num)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import alpha2digit

from bot.matching.normalize import fold, normalize

_CLAUSE = re.compile(r"[,;.!?/()]+|\s-\s|\bmais\b|\bpar contre\b|\bsauf\b", re.IGNORECASE)
_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b")

NUMBER_WORDS = (
    "un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
    "vingt trente quarante cinquante soixante cent mille et"
).split()
_NUMBER_SET = frozenset(NUMBER_WORDS) - {"et", "un", "une"}
# misspelt number words seen on phones
_NUMBER_FIXES = {
    "vint": "vingt",
    "vin": "vin",  # « vin 2 » stays unreadable on purpose
    "vingts": "vingt",
    "trante": "trente",
    "trentes": "trente",
    "quatorz": "quatorze",
    "kinze": "quinze",
    "quinz": "quinze",
    "sez": "seize",
    "seiz": "seize",
    "dis": "dis",
    "neuf": "neuf",
}
# reader-level spellings (the shared SMS table in bot.matching.normalize has the common ones)
_WORD_FIXES = {
    "taff": "travail",
    "taf": "travail",
    "tafer": "taffer",
    "bak": "bac",
    "oe": "oui",
    "wi": "oui",
    "ouep": "oui",
    "ouaip": "oui",
    "ouais": "oui",
    "okay": "ok",
    "oki": "ok",
    "okk": "ok",
    "cest": "c est",
    "0": "zero",
    "jme": "je me",
    "jte": "je te",
}
_RIEN = re.compile(r"\br[i]?1\b", re.IGNORECASE)  # « r1 » = rien, before digits are split from letters
_GLUED_PRONOUN = re.compile(
    r"^j(vais|veux|viens|habite|hesite|pense|peux|fais|cherche|bosse|aurai|etais|suis)$"
)


def _segment_number(word: str) -> list[str] | None:
    """« vingtdeux » -> [vingt, deux]; None when the word is not made only of number words."""
    if word in _NUMBER_SET or len(word) < 6:
        return None
    parts: list[str] = []
    rest = word
    while rest:
        for piece in sorted(NUMBER_WORDS, key=len, reverse=True):
            if rest.startswith(piece):
                parts.append(piece)
                rest = rest[len(piece) :]
                break
        else:
            return None
    return parts if len(parts) > 1 else None


def _fix_words(words: list[str]) -> list[str]:
    fixed: list[str] = []
    for word in words:
        word = _WORD_FIXES.get(word, _NUMBER_FIXES.get(word, word))
        if word == "j":
            word = "je"
        glued = _GLUED_PRONOUN.match(word)
        if glued:
            fixed += ["je", glued.group(1)]
            continue
        pieces = _segment_number(word)
        fixed.extend(pieces if pieces else word.split())
    return fixed


@dataclass(frozen=True, slots=True)
class Words:
    """A typed answer as words. ``tokens``/``clauses`` keep number words as words (for phrases);
    ``numeric``/``numeric_clauses`` turn them into digits (for ages and durations)."""

    raw: str
    tokens: tuple[str, ...]
    clauses: tuple[int, ...]  # clause index of each token
    numeric: tuple[str, ...]
    numeric_clauses: tuple[int, ...]
    date: tuple[int, int, int] | None  # a written date (day, month, year), « né le 12/03/2007 »

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@lru_cache(maxsize=4096)
def words(raw: str) -> Words:
    date_match = _DATE.search(raw)
    date = None
    if date_match:
        day, month, year = (int(g) for g in date_match.groups())
        if year < 100:
            year += 1900 if year > 30 else 2000
        date = (day, month, year)
    tokens: list[str] = []
    clauses: list[int] = []
    numeric: list[str] = []
    numeric_clauses: list[int] = []
    for index, part in enumerate(_CLAUSE.split(raw)):
        if not part or not part.strip():
            continue
        clause = _fix_words(normalize(_RIEN.sub("rien", part)).split())
        tokens += clause
        clauses += [index] * len(clause)
        joined = " ".join(clause)
        if any(w in NUMBER_WORDS for w in clause):
            # threshold 2: a lone « un » / « une » is an article (« un taf »), « un an » is read by durations
            joined = alpha2digit(joined, "fr", threshold=2)
        digits = joined.split()
        numeric += digits
        numeric_clauses += [index] * len(digits)
    return Words(raw, tuple(tokens), tuple(clauses), tuple(numeric), tuple(numeric_clauses), date)


def folded(raw: str) -> str:
    """Case and accents folded, punctuation gone, letter runs squeezed, no SMS rewriting."""
    return re.sub(r"([a-z])\1{2,}", r"\1", fold(raw))
