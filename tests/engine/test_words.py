"""Every fixed wording of the bot exists in French and in English, with the same placeholders."""

from __future__ import annotations

import string
from types import ModuleType

import pytest

from bot.console import render as console_render
from bot.engine import wording
from bot.engine.words import Wording, wordings
from bot.tg import callbacks, commands, errors, messages, render

# Upper-case string constants of these modules that are not words shown to a person
NOT_WORDS = {"FORGET_YES", "FORGET_NO", "ANSWERED_MARK"}
MODULES = [wording, render, commands, callbacks, messages, errors, console_render]


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_wording_has_french_and_english_with_the_same_placeholders(module: ModuleType) -> None:
    found = [(name, value) for name, value in wordings(module) if name not in NOT_WORDS]
    assert found
    for name, value in found:
        assert isinstance(value, Wording), f"{module.__name__}.{name} has no English: make it a Wording"
        assert value.fr.strip() and value.en.strip(), name
        assert placeholders(value.fr) == placeholders(value.en), name


def test_a_wording_is_its_french_text_and_gives_each_language() -> None:
    yes = Wording("Oui", en="Yes")
    assert yes == "Oui" and f"{yes}" == "Oui"
    assert yes.get("en") == "Yes" and yes.get("fr") == "Oui"
    assert yes.get("ar") == "Oui" and yes.get(None) == "Oui"  # a language the bot does not speak: French
    with pytest.raises(ValueError):
        Wording("Oui", en="")
