"""Derived variables: what conditions and reasons can use, computed from a state's answers.

The place comes from the dialog's place question (``saisie: lieu``), made more precise by its quartier
question (``saisie: quartier``) when the person then named a QPV of that commune. The place answer
carries ``commune_a_qpv``: it was a commune or a postcode (not a quartier nor a position) of a commune
that has at least one QPV, so it is not yet known whether the person lives in one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.dialogs.model import Dialog
from bot.engine.state import State
from bot.knowledge.types import Place

COMMUNE_A_QPV = "commune_a_qpv"


def answer_of(dialog: Dialog, state: State, kind: str) -> Any:
    """The answer to the dialog's (only) question ``saisie: <kind>``, or None."""
    for node in dialog.nodes.values():
        if node.input is not None and node.input.kind == kind and node.variable:
            return state.answers.get(node.variable)
    return None


def _place(raw: Any) -> Place | None:
    if not isinstance(raw, Mapping):
        return None
    try:
        return Place.from_dict(dict(raw))
    except (KeyError, TypeError, ValueError):
        return None


def answered_place(dialog: Dialog, state: State) -> Place | None:
    """The place answered at the dialog's place question, if any (None when unreadable)."""
    return _place(answer_of(dialog, state, "lieu"))


def place_of(dialog: Dialog, state: State) -> Place | None:
    """The place answered at the dialog's place question, if any (None when unreadable); the QPV named
    at the quartier question instead, when it was asked about that same commune."""
    raw = answer_of(dialog, state, "lieu")
    place = _place(raw)
    if place is None or place.code_qpv is not None or not raw.get(COMMUNE_A_QPV):
        return place
    chosen = answer_of(dialog, state, "quartier")
    if isinstance(chosen, Mapping) and chosen.get("commune") == place.code_insee:
        return _place(chosen.get("place")) or place
    return place


def variables_of(dialog: Dialog, state: State) -> dict[str, Any]:
    """The answers, plus `qpv`, `commune`, `quartier` derived from the place and `commune_a_qpv`."""
    variables = dict(state.answers)
    place = place_of(dialog, state)
    variables["qpv"] = bool(place and place.code_qpv)
    raw = answer_of(dialog, state, "lieu")
    variables[COMMUNE_A_QPV] = bool(isinstance(raw, Mapping) and raw.get(COMMUNE_A_QPV))
    if place is not None:
        variables["commune"] = place.commune
        variables["quartier"] = place.quartier_name() or place.commune
    return variables
