"""Redaction of free text the bot did not understand, before it ever reaches the database.

Counsellors read these texts to add synonyms, so words are kept; anything that could reach a person is
removed: URLs, e-mail addresses, @handles, phone numbers, and every sequence of digits (ids, postcodes,
exact ages, dates). The result is truncated. A first name typed in plain words cannot be detected reliably:
that is why these texts have their own, short retention (see ``docs/confidentialite.md``)."""

from __future__ import annotations

import re

MAX_CHARS = 80

_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|com|net|org|io|me|be|eu)\b\S*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"@\w+")
# +33 6 12 34 56 78, 0033612345678, 06.12.34.56.78, 06-12-34-56-78, 0612345678 ...
_PHONE = re.compile(r"(?:\+|\b00)\d[\d .\-/()]{6,}\d|\b0\d(?:[ .\-/]?\d{2}){4}\b")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair: not text, and not storable in UTF-8


def redact(text: str, max_chars: int = MAX_CHARS) -> str:
    """Return ``text`` without contact details or digits, whitespace collapsed, at most ``max_chars``."""
    cleaned = _SURROGATE.sub("", _CONTROL.sub(" ", text))
    cleaned = _EMAIL.sub("[email]", cleaned)
    cleaned = _URL.sub("[lien]", cleaned)
    cleaned = _HANDLE.sub("[@]", cleaned)
    cleaned = _PHONE.sub("[tel]", cleaned)
    cleaned = _DIGITS.sub("#", cleaned)
    cleaned = _SPACES.sub(" ", cleaned).strip()
    if len(cleaned) > max_chars:
        cleaned = cleaned[: max_chars - 1].rstrip() + "…"
    return cleaned
