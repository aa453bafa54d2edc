"""`cap-quartiers validate [chemins…] [--strict] [--details]`: check dialogs and knowledge, report all.

Without paths: every ``dialogs/*.yaml``, the bot's Telegram profile (``dialogs/profil/telegram.yaml``),
``knowledge/dispositifs.yaml`` and, when that module is there, the structures
(`bot.knowledge.structures.check_knowledge`). With paths: files or folders; a file whose name starts with
``dispositifs`` is read as a catalogue, a file in a ``scenarios`` folder as a scenario (its format only;
``test-dialogs`` plays it), a file in a ``profil`` folder as the bot's profile, any other ``.yaml`` as a
dialog.

Each problem prints as ``fichier:ligne: message`` with a hint, sorted by file and line, then one summary
line. Exit status 1 on any error (and on any warning with ``--strict``), else 0."""

from __future__ import annotations

import argparse
import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.base.problems import Problem, Severity
from bot.config import Settings
from bot.dialogs.corpus import MAIN_DIALOG, dispositifs_path
from bot.dialogs.loader import display_path, load_dialog
from bot.dialogs.model import Dialog
from bot.dialogs.profile import load_profile, profile_path
from bot.dialogs.scenarios import load_scenarios
from bot.dialogs.validator import check_catalogue, check_dialog_file
from bot.knowledge.dispositifs import Catalogue, load_catalogue

if TYPE_CHECKING:
    from bot.knowledge.geo.index import GeoIndex

SCENARIOS_DIR = "scenarios"  # dialogs/scenarios/*.yaml: counsellors' scenarios, checked for their format
PROFILE_DIR = "profil"  # dialogs/profil/telegram.yaml: how Telegram presents the bot
# « older than 24 months » warnings of structures and aliases: grouped per file unless --details
_STALE = re.compile(r"vieille de plus de \d+ mois|il y a plus de \d+ mois")
_MAX_LINES_SHOWN = 8


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="chemin",
        help="fichiers ou dossiers à vérifier (défaut : dialogs/ et knowledge/dispositifs.yaml)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="les avertissements comptent aussi comme des erreurs"
    )
    parser.add_argument(
        "--details",
        action="store_true",
        help="une ligne par information de plus de 24 mois (sinon : une ligne de résumé par fichier)",
    )
    parser.set_defaults(func=run)


def is_catalogue(path: Path) -> bool:
    return path.name.startswith("dispositifs")


def is_scenario(path: Path) -> bool:
    return path.parent.name == SCENARIOS_DIR


def is_profile(path: Path) -> bool:
    return path.parent.name == PROFILE_DIR


def expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return files


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def summary(problems: list[Problem], dialogs: int, dispositifs: int) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"Tout est correct : {_plural(dialogs, 'dialogue')}, {_plural(dispositifs, 'dispositif')}."
    files = len({p.path for p in problems})
    return (
        f"{_plural(errors, 'erreur')}, {_plural(warnings, 'avertissement')} dans {_plural(files, 'fichier')} "
        f"({_plural(dialogs, 'dialogue')}, {_plural(dispositifs, 'dispositif')} vérifiés)."
    )


def _structures_check() -> Callable[..., list[Problem]] | None:
    try:
        module = importlib.import_module("bot.knowledge.structures")
    except ImportError:
        return None
    check = getattr(module, "check_knowledge", None)
    return check if callable(check) else None


def place_index(settings: Settings) -> GeoIndex | None:
    """The place index, when it is built (validate never builds it: that takes a while); otherwise None,
    after saying which checks are skipped."""
    from bot.errors import KnowledgeError
    from bot.knowledge.geo.index import load_index

    skipped = (
        "Note : l'index des lieux {why} : les codes QPV des alias de quartier et les alias qui portent le "
        "nom d'une autre commune ne sont pas vérifiés. Pour le faire : cap-quartiers geodata build, puis "
        "relance."
    )
    if not settings.index_path.is_file():
        print(skipped.format(why="n'est pas construit"))
        return None
    try:
        return load_index(settings.index_path)
    except KnowledgeError:
        print(skipped.format(why="est illisible"))
        return None


def knowledge_checks(settings: Settings) -> list[Problem]:
    """Structures and quartier aliases; with the place index, each alias's QPV code and commune are checked
    against it (the bot refuses an alias whose QPV does not exist), and aliases named like a commune
    elsewhere in France are pointed out."""
    from bot.knowledge.geo.aliases import ALIASES_FILE, read_aliases
    from bot.knowledge.geo.resolver import Resolver
    from bot.knowledge.geo.shadow import shadowed_communes

    check = _structures_check()
    if check is None:
        print("Note : la vérification des structures (lieux) n'est pas disponible dans cette version.")
        return []
    index = place_index(settings)
    if index is None:
        return check(settings.knowledge_dir)
    aliases, _ = read_aliases(settings.knowledge_dir)  # their own problems come with the structures'
    problems = check(settings.knowledge_dir, Resolver(index))
    path = settings.knowledge_dir / ALIASES_FILE
    if path.is_file():
        problems += shadowed_communes(aliases, index.communes, str(path))
    return problems


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def _relative(problem: Problem) -> Problem:
    path = Path(problem.path)
    return replace(problem, path=display_path(path)) if path.is_absolute() else problem


