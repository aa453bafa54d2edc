"""The /confidentialite text, generated from the real retention settings so it never drifts.

The long version, with every table and column, is docs/confidentialite.md (a test checks it against the
schema)."""

from __future__ import annotations

from bot.config import Settings

_DAYS_PER_MONTH = 365.25 / 12


def duration_fr(days: int) -> str:
    """396 -> "13 mois (396 jours)", 10 -> "10 jours"."""
    months = round(days / _DAYS_PER_MONTH)
    if months >= 1 and abs(months * _DAYS_PER_MONTH - days) <= 3:
        return f"{months} mois ({days} jours)"
    return f"{days} jour" if days == 1 else f"{days} jours"


def privacy_text(settings: Settings) -> str:
    events = duration_fr(settings.retention_events_days)
    unmatched = duration_fr(settings.retention_unmatched_days)
    return "\n".join(
        [
            "🔒 Tes données et Cap Quartiers",
            "",
            "Ce que le bot ne garde jamais : ton nom, ton pseudo, ton numéro de téléphone, ton identifiant "
            "Telegram, ta position exacte, ton âge exact.",
            "",
            "Ce qu'il garde :",
            "• ta conversation en cours (tes réponses : tranche d'âge, scolarité, diplôme, projet, "
            "commune ou quartier), pour reprendre où tu en étais, et celles de ton dernier résultat, pour te "
            "le remontrer avec /resultats ;",
            "• un journal d'utilisation : les étapes passées, les boutons choisis, la commune et le quartier "
            "(codes officiels, jamais ta position), les pistes et les lieux proposés, ton avis 👍/👎 ;",
            "• les phrases que le bot n'a pas comprises, sans chiffres, liens, e-mails ni numéros, coupées à "
            "80 caractères : elles servent aux conseillers à améliorer le bot.",
            "",
            "Si tu partages ta position, elle sert seulement à trouver ton quartier : elle n'est pas "
            "enregistrée.",
            "",
            "Tout cela est rattaché à un code calculé à partir de ton compte Telegram avec une clé secrète "
            "gardée sur le serveur : sans cette clé, impossible de retrouver qui tu es.",
            "",
            "Combien de temps :",
            f"• journal d'utilisation : {events} ;",
            f"• phrases non comprises : {unmatched} ;",
            f"• conversation en cours : effacée après {events} sans message.",
            "",
            "Dans les statistiques, les responsables du bot ne voient que des totaux ; un groupe de moins de "
            "5 jeunes est affiché « < 5 ».",
            "",
            "Tape /oubli pour tout effacer : ta conversation et tout ton journal.",
        ]
    )
