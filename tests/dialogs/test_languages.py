"""« langues: [fr, en] »: the dialog promises these languages; validate warns about any text missing one.
The shipped dialog keeps its promise."""

from __future__ import annotations

from pathlib import Path

from bot.base.problems import Severity
from bot.dialogs.loader import load_dialog, load_dialog_text
from bot.dialogs.validator import check_dialog

DIALOG = """\
dialogue: essai
debut: age
langues: [fr, en]
noeuds:
  age:
    texte: {fr: "Tu as quel âge ?", en: "How old are you?"}
    aide: Écris ton âge.
    variable: age
    choix:
      - id: jeune
        libelle: {fr: Moins de 26 ans, en: Under 26}
      - id: vieux
        libelle: 26 ans ou plus
    suite: fin
  fin:
    texte: {fr: "Merci !", en: "Thanks!"}
    fin: true
"""


def test_a_text_missing_a_declared_language_is_a_warning_at_its_line() -> None:
    dialog, problems = load_dialog_text(DIALOG, "essai.yaml")
    assert dialog is not None and not problems
    assert dialog.languages == {"fr", "en"} and dialog.declared_languages
    found = [str(p) for p in check_dialog(dialog, None) if "pas de texte en" in p.message]
    assert found == [
        "essai.yaml:5: avertissement : nœud « age », « aide » : pas de texte en en alors que le dialogue "
        "déclare « langues: [fr, en] » ; il s'affichera en français. Écris-le sous la forme  {fr: …, en: …}"
        "  (voir docs/dialogues.md).",
        "essai.yaml:12: avertissement : nœud « age », libellé du choix « vieux » : pas de texte en en alors "
        "que le dialogue déclare « langues: [fr, en] » ; il s'affichera en français. Écris-le sous la "
        "forme  {fr: …, en: …}  (voir docs/dialogues.md).",
    ]


def test_without_langues_nothing_is_required() -> None:
    dialog, _ = load_dialog_text(DIALOG.replace("langues: [fr, en]\n", ""), "essai.yaml")
    assert dialog is not None and not dialog.declared_languages
    assert not [p for p in check_dialog(dialog, None) if "pas de texte en" in p.message]


def test_an_unknown_language_in_langues_is_an_error_with_a_hint() -> None:
    _, problems = load_dialog_text(DIALOG.replace("[fr, en]", "[fr, eng]"), "essai.yaml")
    assert [str(p) for p in problems] == [
        "essai.yaml:3: « langues » : langue inconnue « eng ». Vouliez-vous dire « en » ?"
    ]


def test_the_shipped_dialog_has_english_for_every_text() -> None:
    dialog, problems = load_dialog(Path("dialogs/orientation.yaml"))
    assert dialog is not None and not problems
    assert dialog.declared_languages and dialog.languages == {"fr", "en"}
    for node in dialog.nodes.values():
        texts = [node.text, node.title, node.help, *(c.label for c in node.choices)]
        for text in texts:
            assert text is None or set(text.translations) == {"fr", "en"}, node.id
    assert not [p for p in check_dialog(dialog, None) if p.severity is Severity.WARNING and "en" in p.message]
