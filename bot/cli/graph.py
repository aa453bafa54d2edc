"""`python -m bot graph [--dialog FICHIER] [--out FICHIER]`: the dialog as a Mermaid flowchart.

Paste the output into https://mermaid.live, or open docs/orientation.mmd in an editor that shows Mermaid.
The committed docs/orientation.mmd is regenerated with ``python -m bot graph --out docs/orientation.mmd``
(a test fails when it drifts from the YAML)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.base.problems import Severity
from bot.config import Settings
from bot.dialogs.corpus import MAIN_DIALOG
from bot.dialogs.graph import to_mermaid
from bot.dialogs.loader import load_dialog


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dialog", type=Path, help="le dialogue à dessiner (défaut : dialogs/orientation.yaml)"
    )
    parser.add_argument("--out", type=Path, help="fichier où écrire le schéma (défaut : l'écran)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = args.dialog or Settings.from_env().dialogs_dir / MAIN_DIALOG
    dialog, problems = load_dialog(path)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if dialog is None or errors:
        for problem in problems:
            print(problem)
        print("Le dialogue contient des erreurs : corrige-les (python -m bot validate) puis relance.")
        return 1
    text = to_mermaid(dialog)
    if args.out is None:
        print(text, end="")
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"Schéma écrit dans {args.out}.")
    return 0
