"""The language codes counsellors may write translations in (``fr:``, ``en:``…); French is required."""

from __future__ import annotations

DEFAULT_LANG = "fr"
KNOWN_LANGS = frozenset({"fr", "en", "ar", "es", "pt", "tr", "uk", "ru", "ro", "it", "de"})