def is_stale(problem: Problem) -> bool:
    """An « older than 24 months » warning: worth a yearly review, not a line each."""
    return problem.severity is Severity.WARNING and _STALE.search(problem.message) is not None


def stale_summary(path: str, stale: list[Problem]) -> str:
    lines = [p.line for p in stale if p.line is not None]
    shown = ", ".join(str(n) for n in lines[:_MAX_LINES_SHOWN]) + (
        ", …" if len(lines) > _MAX_LINES_SHOWN else ""
    )
    what = "information vieille" if len(stale) == 1 else "informations vieilles"
    where = f" (ligne{'s' if len(lines) > 1 else ''} {shown})" if lines else ""
    return (
        f"{path}: avertissement : {len(stale)} {what} de plus de 24 mois{where}. "
        "Détail : cap-quartiers validate --details ; liste à revérifier : cap-quartiers knowledge review"
    )


def report_lines(problems: list[Problem], *, details: bool) -> list[str]:
    """One line per problem, except the stale warnings of a file, summed up in one line at the place of
    the first (unless ``details``)."""
    if details:
        return [str(p) for p in problems]
    stale: dict[str, list[Problem]] = {}
    for problem in problems:
        if is_stale(problem):
            stale.setdefault(problem.path, []).append(problem)
    lines: list[str] = []
    for problem in problems:
        if not is_stale(problem):
            lines.append(str(problem))
        elif stale[problem.path][0] is problem:
            lines.append(stale_summary(problem.path, stale[problem.path]))
    return lines


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    default = not args.paths
    if default:
        dialog_files = sorted(settings.dialogs_dir.glob("*.yaml"))
        catalogue_files = [dispositifs_path(settings.knowledge_dir)]
        scenario_files = sorted((settings.dialogs_dir / SCENARIOS_DIR).glob("*.yaml"))
        profile = profile_path(settings.dialogs_dir)
        profile_files = [profile] if profile.exists() else []
    else:
        files = expand(args.paths)
        scenario_files = [f for f in files if is_scenario(f)]
        profile_files = [f for f in files if is_profile(f)]
        dialog_files = [f for f in files if not is_catalogue(f) and not is_scenario(f) and not is_profile(f)]
        catalogue_files = [f for f in files if is_catalogue(f)]

    problems: list[Problem] = []
    for path in profile_files:
        problems += load_profile(path)[1]
    for path in scenario_files:  # read, not played: cap-quartiers test-dialogs plays them
        problems += load_scenarios(path, display_path(path))[1]
    catalogues: list[Catalogue] = []
    broken = False  # the reference catalogue has errors
    for index, path in enumerate(catalogue_files):
        catalogue, found = load_catalogue(path, display_path(path))
        catalogues.append(catalogue)
        problems += found
        broken = broken or (index == 0 and _has_errors(found))
    # the dialogs are checked with the catalogue given, else the one the bot serves
    if catalogues:
        reference: Catalogue | None = catalogues[0]
    else:
        served = dispositifs_path(settings.knowledge_dir)
        reference, found = load_catalogue(served, display_path(served))
        broken = _has_errors(found)
        problems += found  # reported under its own name: the dialogs cannot be checked against it
    if broken:
        reference = None

    dialogs: list[Dialog] = []
    for path in dialog_files:
        dialog, found = check_dialog_file(path, reference)
        problems += found
        if dialog is not None:
            dialogs.append(dialog)
    if not dialogs and catalogues:
        # a catalogue alone: check its rules against the dialog the bot serves
        main, _ = load_dialog(settings.dialogs_dir / MAIN_DIALOG)
        if main is not None:
            for catalogue in catalogues:
                problems += check_catalogue(catalogue, main)
    elif len(catalogues) > 1:
        for catalogue in catalogues[1:]:
            for dialog in dialogs:
                problems += check_catalogue(catalogue, dialog)

    if default:
        problems += knowledge_checks(settings)

    unique = sorted({_relative(p) for p in problems}, key=lambda p: (p.path, p.line or 0, p.message))
    for line in report_lines(unique, details=args.details):
        print(line)
    count = sum(len(c.dispositifs) for c in catalogues)
    print(summary(unique, len(dialogs), count))
    errors = any(p.severity is Severity.ERROR for p in unique)
    return 1 if errors or (args.strict and unique) else 0
