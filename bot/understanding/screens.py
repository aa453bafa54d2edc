"""Questions the engine asks itself, as plain data for the reader (dialog questions come from YAML).

`RESULT_SCREEN`: what people type under « Ça t'aide ? » after the result (the engine's own buttons)."""

from __future__ import annotations

from bot.understanding.spec import ChoiceSpec, QuestionSpec

RESULT_SCREEN = QuestionSpec(
    id="resultat",
    yes="utile",
    no="pas_utile",
    choices=(
        ChoiceSpec(
            "utile",
            ("Ça m'aide",),
            (
                "ça m'aide",
                "utile",
                "top",
                "super",
                "génial",
                "parfait",
                "cool",
                "trop bien",
                "nickel",
                "au top",
            ),
        ),
        ChoiceSpec(
            "pas_utile",
            ("Pas vraiment",),
            (
                "nul",
                "pas utile",
                "marche pas",
                "m'aide pas",
                "aide pas",
                "sert à rien",
                "pas ouf",
                "bof",
                "pas ce que je cherche",
                "pas terrible",
            ),
        ),
        ChoiceSpec(
            "autres_pistes",
            ("Voir d'autres pistes",),
            ("autre chose", "autres", "encore", "quoi d'autre", "autres idées", "plus de choix", "d'autres"),
        ),
        ChoiceSpec(
            "modifier",
            ("Modifier une réponse",),
            ("modifier", "changer", "trompé", "erreur", "mal répondu", "pas mon âge", "corriger"),
        ),
        ChoiceSpec(
            "recommencer",
            ("Recommencer",),
            ("recommence", "reprendre", "début", "refaire", "rejouer", "à zéro", "reset"),
        ),
    ),
)
