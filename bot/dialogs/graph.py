"""A Mermaid flowchart of a dialog, generated from the YAML so the picture never drifts from the content.

Shapes: a message is a rectangle, a question with buttons a hexagon, a typed answer (saisie) a
parallelogram, a result a double-edged box, an end a stadium. Edges carry the button labels (when a
choice has its own ``suite``) or the conditions (``si``); the default case after conditions reads
"sinon". Each question box lists its buttons. For a real picture (Graphviz), see `bot.dialogs.picture`."""

from __future__ import annotations

from bot.dialogs.model import Branch, Dialog, Node

LABEL_MAX = 40
CHOICE_MAX = 30
_RESERVED = {"end", "graph", "subgraph", "flowchart", "style", "class", "click", "default"}


def _safe_id(node_id: str) -> str:
    return f"{node_id}_" if node_id in _RESERVED else node_id


def _escape(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ").strip()


def _short(text: str, limit: int = LABEL_MAX) -> str:
    first = text.strip().split("\n")[0].strip()
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _shape(node: Node) -> tuple[str, str]:
    if node.result is not None:
        return "[[", "]]"
    if node.end:
        return "([", "])"
    if node.choices:
        return "{{", "}}"
    if node.input is not None:
        return "[/", "/]"
    return "[", "]"


def _box(node: Node) -> str:
    label = _escape(_short((node.title or node.text).get()))
    if node.input is not None:
        label = f"{label} ({node.input.kind})"
    if node.result is not None and node.result.only:
        label = f"{label} ({_escape(', '.join(node.result.only))})"
    for choice in node.choices:  # the buttons, one per line
        label += f"<br/>▸ {_escape(_short(choice.label.get(), CHOICE_MAX))}"
    opening, closing = _shape(node)
    return f'    {_safe_id(node.id)}{opening}"{_escape(node.id)} · {label}"{closing}'


def _edges(source: str, branches: tuple[Branch, ...], lead: str = "") -> list[str]:
    lines: list[str] = []
    conditional = any(b.condition is not None for b in branches)
    for branch in branches:
        parts = [lead] if lead else []
        if branch.condition is not None:
            parts.append(branch.condition.source)
        elif conditional:
            parts.append("sinon")
        label = " ; ".join(parts)
        arrow = f' -->|"{_escape(_short(label, 60))}"| ' if label else " --> "
        lines.append(f"    {_safe_id(source)}{arrow}{_safe_id(branch.target)}")
    return lines


def to_mermaid(dialog: Dialog) -> str:
    lines = [
        f"%% Schéma du dialogue « {dialog.id} », généré depuis {dialog.path} par : cap-quartiers graph",
        "%% Ne pas modifier à la main : modifier le YAML puis relancer la commande.",
        "flowchart TD",
        f'    START(("début")) --> {_safe_id(dialog.start)}',
    ]
    lines += [_box(node) for node in dialog.nodes.values()]
    for node in dialog.nodes.values():
        shared = [c for c in node.choices if not c.next]
        for choice in node.choices:
            if choice.next:
                lines += _edges(node.id, choice.next, _short(choice.label.get(), 30))
        if node.next and (shared or not node.choices):
            lead = "" if len(shared) == len(node.choices) else "autres choix"
            lines += _edges(node.id, node.next, lead)
    return "\n".join(lines) + "\n"
