"""One broken fixture per kind of problem: the exact « fichier:ligne: message » a counsellor reads.

Each fixture under tests/dialogs/fixtures/ starts with a comment saying what is wrong in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.base.problems import Severity
from bot.dialogs.loader import load_dialog, load_dialog_text
from bot.dialogs.validator import check_catalogue, check_dialog, check_dialog_file
from bot.knowledge.dispositifs import Catalogue, load_catalogue
from tests.dialogs.conftest import FIXTURES

SHIPPED_CATALOGUE = Path("knowledge/dispositifs.yaml")
SHIPPED_DIALOG = Path("dialogs/orientation.yaml")

# what a counsellor reads for each fixture, without the « tests/dialogs/fixtures/ » folder
EXPECTED: dict[str, list[str]] = {
    "bad_condition": [
        (
            "bad_condition.yaml:14: nœud « age » : condition « age = '18_25' » invalide : condition "
            "illisible : pour comparer, écris == (deux signes égal). "
            "Exemple : si: \"age in ['16_17', '18_25'] and scolarite != 'ecole'\""
        ),
        (
            "bad_condition.yaml:17: avertissement : nœud « majeur » : on n'arrive jamais ici (aucune "
            "« suite » n'y mène depuis « debut »). Ajoute-le dans la « suite » d'un autre nœud, ou "
            "supprime-le."
        ),
    ],
    "bad_durations": [
        (
            "bad_durations.yaml:18: nœud « ecole », choix « tres_ancien » : « durees » doit être "
            "[minimum, maximum] en mois, avec 0 ≤ minimum < maximum (minimum compris, maximum non "
            "compris). Exemple : durees: [0, 12] pour moins d'un an, durees: [12, 600] pour plus "
            "d'un an."
        ),
        (
            "bad_durations.yaml:8: nœud « ecole » : « niveaux » vaut oui ou non. Écris « niveaux: "
            "oui » quand les choix sont des niveaux rangés du plus bas au plus haut."
        ),
        (
            "bad_durations.yaml:13: nœud « ecole », choix « ancien » : les durées [6, 24] chevauchent "
            "celles du choix « recent » [0, 12] ; une durée tapée irait aux deux. Fais se suivre les "
            "intervalles (le maximum de l'un est le minimum du suivant), par exemple [0, 12] puis "
            "[12, 600]."
        ),
    ],
    "callback_data": [
        (
            "callback_data.yaml:9: nœud « question_sur_la_situation_actuel », choix « "
            "je_cherche_une_formation_qualifi » : les données du bouton feraient 72 octets ; "
            "Telegram en accepte 64 au plus. Raccourcis l'identifiant du nœud ou du choix."
        ),
    ],
    "choice_dead_end": [
        (
            "choice_dead_end.yaml:12: nœud « question », choix « non » : ce choix ne mène nulle "
            "part. Ajoute « suite: … » au nœud (pour tous ses choix) ou à ce choix."
        ),
    ],
    "dead_end": [
        (
            "dead_end.yaml:8: nœud « info » : impasse, il n'a pas de « suite » et n'est ni un « "
            "resultat » ni une « fin ». Ajoute « suite: nœud_suivant », ou « resultat: true » pour "
            "montrer les pistes, ou « fin: true »."
        ),
    ],
    "duplicate_choice": [
        (
            "duplicate_choice.yaml:11: nœud « question » : deux choix ont l'id « oui ». Chaque "
            "choix d'une question a un id différent."
        ),
    ],
    "duplicate_node": [
        (
            "duplicate_node.yaml:8: le nœud « accueil » est défini deux fois. Renomme l'un des "
            "deux : chaque identifiant de nœud est unique."
        ),
    ],
    "duplicate_variable": [
        (
            "duplicate_variable.yaml:11: avertissement : nœud « age_encore » : la variable « age "
            "» est déjà remplie par le nœud « age » (ligne 5) ; la dernière réponse donnée écrase "
            "l'autre. Si ce n'est pas voulu, choisis un autre nom de variable."
        ),
    ],
    "impossible_value": [
        (
            "impossible_value.yaml:15: nœud « age » : la condition « age == '18-25' » compare « "
            "age » à « 18-25 », mais aucun choix de la question « age » ne donne cette valeur. "
            "Vouliez-vous dire « 18_25 » ?"
        ),
    ],
    "long_label": [
        (
            "long_label.yaml:9: nœud « question », choix « oui » : le libellé (fr) fait 78 "
            "caractères ; un bouton en accepte 64 au plus. Raccourcis-le ; mets les précisions dans "
            "« texte » ou « aide »."
        ),
        (
            "long_label.yaml:11: avertissement : nœud « question », choix « non » : le libellé "
            "(fr) fait 46 caractères ; au-delà de 40, il est coupé sur un téléphone. Raccourcis-le ; "
            "mets les précisions dans « texte » ou « aide »."
        ),
    ],
    "long_text": [
        (
            "long_text.yaml:5: nœud « accueil » : « texte » (fr) fait 4119 caractères ; Telegram "
            "en accepte 4096 au plus. Coupe-le en deux nœuds qui se suivent."
        ),
    ],
    "message_loop": [
        (
            "message_loop.yaml:14: boucle de messages sans question : ping → pong → ping ; le bot "
            "tournerait en rond sans attendre de réponse. Fais passer la boucle par une question, ou "
            "change l'une des « suite »."
        ),
    ],
    "missing_french": [
        (
            "missing_french.yaml:6: nœud « accueil » : le texte en français (fr) manque. Le "
            "français est obligatoire ; les autres langues sont facultatives."
        ),
    ],
    "no_default": [
        (
            "no_default.yaml:17: nœud « question » : tous les cas de « suite » ont une condition "
            "« si » ; quand aucune n'est vraie, le jeune reste bloqué. Ajoute un dernier cas sans « "
            "si » :  - suite: nœud_par_défaut"
        ),
    ],
    "overlapping_numbers": [
        (
            "overlapping_numbers.yaml:12: nœud « age », choix « 18_25 » : les nombres [18, 25] "
            "chevauchent ceux du choix « 16_20 » [16, 20] ; un nombre tapé irait aux deux. Fais des "
            "intervalles séparés, par exemple [16, 17] puis [18, 25]."
        ),
    ],
    "reserved_variable": [
        (
            "reserved_variable.yaml:5: nœud « question » : la variable « qpv » est réservée (le "
            "bot la remplit à partir du lieu). Choisis un autre nom de variable."
        ),
    ],
    "same_label": [
        (
            "same_label.yaml:11: avertissement : nœud « question » : les choix « oui » et « ok » "
            "ont le même libellé « oui ». Donne-leur des libellés différents."
        ),
    ],
    "syntax": [
        (
            "syntax.yaml:8: YAML illisible (could not find expected ':'). Vérifie l'indentation "
            "(des espaces, pas de tabulations), les deux-points après chaque clé et les guillemets "
            "autour des textes qui contiennent « : » ou « # »."
        ),
    ],
    "too_many_choices": [
        (
            "too_many_choices.yaml:5: avertissement : nœud « question » : 9 choix, c'est beaucoup "
            "sur un téléphone (conseillé : 8 au plus). Regroupe des choix ou coupe la question."
        ),
    ],
    "trap_loop": [
        (
            "trap_loop.yaml:8: boucle sans sortie : question → relance → question ; aucun chemin "
            "ne mène à un résultat ou à une fin. Ajoute à l'une de ces questions une « suite » vers "
            "un résultat ou une fin."
        ),
    ],
    "quartier_before_place": [
        (
            "quartier_before_place.yaml:5: nœud « quartier » : la question du quartier doit venir après "
            "celle du lieu (« lieu »). Mène-y depuis la « suite: » de « lieu », par exemple avec "
            '« si: "commune_a_qpv and not qpv" ».'
        ),
    ],
    "quartier_without_place": [
        (
            "quartier_without_place.yaml:5: nœud « quartier » : « saisie: quartier » demande un quartier "
            "de la commune donnée à la question du lieu, mais le dialogue n'a pas de question « saisie: "
            "lieu ». Ajoute une question « saisie: lieu » avant, ou utilise « type: lieu »."
        ),
    ],
    "two_quartiers": [
        (
            "two_quartiers.yaml:20: nœud « encore » : une seule question « saisie: quartier » par "
            "dialogue (le bot range le quartier dans « quartier »). Garde une seule question sur le "
            "quartier."
        ),
    ],
    "two_places": [
        (
            "two_places.yaml:11: nœud « travail » : une seule question « saisie: lieu » par "
            "dialogue (le bot lit le lieu dans « lieu »). Garde une seule question sur le lieu."
        ),
    ],
    "unknown_dispositif": [
        (
            "unknown_dispositif.yaml:8: nœud « resultat », resultat : le dispositif « "
            "mision_locale » n'existe pas dans knowledge/dispositifs.yaml. Vouliez-vous dire « "
            "mission_locale » ?"
        ),
    ],
    "unknown_key": [
        ("unknown_key.yaml:7: clé inconnue « suiite » dans nœud « accueil ». Vouliez-vous dire « suite » ?"),
        (
            "unknown_key.yaml:5: nœud « accueil » : impasse, il n'a pas de « suite » et n'est ni "
            "un « resultat » ni une « fin ». Ajoute « suite: nœud_suivant », ou « resultat: true » "
            "pour montrer les pistes, ou « fin: true »."
        ),
        (
            "unknown_key.yaml:8: avertissement : nœud « fin » : on n'arrive jamais ici (aucune « "
            "suite » n'y mène depuis « debut »). Ajoute-le dans la « suite » d'un autre nœud, ou "
            "supprime-le."
        ),
    ],
    "unknown_start": [
        "unknown_start.yaml:3: « debut: acceuil » n'existe pas. Vouliez-vous dire « accueil » ?",
    ],
    "unknown_target": [
        (
            "unknown_target.yaml:7: « suite: aide_logment » n'existe pas. Vouliez-vous dire « "
            "aide_logement » ?"
        ),
        (
            "unknown_target.yaml:8: avertissement : nœud « aide_logement » : on n'arrive jamais "
            "ici (aucune « suite » n'y mène depuis « debut »). Ajoute-le dans la « suite » d'un "
            "autre nœud, ou supprime-le."
        ),
    ],
    "unknown_variable": [
        (
            "unknown_variable.yaml:15: nœud « age » : la condition « agee == '18_25' » utilise « "
            "agee », qui n'est pas une variable du dialogue. Vouliez-vous dire « age » ?"
        ),
    ],
    "unreachable": [
        (
            "unreachable.yaml:8: avertissement : nœud « oublie » : on n'arrive jamais ici (aucune "
            "« suite » n'y mène depuis « debut »). Ajoute-le dans la « suite » d'un autre nœud, ou "
            "supprime-le."
        ),
    ],
    "unused_case": [
        (
            "unused_case.yaml:16: avertissement : nœud « question » : le cas « suite: fin » ne "
            "sera jamais utilisé, il vient après le cas sans condition. Le cas sans « si » doit être "
            "le dernier de la liste."
        ),
    ],
    "wrong_type": [
        "wrong_type.yaml:10: nœud « fin » : « fin » vaut true ou false.",
        (
            "wrong_type.yaml:8: nœud « fin » : impasse, il n'a pas de « suite » et n'est ni un « "
            "resultat » ni une « fin ». Ajoute « suite: nœud_suivant », ou « resultat: true » pour "
            "montrer les pistes, ou « fin: true »."
        ),
    ],
}

WARNING_ONLY = {"duplicate_variable", "same_label", "too_many_choices", "unreachable", "unused_case"}


def problems_of(name: str) -> list[str]:
    catalogue = load_catalogue(SHIPPED_CATALOGUE)[0] if "dispositif" in name else Catalogue(())
    _, problems = check_dialog_file(FIXTURES / f"{name}.yaml", catalogue)
    return [str(p) for p in problems]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_fixture_reports_exactly(name: str) -> None:
    # EXPECTED omits the folder: each line reads « tests/dialogs/fixtures/<name>.yaml:<line>: <message> »
    assert problems_of(name) == [f"{FIXTURES.as_posix()}/{line}" for line in EXPECTED[name]]


def test_every_fixture_is_covered() -> None:
    dialogs = {p.stem for p in FIXTURES.glob("*.yaml") if not p.name.startswith("dispositifs")}
    assert dialogs == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_severity(name: str) -> None:
    catalogue = load_catalogue(SHIPPED_CATALOGUE)[0] if "dispositif" in name else Catalogue(())
    _, problems = check_dialog_file(FIXTURES / f"{name}.yaml", catalogue)
    has_error = any(p.severity is Severity.ERROR for p in problems)
    assert has_error == (name not in WARNING_ONLY)


def test_shipped_corpus_has_no_problem() -> None:
    catalogue, catalogue_problems = load_catalogue(SHIPPED_CATALOGUE, str(SHIPPED_CATALOGUE))
    dialog, problems = check_dialog_file(SHIPPED_DIALOG, catalogue)
    assert dialog is not None
    assert catalogue_problems == []
    assert [str(p) for p in problems] == []


def test_catalogue_rules_checked_against_the_dialog() -> None:
    path = FIXTURES / "dispositifs_bad.yaml"
    catalogue, problems = load_catalogue(path, str(path))
    dialog, _ = load_dialog(SHIPPED_DIALOG)
    assert problems == [] and dialog is not None
    where = "tests/dialogs/fixtures/dispositifs_bad.yaml"
    assert [str(p) for p in check_catalogue(catalogue, dialog)] == [
        f"{where}:8: dispositif « e2c », conditions : la condition « agee in ['16_17', '18_25'] » utilise "
        "« agee », qui n'est pas une variable du dialogue. Vouliez-vous dire « age » ?",
        f"{where}:10: dispositif « e2c », conditions : la condition « scolarite == 'arrete' » compare "
        "« scolarite » à « arrete », mais aucun choix de la question « scolarite » ne donne cette valeur. "
        "Vouliez-vous dire « arret » ?",
        f"{where}:13: dispositif « e2c », atouts : « parce_que » utilise « {{quartie}} », que le bot ne "
        "connaît pas. Vouliez-vous dire « quartier » ?",
    ]
    # check_dialog includes the catalogue checks, so load_corpus refuses a broken catalogue too
    # (plus: this catalogue has none of « cio », « apprentissage_des_15_ans », « cordees_reussite » that the
    # dialog's resultat_moins_16 lists)
    # (errors only: with this one-dispositif catalogue, bot.dialogs.lint also warns about unread answers)
    assert len([p for p in check_dialog(dialog, catalogue) if p.severity is Severity.ERROR]) == 6


def test_catalogue_only_checked_for_dispositifs_the_dialog_can_show() -> None:
    path = FIXTURES / "dispositifs_bad.yaml"
    catalogue, _ = load_catalogue(path, str(path))
    text = (
        "dialogue: d\ndebut: r\nnoeuds:\n  r:\n    texte: Voici\n    resultat:\n      dispositifs: [autre]\n"
    )
    dialog, _ = load_dialog_text(text, "d.yaml")
    assert dialog is not None
    assert check_catalogue(catalogue, dialog) == []


def test_unknown_target_without_close_name_lists_nodes() -> None:
    text = "dialogue: d\ndebut: a\nnoeuds:\n  a:\n    texte: A\n    suite: zzz\n"
    text += "  b:\n    texte: B\n    fin: true\n"
    dialog, _ = load_dialog_text(text, "d.yaml")
    assert dialog is not None
    problems = [str(p) for p in check_dialog(dialog, Catalogue(()))]
    assert problems[0] == "d.yaml:6: « suite: zzz » n'existe pas. Nœuds existants : a, b."


def test_questions_without_exit_in_a_cycle_are_a_trap_even_with_a_self_loop() -> None:
    text = (
        "dialogue: d\ndebut: q\nnoeuds:\n  q:\n    texte: Encore ?\n    variable: v\n    choix:\n"
        "      - id: oui\n        libelle: Oui\n    suite: q\n"
    )
    dialog, _ = load_dialog_text(text, "d.yaml")
    assert dialog is not None
    assert [str(p) for p in check_dialog(dialog, Catalogue(()))] == [
        "d.yaml:4: boucle sans sortie : q → q ; aucun chemin ne mène à un résultat ou à une fin. "
        "Ajoute à l'une de ces questions une « suite » vers un résultat ou une fin."
    ]


def test_translations_are_checked_for_length() -> None:
    text = (
        "dialogue: d\ndebut: q\nnoeuds:\n  q:\n    texte: Encore ?\n    variable: v\n    choix:\n"
        f"      - id: oui\n        libelle:\n          fr: Oui\n          en: {'y' * 70}\n    suite: f\n"
        "  f:\n    texte: Fin\n    fin: true\n"
    )
    dialog, problems = load_dialog_text(text, "d.yaml")
    assert dialog is not None and problems == []
    assert [str(p) for p in check_dialog(dialog, Catalogue(()))] == [
        "d.yaml:8: nœud « q », choix « oui » : le libellé (en) fait 70 caractères ; un bouton en "
        "accepte 64 au plus. Raccourcis-le ; mets les précisions dans « texte » ou « aide »."
    ]


def test_a_dispositif_id_too_long_for_its_details_button_is_reported(tmp_path: Path) -> None:
    long_id = "d" * 60
    path = tmp_path / "dispositifs.yaml"
    path.write_text(
        "dispositifs:\n"
        f"  {long_id}:\n"
        "    nom: Un dispositif\n    statut: actif\n    description: Quelque chose.\n"
        "    sources:\n      - fait: x\n        source: y\n        date: 2024-01-01\n",
        encoding="utf-8",
    )
    catalogue, problems = load_catalogue(path, "dispositifs.yaml")
    dialog, _ = load_dialog(SHIPPED_DIALOG)
    assert problems == [] and dialog is not None
    found = [str(p) for p in check_catalogue(catalogue, dialog)]
    assert any(f"dispositif « {long_id} » : son bouton « Détails » ferait" in p for p in found), found
