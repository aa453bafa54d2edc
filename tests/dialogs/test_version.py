"""The structural version: texts, translations, synonyms, help, conditions and how typed answers are read
(numbers, durations, levels) never change it; ids and kinds do."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogs.loader import load_dialog_text

MAIN = Path(__file__).resolve().parents[2] / "dialogs" / "orientation.yaml"


def version_of(text: str) -> str:
    dialog, problems = load_dialog_text(text, "orientation.yaml")
    assert dialog is not None, problems
    return dialog.version


ORIGINAL = MAIN.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("fr: Tu as quel âge ?", "fr: Et toi, tu as quel âge ?"),  # a text
        ("en: How old are you?", "en: And you, how old are you?"),  # a translation
        ("synonymes: [16 ans, 17 ans]", "synonymes: [16 ans, 17 ans, seize ans]"),
        ("fr: Choisis ta tranche d'âge", "fr: Choisis ta tranche"),  # the help
        ("fr: 16 ou 17 ans", "fr: 16-17 ans"),  # a button's label
        ("fr: Ton âge", "fr: Âge"),  # a title
        ("nombres: [26, 29]", "nombres: [26, 30]"),
        ("durees: [0, 12]", "durees: [0, 13]"),
        ("    niveaux: oui", "    niveaux: non"),
    ],
)
def test_editing_words_keeps_the_version(old: str, new: str) -> None:
    assert old in ORIGINAL
    assert version_of(ORIGINAL.replace(old, new, 1)) == version_of(ORIGINAL)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('id: "26_29"', 'id: "26_28"'),  # a choice renamed
        ("  scolarite:\n", "  ecole:\n"),  # a node renamed (its references too, below)
        ("dialogue: orientation", "dialogue: orientation2"),
        ("    variable: age\n", "    variable: tranche\n"),
    ],
)
def test_changing_what_buttons_mean_changes_the_version(old: str, new: str) -> None:
    assert old in ORIGINAL
    changed = ORIGINAL.replace(old, new, 1)
    if old.strip() == "scolarite:":
        changed = changed.replace("suite: scolarite", "suite: ecole")
    assert version_of(changed) != version_of(ORIGINAL)


def test_removing_a_choice_changes_the_version() -> None:
    block = (
        '      - id: "26_29"\n        libelle:\n          fr: 26 à 29 ans\n          en: 26 to 29\n'
        "        nombres: [26, 29]\n"
    )
    assert block in ORIGINAL
    assert version_of(ORIGINAL.replace(block, "", 1)) != version_of(ORIGINAL)
