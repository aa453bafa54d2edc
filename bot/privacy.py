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


def duration_en(days: int) -> str:
    """396 -> "13 months (396 days)", 10 -> "10 days"."""
    months = round(days / _DAYS_PER_MONTH)
    if months >= 1 and abs(months * _DAYS_PER_MONTH - days) <= 3:
        return f"{months} month{'s' if months > 1 else ''} ({days} days)"
    return f"{days} day" if days == 1 else f"{days} days"


def privacy_text(settings: Settings, lang: str = "fr") -> str:
    """The /confidentialite text in French, or in English for ``lang="en"``."""
    if lang == "en":
        return privacy_text_en(settings)
    events = duration_fr(settings.retention_events_days)
    unmatched = duration_fr(settings.retention_unmatched_days)
    return "\n".join(
        [
            "🔒 Tes données et Cap Quartiers",
            "",
            "Ce que le bot ne garde jamais : ton nom, ton pseudo, ton numéro de téléphone, ta position "
            "exacte, ton âge exact ; ni ton identifiant Telegram, sauf le temps d'une relance que tu as "
            "demandée (voir plus bas).",
            "",
            "Ce qu'il garde :",
            "• ta conversation en cours (tes réponses : tranche d'âge, scolarité, diplôme, projet, "
            "commune ou quartier), pour reprendre où tu en étais, et celles de ton dernier résultat, pour te "
            "le remontrer avec /resultats ;",
            "• un journal d'utilisation : les étapes passées, les boutons choisis, la commune et le quartier "
            "(codes officiels, jamais ta position), les pistes et les lieux proposés, ton avis 👍/👎 ;",
            "• les phrases que le bot n'a pas comprises, pour que les conseillers l'améliorent : seuls les "
            "mots du dictionnaire français et ceux du dialogue sont gardés, tout autre mot (un nom, une "
            "rue…) est remplacé par *, et les chiffres, liens, e-mails et numéros sont retirés ; coupées "
            "à 80 caractères.",
            "",
            "Si tu partages ta position, elle sert seulement à trouver ton quartier : elle n'est pas "
            "enregistrée.",
            "",
            "Si tu demandes qu'on te relance une semaine après tes pistes, le bot garde le numéro de notre "
            "conversation Telegram (c'est ton identifiant Telegram) jusqu'à l'envoi de ce message, puis "
            "l'efface ; « Non merci », /oubli ou bloquer le bot l'effacent aussi.",
            "",
            "Tout cela est rattaché à un code calculé à partir de ton compte Telegram avec une clé secrète "
            "gardée sur le serveur : sans cette clé, impossible de retrouver qui tu es.",
            "",
            "Combien de temps :",
            f"• journal d'utilisation : {events} ;",
            f"• phrases non comprises : {unmatched} ;",
            f"• conversation en cours : effacée après {events} sans message.",
            "",
            "Ce que voient les responsables du bot (/stats, tableau de bord) : seulement des totaux — "
            "nombre de jeunes, étapes atteintes, pistes proposées, communes et quartiers, d'où les jeunes "
            "arrivent, avis, réponses au suivi. Un nombre qui concerne moins de 5 jeunes n'est jamais "
            "montré (« < 5 »). Une phrase non comprise ne leur est montrée que si au moins 5 personnes "
            "différentes ont tapé la même ; jamais qui l'a tapée.",
            "Ceux qui gèrent le serveur peuvent exporter le journal pour un tableur : ton code y est "
            "remplacé par un autre, différent à chaque export, et les phrases n'y sont pas.",
            "",
            "Tape /oubli pour tout effacer : ta conversation et tout ton journal.",
        ]
    )


def privacy_text_en(settings: Settings) -> str:
    events = duration_en(settings.retention_events_days)
    unmatched = duration_en(settings.retention_unmatched_days)
    return "\n".join(
        [
            "🔒 Your data and Cap Quartiers",
            "",
            "What the bot never keeps: your name, your username, your phone number, your exact location, "
            "your exact age; nor your Telegram id, except while a reminder you asked for is pending (see "
            "below).",
            "",
            "What it keeps:",
            "• your current conversation (your answers: age group, schooling, diploma, plans, town or "
            "neighbourhood), to pick up where you left off;",
            "• a usage log: the steps you went through, the buttons you chose, the town and neighbourhood "
            "(official codes, never your location), the options and places suggested, your 👍/👎 opinion;",
            "• the sentences the bot did not understand, without numbers, links, e-mails or phone numbers, "
            "cut at 80 characters: advisers use them to improve the bot.",
            "",
            "If you share your location, it is only used to find your neighbourhood: it is not saved.",
            "If you ask to be reminded a week after your options, the bot keeps the number of our Telegram "
            "chat (it is your Telegram id) until that message is sent, then erases it; “No thanks”, /oubli "
            "or blocking the bot erase it too.",
            "",
            "All this is linked to a code computed from your Telegram account with a secret key kept on the "
            "server: without that key, nobody can find out who you are.",
            "",
            "How long:",
            f"• usage log: {events};",
            f"• sentences not understood: {unmatched};",
            f"• current conversation: erased after {events} without a message.",
            "",
            "In the statistics, the people running the bot only see totals; a group of fewer than 5 young "
            "people is shown as “< 5”.",
            "",
            "Type /oubli to erase everything: your conversation and your whole log.",
        ]
    )
