"""``chat --from NODE --set variable=valeur``: start the preview at a node with answers already given.

A counsellor tries one branch without replaying the whole conversation: ``--from resultat --set
age=18_25 --set scolarite=arret --set lieu=59512``. A choice is given by its id (or ``valeur``), a number
as digits, a place (``lieu``) as an INSEE code (59512), a QPV code (QN05980M) or a name (Roubaix), resolved
through the place index. Every mistake is refused with a French message and a « Vouliez-vous dire … ? »."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from bot.base.suggest import did_you_mean
from bot.dialogs.model import Node
from bot.engine.core import Engine
from bot.engine.state import State
from bot.errors import ConfigError
from bot.knowledge.geo.resolver import Resolver
from bot.knowledge.types import Place

_QPV = re.compile(r"^QN\d{5}[A-Z]$")
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def parse_sets(items: Sequence[str]) -> dict[str, str]:
    sets: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ConfigError(f"--set {item} : écris --set variable=valeur (par exemple --set age=18_25).")
        sets[name.strip()] = value.strip()
    return sets


def _place(engine: Engine, value: str) -> Place:
    resolver = engine.knowledge.places
    if resolver is None:
        raise ConfigError(
            "--set lieu=… demande l'index des lieux : lance cap-quartiers geodata build, puis relance."
        )
    code = value.strip().upper()
    place: Place | None = None
    if _QPV.match(code):
        place = resolver.qpv(code)
    elif _INSEE.match(code) and isinstance(resolver, Resolver):
        place = resolver.commune(code)
    else:
        found = resolver.resolve(value, limit=1)
        place = found[0].place if found else None
    if place is None:
        raise ConfigError(
            f"lieu « {value} » introuvable : donne un code INSEE (59512), un code QPV ou un nom."
        )
    return place


def _value(engine: Engine, node: Node, variable: str, value: str) -> Any:
    if node.choices:
        for choice in node.choices:
            if value in (choice.id, choice.value):
                return choice.value
        ids = [c.id for c in node.choices]
        raise ConfigError(
            f"--set {variable}={value} : ce n'est pas un choix de la question « {node.id} ». "
            + (did_you_mean(value, ids) or f"Choix possibles : {', '.join(ids)}.")
        )
    if node.input is not None and node.input.kind == "lieu":
        return _place(engine, value).to_dict()
    if node.input is not None and node.input.kind == "nombre":
        try:
            return int(value)
        except ValueError:
            raise ConfigError(f"--set {variable}={value} : un nombre entier est attendu.") from None
    return value


def preset_state(engine: Engine, node_id: str | None, sets: Mapping[str, str]) -> State:
    """A state at ``node_id`` (default: the start) with ``sets`` as the answers already given."""
    dialog = engine.dialog
    node_id = node_id or dialog.start
    if node_id not in dialog.nodes:
        raise ConfigError(
            f"--from {node_id} : ce nœud n'existe pas dans {dialog.path}. "
            + (did_you_mean(node_id, dialog.nodes) or f"Nœuds : {', '.join(dialog.nodes)}.")
        )
    setters = dialog.variables()
    answers: dict[str, Any] = {}
    for variable, value in sets.items():
        setter = setters.get(variable)
        if setter is None:
            raise ConfigError(
                f"--set {variable}=… : aucune question ne remplit « {variable} ». "
                + (did_you_mean(variable, setters) or f"Variables : {', '.join(setters)}.")
            )
        answers[variable] = _value(engine, setter, variable, value)
    history = tuple(n.id for n in dialog.nodes.values() if n.variable in answers and n.id != node_id)
    return replace(engine.new_state(), node=node_id, answers=MappingProxyType(answers), history=history)
