"""The structural version of a dialog: what its buttons and saved answers mean, nothing else.

A button carries ``(node id, choice id)`` and a saved state carries node ids and answers keyed by variable.
So the version is a hash of the dialog id and, per node, its kind (message, choice question, typed input and
its type, result, handover), its variable and its choices (id and stored value). Editing a text, a synonym,
an ``aide:``, a condition, a ``suite:`` or a fact keeps the version: conversations and old buttons go on.
Adding, removing or renaming a node or a choice changes it: saved states are migrated (``engine/migration``)
and older buttons are answered as stale."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from bot.dialogs.model import Node


def node_kind(node: Node) -> str:
    if node.choices:
        return "choix"
    if node.input is not None:
        return f"saisie:{node.input.kind}"
    if node.result is not None:
        return "resultat"
    if node.end:
        return "fin"
    return "message"


def structure(dialog_id: str, nodes: Mapping[str, Node]) -> list[object]:
    """The parts of a dialog that decide what a button or a saved answer means (JSON-serialisable)."""
    return [
        dialog_id,
        [
            [node.id, node_kind(node), node.variable, [[c.id, c.value] for c in node.choices]]
            for node in sorted(nodes.values(), key=lambda n: n.id)
        ],
    ]


def structural_version(dialog_id: str, nodes: Mapping[str, Node]) -> str:
    """12 hex characters: equal for two dialogs whose buttons and answers mean the same things."""
    canonical = json.dumps(structure(dialog_id, nodes), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
