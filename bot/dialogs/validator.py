"""Cross-node checks of a loaded dialog (targets, reachability, dead ends, variables, Telegram limits).

Placeholder contract: `check_dialog(dialog, catalogue) -> list[Problem]`; the full checks land with the
validator work."""

from __future__ import annotations

from bot.dialogs.model import Dialog
from bot.knowledge.dispositifs import Catalogue
from bot.problems import Problem


def check_dialog(dialog: Dialog, catalogue: Catalogue) -> list[Problem]:
    problems: list[Problem] = []
    for node in dialog.nodes.values():
        for branch in node.targets():
            if branch.target not in dialog.nodes:
                problems.append(Problem(branch.loc.path, branch.loc.line,
                                        f"« suite: {branch.target} » n'existe pas."))
    return problems
