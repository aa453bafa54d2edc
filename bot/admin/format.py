"""Figures -> what an admin reads: French text for Telegram, tables for a terminal, JSON.

Masked cells (1 to 4 people) are « < 5 » in text and ``null`` with ``"masque": true`` in JSON: the number
itself never reaches a view (it is not even in the aggregates)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.admin.aggregate import Aggregates, Cell
from bot.admin.periods import PARIS
from bot.admin.threshold import SMALL

TELEGRAM_LIMIT = 4096
FOOTER = (
    "Les nombres de 1 à 4 personnes sont affichés « < 5 ». Un texte non compris n'apparaît que si au "
    "moins 5 personnes différentes l'ont tapé. Un avis compte une fois par conversation."
)


def show(cell: Cell) -> str:
    return SMALL if cell.masked else str(cell.count)


def _rate(value: int | None) -> str:
    return "—" if value is None else f"{value} %"


def _headline(agg: Aggregates) -> list[tuple[str, str]]:
    return [
        ("Jeunes", show(agg.people)),
        ("Conversations", show(agg.conversations)),
        ("Terminées", show(agg.completed)),
        ("Taux de complétion", _rate(agg.completion_rate)),
        ("Avis 👍", show(agg.feedback_up)),
        ("Avis 👎", show(agg.feedback_down)),
        ("Recommencer", show(agg.restarts)),
        ("Retour", show(agg.backs)),
        ("Erreurs", show(agg.errors)),
        ("/oubli", show(agg.forgotten)),
    ]


def _sections(agg: Aggregates) -> list[tuple[str, list[tuple[str, str]], list[list[str]]]]:
    """(title, [(label, value)], [sub-lines per row]) for every breakdown, in reading order."""
    return [
        (
            "Parcours par étape (atteinte · arrêtés là)",
            [(s.node, f"{show(s.reached)} · {show(s.left)}") for s in agg.steps],
            [],
        ),
        ("Pistes proposées (jeunes)", [(r.name, show(r.cell)) for r in agg.dispositifs], []),
        ("Communes (jeunes)", [(r.name, show(r.cell)) for r in agg.communes], []),
        (
            "Quartiers (jeunes)",
            [(f"{r.name} ({r.commune})" if r.commune else r.name, show(r.cell)) for r in agg.quartiers],
            [],
        ),
        (
            "D'où ils arrivent (commencées · terminées · taux)",
            [(r.name, f"{show(r.started)} · {show(r.completed)} · {_rate(r.rate)}") for r in agg.sources],
            [],
        ),
        ("Avis (conversations)", [(r.name, show(r.cell)) for r in agg.feedback], []),
        (
            "Suivi : réponses à « tu y es allé·e ? » (jeunes)",
            [(r.name, show(r.cell)) for r in agg.followups],
            [],
        ),
        ("Contacts consultés (jeunes)", [(r.name, show(r.cell)) for r in agg.contacts], []),
        ("Réponses par type (réponses)", [(r.name, show(r.cell)) for r in agg.outcomes], []),
        (
            "Réponses non comprises, par question (jeunes)",
            [(q.node, show(q.cell)) for q in agg.questions],
            [[f"« {t.text} » : {t.people}" for t in q.texts] for q in agg.questions],
        ),
    ]


def format_stats_text(agg: Aggregates) -> str:
    """Compact French text for one Telegram message (< 4096 characters)."""
    text = ""
    for top in (8, 5, 3, 1):
        text = _text(agg, top)
        if len(text) < TELEGRAM_LIMIT:
            return text
    return text[: TELEGRAM_LIMIT - 2] + "…"


def _text(agg: Aggregates, top: int) -> str:
    head = dict(_headline(agg))
    lines = [
        "📊 Cap Quartiers — statistiques",
        agg.window.describe(),
        "",
        f"👥 Jeunes : {head['Jeunes']} · conversations : {head['Conversations']}",
        f"✅ Terminées : {head['Terminées']} (taux : {head['Taux de complétion']})",
        f"👍 {head['Avis 👍']} · 👎 {head['Avis 👎']} · recommencer : {head['Recommencer']} · "
        f"retour : {head['Retour']} · erreurs : {head['Erreurs']} · /oubli : {head['/oubli']}",
    ]
    for title, rows, subs in _sections(agg):
        lines += ["", f"{title} :"]
        if not rows:
            lines.append("  (rien)")
        for i, (label, value) in enumerate(rows[:top]):
            lines.append(f"  • {label} : {value}")
            lines += [f"      {sub}" for sub in (subs[i] if i < len(subs) else [])[:top]]
        if len(rows) > top:
            lines.append(f"  … et {len(rows) - top} autre(s)")
    lines += ["", FOOTER]
    return "\n".join(lines)


def format_stats_table(agg: Aggregates, top: int = 20) -> str:
    """Plain-text tables for a terminal."""
    lines = ["Cap Quartiers — statistiques", agg.window.describe(), ""]
    head = _headline(agg)
    width = max(len(label) for label, _ in head)
    lines += [f"  {label:<{width}}  {value:>8}" for label, value in head]
    for title, rows, subs in _sections(agg):
        lines += ["", title]
        if not rows:
            lines.append("  (rien)")
            continue
        key_width = min(max(len(label) for label, _ in rows[:top]), 60)
        for i, (label, value) in enumerate(rows[:top]):
            lines.append(f"  {label:<{key_width}}  {value:>8}")
            lines += [f"      {sub}" for sub in (subs[i] if i < len(subs) else [])]
    lines += ["", FOOTER]
    return "\n".join(lines)


def cell_json(cell: Cell) -> dict[str, Any]:
    return {"count": cell.shown, "masque": cell.masked}


def stats_to_dict(agg: Aggregates) -> dict[str, Any]:
    """JSON-ready: numbers only; a masked figure is ``{"count": null, "masque": true}``."""

    def rows(items: Any, extra: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
        return [extra(item) for item in items]

    return {
        "since": agg.window.since.astimezone(PARIS).isoformat(),
        "until": agg.window.until.astimezone(PARIS).isoformat(),
        "timezone": "Europe/Paris",
        "min_group": 5,
        "users": cell_json(agg.people),
        "conversations": cell_json(agg.conversations),
        "completed": cell_json(agg.completed),
        "abandoned": cell_json(agg.abandoned),
        "completion_rate_percent": agg.completion_rate,
        "feedback_up": cell_json(agg.feedback_up),
        "feedback_down": cell_json(agg.feedback_down),
        "restarts": cell_json(agg.restarts),
        "backs": cell_json(agg.backs),
        "errors": cell_json(agg.errors),
        "forgotten": cell_json(agg.forgotten),
        "admin_denied": cell_json(agg.denied),
        "steps": rows(
            agg.steps,
            lambda s: {
                "key": s.node,
                "order": s.order,
                "reached": cell_json(s.reached),
                "left": cell_json(s.left),
            },
        ),
        "dispositifs": rows(agg.dispositifs, lambda r: {"key": r.key, "name": r.name, **cell_json(r.cell)}),
        "communes": rows(agg.communes, lambda r: {"key": r.key, "name": r.name, **cell_json(r.cell)}),
        "quartiers": rows(
            agg.quartiers,
            lambda r: {"key": r.key, "name": r.name, "commune": r.commune, **cell_json(r.cell)},
        ),
        "sources": rows(
            agg.sources,
            lambda r: {
                "key": r.key,
                "name": r.name,
                "started": cell_json(r.started),
                "completed": cell_json(r.completed),
                "completion_rate_percent": r.rate,
            },
        ),
        "feedback": rows(agg.feedback, lambda r: {"key": r.key, "name": r.name, **cell_json(r.cell)}),
        "followups": rows(agg.followups, lambda r: {"key": r.key, "name": r.name, **cell_json(r.cell)}),
        "contacts": rows(agg.contacts, lambda r: {"key": r.key, "name": r.name, **cell_json(r.cell)}),
        "outcomes": rows(agg.outcomes, lambda r: {"key": r.key, "name": r.name, **cell_json(r.cell)}),
        "misunderstood": rows(
            agg.questions,
            lambda q: {
                "question": q.node,
                **cell_json(q.cell),
                "texts": [{"text": t.text, "count": t.people} for t in q.texts],
            },
        ),
    }


def format_stats_json(agg: Aggregates) -> str:
    return json.dumps(stats_to_dict(agg), ensure_ascii=False, indent=2)
