"""The corpus the bot serves: the dialog(s) and the dispositifs, loaded and checked together.

`load_corpus` refuses an invalid corpus (raises `DialogError` listing every problem): the bot never
serves something a counsellor broke."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.base.problems import Problem, Severity
from bot.dialogs.loader import display_path, load_dialog
from bot.dialogs.model import Dialog
from bot.errors import DialogError
from bot.knowledge.dispositifs import Catalogue, load_catalogue

MAIN_DIALOG = "orientation.yaml"  # in the dialogs folder
DISPOSITIFS = "dispositifs.yaml"  # in the knowledge folder


@dataclass(frozen=True, slots=True)
class Corpus:
    dialog: Dialog
    catalogue: Catalogue


def dispositifs_path(knowledge_dir: Path) -> Path:
    return knowledge_dir / DISPOSITIFS


def check_corpus(path: Path, catalogue_path: Path) -> tuple[Corpus | None, list[Problem]]:
    """The dialog at ``path`` and the dispositifs at ``catalogue_path`` checked together: the corpus
    (None when the dialog cannot be read) and every problem, errors and warnings."""
    catalogue, problems = load_catalogue(catalogue_path, display_path(catalogue_path))
    broken_catalogue = any(p.severity is Severity.ERROR for p in problems)
    dialog, dialog_problems = load_dialog(path)
    problems += dialog_problems
    if dialog is not None:
        from bot.dialogs.validator import check_dialog

        # a broken catalogue is reported once, under its own name, not as every dispositif missing
        problems += check_dialog(dialog, None if broken_catalogue else catalogue)
    return (None if dialog is None else Corpus(dialog, catalogue)), problems


def load_corpus(path: Path, catalogue_path: Path) -> Corpus:
    """The dialog at ``path`` and the dispositifs at ``catalogue_path``, checked together."""
    corpus, problems = check_corpus(path, catalogue_path)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or corpus is None:
        raise DialogError(
            "le dialogue ou les connaissances contiennent des erreurs ; le bot refuse de démarrer.\n"
            + "\n".join(str(p) for p in errors)
            + "\nCorrige-les puis vérifie avec : cap-quartiers validate",
            path=errors[0].path if errors else str(path),
        )
    return corpus
