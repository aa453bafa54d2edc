"""Migration of a state saved with another version of the dialog: keep what still fits, or start over."""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

from bot.dialogs.model import Dialog
from bot.engine.state import State


@dataclass(frozen=True, slots=True)
class Current:
    """The state fits the dialog as it is."""


@dataclass(frozen=True, slots=True)
class Migrated:
    """Usable once adapted: ``state`` keeps the answers and history that still exist. ``moved``: the
    person's node is gone and ``state.node`` is the nearest question left (to enter again)."""

    state: State
    moved: bool


@dataclass(frozen=True, slots=True)
class Restart:
    """Unusable: start again. ``reason``: "other_dialog" or "node_gone" (the person is told)."""

    reason: str


Migration = Current | Migrated | Restart


def migrate(state: State, dialog: Dialog) -> Migration:
    same = state.dialog == dialog.id and state.version == dialog.version
    if same and (state.node is None or state.node in dialog.nodes):
        return Current()
    if state.dialog != dialog.id:
        return Restart("other_dialog")
    known = dialog.nodes
    variables = {n.variable for n in known.values() if n.variable} | {"qpv"}
    history = tuple(h for h in state.history if h in known)
    answers = {k: v for k, v in state.answers.items() if k in variables}
    target = state.node if state.node in known else (history[-1] if history else None)
    if target is None:
        return Restart("node_gone")
    if target != state.node and history and history[-1] == target:
        history = history[:-1]
    adapted = replace(
        state,
        version=dialog.version,
        node=target,
        history=history,
        answers=MappingProxyType(answers),
        options=(),
        prompt=None,
        misses=0,
    )
    return Migrated(adapted, moved=target != state.node)
