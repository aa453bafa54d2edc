"""The bot's profile in Telegram, written by counsellors in ``dialogs/profil/telegram.yaml``: its
description (shown in an empty chat), short description (profile page, shared links) and command menu,
per language. Published at start-up by the Telegram edge (`bot.tg.menu`); checked by ``validate``.

Limits are Telegram's (Bot API ``setMyDescription``, ``setMyShortDescription``, ``setMyCommands``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.base.problems import Problem, Severity
from bot.base.yamlsrc import LocatedDict, load_yaml_file
from bot.dialogs.loader import _Reader, display_path
from bot.dialogs.model import DEFAULT_LANG, Text
from bot.errors import DialogError

PROFILE = Path("profil") / "telegram.yaml"  # in the dialogs folder
KEYS = {"description", "description_courte", "commandes"}
MAX_DESCRIPTION = 512
MAX_SHORT = 120
MAX_COMMAND = 256
# The commands the Telegram edge answers (`bot.tg.commands`; a test keeps both lists equal): the menu can
# only offer these.
HANDLED_COMMANDS = (
    "start",
    "aide",
    "retour",
    "recommencer",
    "resultats",
    "langue",
    "confidentialite",
    "oubli",
)


@dataclass(frozen=True, slots=True)
class BotProfile:
    description: Text
    short_description: Text
    commands: tuple[tuple[str, Text], ...]  # (command, description), in menu order

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language something is written in, French first."""
        found = {DEFAULT_LANG}
        for text in (self.description, self.short_description, *(t for _, t in self.commands)):
            found.update(text.translations)
        return (DEFAULT_LANG, *sorted(found - {DEFAULT_LANG}))

    def menu(self, lang: str) -> list[tuple[str, str]]:
        return [(command, text.get(lang)) for command, text in self.commands]


def profile_path(dialogs_dir: Path) -> Path:
    return dialogs_dir / PROFILE


def load_profile(path: Path) -> tuple[BotProfile | None, list[Problem]]:
    """The profile, and every problem (``file:line``); None when it cannot be used."""
    where = display_path(path)
    data, problems = load_yaml_file(path, where)
    if problems:
        return None, problems
    reader = _Reader(where)
    if not isinstance(data, LocatedDict):
        reader.problem(1, "le profil commence par « description: », « description_courte: », « commandes: ».")
        return None, reader.problems
    reader.check_keys(data, KEYS, "le profil du bot")
    description = reader.text(data, "description", "description", required=True)
    short = reader.text(data, "description_courte", "description_courte", required=True)
    _limit(reader, data, "description", description, MAX_DESCRIPTION)
    _limit(reader, data, "description_courte", short, MAX_SHORT)
    commands: list[tuple[str, Text]] = []
    raw = data.get("commandes")
    if not isinstance(raw, LocatedDict) or not raw:
        reader.problem(
            data.line_of("commandes") if "commandes" in data else data.line,
            "« commandes » manque ou est vide : c'est le menu « / » du bot.",
            "Exemple :  commandes:\n  start:\n    fr: Commencer l'orientation",
        )
    else:
        reader.check_keys(raw, set(HANDLED_COMMANDS), "« commandes » (les commandes que le bot connaît)")
        for command in raw:
            if command not in HANDLED_COMMANDS:
                continue
            text = reader.text(raw, command, f"commande « {command} »", required=True)
            if text is not None:
                _limit(reader, raw, command, text, MAX_COMMAND)
                commands.append((command, text))
    _same_languages(reader, data, description, short, commands)
    if any(p.severity is Severity.ERROR for p in reader.problems) or description is None or short is None:
        return None, reader.problems
    return BotProfile(description, short, tuple(commands)), reader.problems


def _limit(reader: _Reader, data: LocatedDict, key: str, text: Text | None, limit: int) -> None:
    if text is None:
        return
    for lang, value in sorted(text.translations.items()):
        if len(value) > limit:
            reader.problem(
                data.line_of(key),
                f"« {key} » ({lang}) fait {len(value)} caractères ; Telegram en accepte {limit} au plus.",
                "Raccourcis-le.",
            )


def _same_languages(
    reader: _Reader,
    data: LocatedDict,
    description: Text | None,
    short: Text | None,
    commands: list[tuple[str, Text]],
) -> None:
    """A language written somewhere should be written everywhere (else Telegram mixes languages)."""
    texts = [("description", description), ("description_courte", short)]
    texts += [(f"commande « {c} »", t) for c, t in commands]
    langs = {lang for _, t in texts if t is not None for lang in t.translations}
    for what, text in texts:
        if text is None:
            continue
        missing = sorted(langs - set(text.translations))
        if missing:
            line = data.line_of(what) if what in data else data.line_of("commandes")
            reader.problems.append(
                Problem(
                    reader.path,
                    line,
                    f"{what} : pas de texte en {', '.join(missing)} ; Telegram l'affichera en français.",
                    f"Ajoute  {missing[0]}: …  sous {what}.",
                    Severity.WARNING,
                )
            )


def profile_errors(path: Path) -> tuple[BotProfile | None, list[Problem]]:
    """The profile the bot may publish and the errors that forbid it (warnings left out): ``(None, [])``
    when the file does not exist; with errors, the profile is not to be published."""
    if not path.exists():
        return None, []
    profile, problems = load_profile(path)
    return profile, [p for p in problems if p.severity is Severity.ERROR]


def served_profile(path: Path) -> BotProfile | None:
    """The profile the bot publishes: None when the file does not exist; raises `DialogError` when it has
    errors (the bot refuses to start, like with a broken dialog)."""
    profile, errors = profile_errors(path)
    if errors or (profile is None and path.exists()):
        raise DialogError(
            "le profil du bot contient des erreurs ; le bot refuse de démarrer.\n"
            + "\n".join(str(p) for p in errors)
            + "\nCorrige-les puis vérifie avec : cap-quartiers validate",
            path=str(path),
        )
    return profile
