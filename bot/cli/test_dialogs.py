"""`cap-quartiers test-dialogs [FICHIERS…]`: play the counsellors' scenarios through the real engine.

Without files: every ``dialogs/scenarios/*.yaml``. The corpus is loaded as the bot would (an invalid corpus
stops here), without a place resolver: the place question answers « on continue sans ». A scenario with
``lieux: oui`` is played with the real place search, loaded once when one asks for it (and reported as not
played when the geodata are missing). Exit status 1 when a scenario fails or a file cannot be read. The
format is explained in docs/dialogues.md."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.base.problems import Problem
from bot.compose import build_engine, load_served_corpus
from bot.config import Settings
from bot.dialogs.loader import display_path
from bot.dialogs.scenarios import Outcome, Scenario, load_scenarios, not_played, run_scenario
from bot.engine.core import Engine, Knowledge
from bot.errors import KnowledgeError

SCENARIOS_DIR = "scenarios"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="fichier",
        help="scénarios à jouer (défaut : dialogs/scenarios/*.yaml) ; fichiers ou dossiers",
    )
    parser.add_argument(
        "--dialog", type=Path, help="le dialogue à tester (défaut : dialogs/orientation.yaml)"
    )
    parser.set_defaults(func=run)


def _files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return files


class _Engines:
    """The engine without places, and the one with the real place search, loaded when first needed."""

    def __init__(self, settings: Settings, dialog: Path | None) -> None:
        self.settings = settings
        self.dialog = dialog
        corpus = load_served_corpus(settings, dialog)
        self.plain = Engine(corpus.dialog, Knowledge(corpus.catalogue))
        self._placed: Engine | KnowledgeError | None = None

    def play(self, scenario: Scenario) -> Outcome:
        if not scenario.places:
            return run_scenario(scenario, self.plain)
        if self._placed is None:
            try:
                self._placed = build_engine(self.settings, self.dialog)
            except KnowledgeError as exc:
                self._placed = exc
        if isinstance(self._placed, KnowledgeError):
            return not_played(scenario, f"« lieux: oui » demande les données géographiques. {self._placed}")
        return run_scenario(scenario, self._placed)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    engines = _Engines(settings, args.dialog)
    files = _files(args.files or [settings.dialogs_dir / SCENARIOS_DIR])
    problems: list[Problem] = []
    outcomes: list[Outcome] = []
    for path in files:
        scenarios, found = load_scenarios(path, display_path(path))
        problems += found
        outcomes += [engines.play(s) for s in scenarios]
    for problem in problems:
        print(problem)
    for outcome in outcomes:
        mark = "✔" if outcome.passed else "✘"
        print(f"{mark} {outcome.scenario.name} ({outcome.scenario.path}:{outcome.scenario.line})")
        if outcome.problem is not None:
            print(f"  {outcome.problem}")
    passed = sum(o.passed for o in outcomes)
    if not outcomes and not problems:
        print("Aucun scénario trouvé.")
        return 0
    noun = "scénario réussi" if passed <= 1 else "scénarios réussis"
    print(
        f"{passed} {noun} sur {len(outcomes)}."
        + (f" {len(problems)} problème(s) de lecture." if problems else "")
    )
    return 0 if passed == len(outcomes) and not problems else 1
