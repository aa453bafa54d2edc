"""Derived variables: what conditions and reasons can use, computed from a state's answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.dialogs.model import Dialog
from bot.engine.state import State
from bot.knowledge.types import Place


def place_of(dialog: Dialog, state: State) -> Place | None:
    """The place answered at the dialog's place question, if any (None when unreadable)."""
    for node in dialog.nodes.values():
        if node.input is not None and node.input.kind == "lieu" and node.variable:
            raw = state.answers.get(node.variable)
            if isinstance(raw, Mapping):
                try:
                    return Place.from_dict(dict(raw))
                except (KeyError, TypeError, ValueError):
                    return None
    return None


def variables_of(dialog: Dialog, state: State) -> dict[str, Any]:
    """The answers, plus `qpv`, `commune` and `quartier` derived from the place."""
    variables = dict(state.answers)
    place = place_of(dialog, state)
    variables["qpv"] = bool(place and place.code_qpv)
    if place is not None:
        variables["commune"] = place.commune
        variables["quartier"] = place.quartier_name() or place.commune
    return variables
