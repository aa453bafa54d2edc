"""A fixed wording of the bot in every language it speaks: `Wording("Oui", en="Yes").get("en")`.

A `Wording` *is* its French text (a `str`), so code that has no language at hand still says something
right, in French; code that knows the person's language asks for it with :meth:`Wording.get`. Every
language but French is a keyword argument, so a wording cannot be written without its English
(`tests/engine/test_words.py` also checks that each translation keeps the same ``{placeholders}``)."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType


class Wording(str):
    """French text (the ``str`` value) with its English translation."""

    __slots__ = ("en",)
    en: str

    def __new__(cls, fr: str, *, en: str) -> Wording:
        if not fr or not en:
            raise ValueError("a wording needs its French and its English text")
        made = super().__new__(cls, fr)
        made.en = en
        return made

    @property
    def fr(self) -> str:
        return str.__str__(self)

    def get(self, lang: str | None) -> str:
        """The text in ``lang``; French for any language the bot does not speak."""
        return self.en if lang == "en" else self.fr

    def translations(self) -> dict[str, str]:
        return {"fr": self.fr, "en": self.en}


def wordings(module: ModuleType) -> Iterator[tuple[str, object]]:
    """The upper-case constants of a wording module (for the catalogue tests), and each text of an
    upper-case dict of texts (``ASIDES["thanks"]``)."""
    for name, value in vars(module).items():
        if name.isupper() and isinstance(value, str):
            yield name, value
        elif name.isupper() and isinstance(value, dict):
            for key, text in value.items():
                if isinstance(text, str):
                    yield f"{name}[{key}]", text
