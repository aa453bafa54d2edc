"""Dispositifs in several languages: names, descriptions, notes and reasons written {fr: …, en: …}."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.dispositifs import load_catalogue

CATALOGUE = """\
dispositifs:
  ml:
    nom:
      fr: Mission Locale
      en: Mission Locale (local youth centre)
    statut: actif
    description: Un conseiller rien que pour toi.
    alerte: {fr: "Attention", en: "Careful"}
    conditions:
      - si: "age == '18_25'"
        parce_que:
          fr: tu as entre 18 et 25 ans
          en: you are between 18 and 25
      - si: "age == '18_25'"
        parce_que: tu es majeur
    sources:
      - fait: test
        source: test
        date: 2025-01-01
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "dispositifs.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_texts_in_the_language_asked_french_when_missing(tmp_path: Path) -> None:
    catalogue, problems = load_catalogue(write(tmp_path, CATALOGUE))
    assert problems == []
    [ml] = catalogue.dispositifs
    assert ml.nom == "Mission Locale" and ml.text("nom", "en") == "Mission Locale (local youth centre)"
    assert ml.text("description", "en") == "Un conseiller rien que pour toi."  # not translated: French
    assert ml.text("alerte", "en") == "Careful" and ml.text("alerte", "fr") == "Attention"
    [english] = catalogue.recommend({"age": "18_25"}, lang="en")
    assert english.reasons == ("you are between 18 and 25", "tu es majeur")
    [french] = catalogue.recommend({"age": "18_25"})
    assert french.reasons == ("tu as entre 18 et 25 ans", "tu es majeur")


def test_french_is_required_and_languages_are_checked(tmp_path: Path) -> None:
    text = CATALOGUE.replace("      fr: Mission Locale\n", "").replace("en: you are", "eng: you are")
    _, problems = load_catalogue(write(tmp_path, text), "dispositifs.yaml")
    shown = [f"{p.line}: {p.message}" for p in problems]
    assert "3: dispositif « ml » : « nom » n'a pas de texte en français (fr)." in shown
    assert any(s.startswith("12: dispositif « ml », conditions : langue inconnue « eng »") for s in shown)


def test_the_shipped_catalogue_speaks_english_everywhere() -> None:
    catalogue, problems = load_catalogue(Path("knowledge/dispositifs.yaml"))
    assert problems == []
    for d in catalogue.dispositifs:
        english = d.translations["en"]
        assert english["nom"] and english["description"], d.id
        assert (d.alerte is None) == ("alerte" not in english), d.id
        for rule in (*d.conditions, *d.atouts):
            assert rule.reason is None or rule.translations.get("en"), (d.id, rule.reason)


def test_validate_checks_the_placeholders_of_translated_reasons(tmp_path: Path) -> None:
    from bot.dialogs.loader import load_dialog
    from bot.dialogs.validator import check_catalogue

    dialog, _ = load_dialog(Path("dialogs/orientation.yaml"))
    assert dialog is not None
    text = CATALOGUE.replace("en: you are between 18 and 25", "en: you live in {quartir}")
    catalogue, problems = load_catalogue(write(tmp_path, text), "dispositifs.yaml")
    assert problems == []
    found = [p.message for p in check_catalogue(catalogue, dialog)]
    assert found == [
        "dispositif « ml », conditions : « parce_que » utilise « {quartir} », que le bot ne connaît pas."
    ]
