"""A picture of a dialog: Graphviz DOT source where each node shows its choices, and a standalone HTML page.

Pure: this module writes text (DOT, HTML); `bot.cli.graph` hands the DOT to Graphviz (``dot``) to draw it.
A question is a box with its text and one row per button; an arrow leaves from the button's row when the
button has its own ``suite``, from the box otherwise, and carries its condition (``si``) or "sinon". A
message is a plain box, a typed answer says what it reads, a result lists the dispositifs it may show, an
end is a rounded box.

An `Overlay` adds usage figures, already formatted by the caller (the « < 5 » rule is the admin side's):
how many people went along each arrow and how many stopped at each node."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

from bot.dialogs.model import Branch, Dialog, Node

START = "__debut__"
TEXT_MAX = 60
LABEL_MAX = 40
COLOURS = {
    "message": "#eef2f7",
    "question": "#dbeafe",
    "saisie": "#e0f2fe",
    "resultat": "#dcfce7",
    "fin": "#f3f4f6",
}
ARROW = "#374151"
HOT = "#b91c1c"


@dataclass(frozen=True, slots=True)
class Overlay:
    """Usage figures to draw on the picture, as text (« 12 », « < 5 »)."""

    period: str  # "30 derniers jours (du 2026-10-30 au 2026-11-29)"
    arrows: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (from, to) -> people
    left: Mapping[str, str] = field(default_factory=dict)  # node -> people who stopped there
    conversations: str = "0"


def kind(node: Node) -> str:
    if node.result is not None:
        return "resultat"
    if node.end:
        return "fin"
    if node.choices:
        return "question"
    if node.input is not None:
        return "saisie"
    return "message"


def _short(text: str, limit: int) -> str:
    # Graphviz's fonts have no emoji: drop characters beyond the basic plane (👋, 📍)
    first = " ".join("".join(ch for ch in text if ord(ch) <= 0xFFFF).split())
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _quoted(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _port(choice_id: str) -> str:
    return f"c_{choice_id}"


def _rows(node: Node) -> list[str]:
    if node.choices:
        return [
            f'<TR><TD PORT="{_port(c.id)}" ALIGN="LEFT" BGCOLOR="white">'
            f"▸ {escape(_short(c.label.get(), LABEL_MAX))}"
            f'  <FONT POINT-SIZE="9" COLOR="#6b7280">{escape(c.id)}</FONT></TD></TR>'
            for c in node.choices
        ]
    if node.input is not None:
        optional = ", facultatif" if node.input.optional else ""
        kind_text = escape(node.input.kind) + optional
        return [f'<TR><TD ALIGN="LEFT" BGCOLOR="white">✎ saisie : {kind_text}</TD></TR>']
    if node.result is not None:
        shown = ", ".join(node.result.only) if node.result.only else "tous les dispositifs"
        return [
            f'<TR><TD ALIGN="LEFT" BGCOLOR="white">★ {node.result.limit} pistes au plus : '
            f"{escape(_short(shown, 2 * LABEL_MAX))}</TD></TR>"
        ]
    if node.end:
        return ['<TR><TD ALIGN="LEFT" BGCOLOR="white">■ fin de la conversation</TD></TR>']
    return []


def _box(node: Node, overlay: Overlay | None) -> str:
    title = node.title.get() if node.title else None
    head = f"<B>{escape(node.id)}</B>" + (f" · {escape(_short(title, LABEL_MAX))}" if title else "")
    lines = [
        f'<TR><TD ALIGN="LEFT">{head}</TD></TR>',
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10">{escape(_short(node.text.get(), TEXT_MAX))}'
        "</FONT></TD></TR>",
        *_rows(node),
    ]
    if overlay is not None and node.id in overlay.left:
        lines.append(
            f'<TR><TD ALIGN="LEFT" BGCOLOR="#fee2e2"><FONT COLOR="{HOT}">arrêtés ici : '
            f"{escape(overlay.left[node.id])}</FONT></TD></TR>"
        )
    table = (
        f'<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" BGCOLOR="{COLOURS[kind(node)]}"'
        f' STYLE="{"ROUNDED" if node.end else ""}">' + "".join(lines) + "</TABLE>"
    )
    return f"  {_quoted(node.id)} [label=<{table}>];"


def _edge_label(branch: Branch, conditional: bool, lead: str) -> str:
    parts = [lead] if lead else []
    if branch.condition is not None:
        parts.append(branch.condition.source)
    elif conditional:
        parts.append("sinon")
    return _short(" ; ".join(parts), TEXT_MAX)


def _edges(
    source: str,
    port: str | None,
    branches: tuple[Branch, ...],
    lead: str,
    figures: dict[tuple[str, str], str],
) -> list[str]:
    lines: list[str] = []
    conditional = any(b.condition is not None for b in branches)
    tail = f"{_quoted(source)}:{port}:e" if port else f"{_quoted(source)}:s"
    for branch in branches:
        attrs = []
        label = _edge_label(branch, conditional, lead)
        count = figures.pop((source, branch.target), None)  # one arrow carries the figure of a pair
        if count is not None:
            label = f"{label}\n{count} pers." if label else f"{count} pers."
            attrs += [f"color={_quoted(HOT)}", "penwidth=2", f"fontcolor={_quoted(HOT)}"]
        if label:
            attrs.append(f"label={_quoted(label)}")
        lines.append(f"  {tail} -> {_quoted(branch.target)} [{', '.join(attrs)}];")
    return lines


def to_dot(dialog: Dialog, overlay: Overlay | None = None) -> str:
    """The DOT source of the picture (``dot -Tsvg`` draws it)."""
    figures = dict(overlay.arrows) if overlay is not None else {}
    lines = [
        f"digraph {_quoted(dialog.id)} {{",
        '  graph [rankdir=TB, fontname="DejaVu Sans", nodesep=0.4, ranksep=0.6, '
        f"label={_quoted(f'Dialogue « {dialog.id} » — {dialog.path}')}, labelloc=t];",
        '  node [shape=plain, fontname="DejaVu Sans", fontsize=11];',
        f'  edge [fontname="DejaVu Sans", fontsize=9, color={_quoted(ARROW)}];',
        f'  {_quoted(START)} [shape=circle, label="début", style=filled, fillcolor="#111827", '
        "fontcolor=white, width=0.6];",
    ]
    lines += [_box(node, overlay) for node in dialog.nodes.values()]
    first = figures.pop((START, dialog.start), None)
    start_label = f", label={_quoted(f'{first} pers.')}" if first else ""
    lines.append(f"  {_quoted(START)} -> {_quoted(dialog.start)} [penwidth=2{start_label}];")
    for node in dialog.nodes.values():
        shared = [c for c in node.choices if not c.next]
        for choice in node.choices:
            if choice.next:
                lines += _edges(node.id, _port(choice.id), choice.next, "", figures)
        if node.next and (shared or not node.choices):
            lead = "" if len(shared) == len(node.choices) else "autres choix"
            lines += _edges(node.id, None, node.next, lead, figures)
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_html(dialog: Dialog, picture: str, overlay: Overlay | None = None, note: str | None = None) -> str:
    """A page that shows ``picture`` (inline SVG, or Mermaid text in a ``<pre>``) with a legend."""
    figures = ""
    if overlay is not None:
        figures = (
            f"<p class='stats'>Passages sur la période : {escape(overlay.period)} — "
            f"{escape(overlay.conversations)} conversations. Sur une flèche : les personnes passées d'une "
            "étape à l'autre ; « arrêtés ici » : celles dont la conversation s'est arrêtée à cette étape. "
            "« &lt; 5 » : moins de cinq personnes (le chiffre exact n'est jamais montré).</p>"
        )
    warning = f"<p class='note'>{escape(note)}</p>" if note else ""
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Dialogue « {escape(dialog.id)} »</title>
<style>
body {{ font-family: "DejaVu Sans", system-ui, sans-serif; margin: 1.5rem; color: #111827; }}
h1 {{ font-size: 1.3rem; }}
.legend span {{ display: inline-block; padding: 0.1rem 0.5rem; margin-right: 0.4rem;
  border: 1px solid #9ca3af; }}
.note {{ background: #fef3c7; padding: 0.6rem; border-left: 4px solid #d97706; }}
.stats {{ background: #fee2e2; padding: 0.6rem; border-left: 4px solid {HOT}; }}
.picture svg {{ max-width: 100%; height: auto; }}
pre {{ background: #f3f4f6; padding: 1rem; overflow: auto; }}
</style>
</head>
<body>
<h1>Dialogue « {escape(dialog.id)} »
<small>({escape(dialog.path)}, version {escape(dialog.version)})</small></h1>
<p class="legend"><span style="background:{COLOURS["message"]}">message</span>
<span style="background:{COLOURS["question"]}">question à boutons (▸ un bouton)</span>
<span style="background:{COLOURS["saisie"]}">réponse tapée (✎)</span>
<span style="background:{COLOURS["resultat"]}">résultat (★)</span>
<span style="background:{COLOURS["fin"]}">fin (■)</span></p>
{warning}{figures}
<div class="picture">
{picture}
</div>
<p>Généré depuis {escape(dialog.path)} par : cap-quartiers graph --format html. Ne pas modifier à la main.</p>
</body>
</html>
"""
