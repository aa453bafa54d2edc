"""Stats -> what an admin reads: French text for Telegram, a table for the terminal, JSON.

Every count goes through `threshold.mask` (the "< 5" rule); nothing else decides what is shown."""

from __future__ import annotations

import json
from typing import Any

from bot.admin.stats import Row, Stats
from bot.admin.threshold import Shown, mask

TELEGRAM_LIMIT = 4096

SECTIONS: tuple[tuple[str, str], ...] = (
    ("dispositifs", "Pistes proposées (jeunes)"),
    ("communes", "Communes (code INSEE, jeunes)"),
    ("qpvs", "Quartiers QPV (jeunes)"),
    ("sources", "D'où ils arrivent (jeunes)"),
    ("dropoff", "Où ils s'arrêtent (dernière étape, jeunes)"),
    ("outcomes", "Réponses par type (réponses)"),
    ("unmatched", "Textes non compris (jeunes)"),
)


def _period(stats: Stats) -> str:
    days = round((stats.until - stats.since).total_seconds() / 86400)
    return f"{days} derniers jours, du {stats.since:%d/%m/%Y %H:%M} au {stats.until:%d/%m/%Y %H:%M} (UTC)"


def _rate(stats: Stats) -> str:
    rate = stats.completion_rate
    return "—" if rate is None else f"{rate} %"


def _headline(stats: Stats) -> list[tuple[str, Shown | str]]:
    return [
        ("Jeunes", mask(stats.users)),
        ("Conversations", mask(stats.conversations)),
        ("Terminées", mask(stats.completed)),
        ("Taux de complétion", _rate(stats)),
        ("Avis 👍", mask(stats.feedback_up)),
        ("Avis 👎", mask(stats.feedback_down)),
        ("Recommencer", mask(stats.restarts)),
        ("Retour", mask(stats.backs)),
        ("Erreurs", mask(stats.errors)),
        ("/oubli", mask(stats.forgotten)),
    ]


def _section(stats: Stats, name: str) -> tuple[Row, ...]:
    rows: tuple[Row, ...] = getattr(stats, name)
    return rows


def format_stats_text(stats: Stats) -> str:
    """Compact French text for one Telegram message (< 4096 characters)."""
    for top in (8, 5, 3, 1):
        text = _text(stats, top)
        if len(text) < TELEGRAM_LIMIT:
            return text
    return text[: TELEGRAM_LIMIT - 2] + "…"


def _text(stats: Stats, top: int) -> str:
    head = dict(_headline(stats))
    lines = [
        "📊 Cap Quartiers — statistiques",
        _period(stats),
        "",
        f"👥 Jeunes : {head['Jeunes']} · conversations : {head['Conversations']}",
        f"✅ Terminées : {head['Terminées']} (taux : {head['Taux de complétion']})",
        f"👍 {head['Avis 👍']} · 👎 {head['Avis 👎']} · recommencer : {head['Recommencer']} · "
        f"retour : {head['Retour']} · erreurs : {head['Erreurs']} · /oubli : {head['/oubli']}",
    ]
    for name, title in SECTIONS:
        rows = _section(stats, name)
        lines += ["", f"{title} :"]
        if not rows:
            lines.append("  (rien)")
        for row in rows[:top]:
            key = f"« {row.key} »" if name == "unmatched" else row.key
            lines.append(f"  • {key} : {mask(row.count)}")
        if len(rows) > top:
            lines.append(f"  … et {len(rows) - top} autre(s)")
    lines += ["", "Les nombres de 1 à 4 sont affichés « < 5 »."]
    return "\n".join(lines)


def format_stats_table(stats: Stats, top: int = 20) -> str:
    """Plain-text tables for a terminal."""
    lines = ["Cap Quartiers — statistiques", _period(stats), ""]
    head = _headline(stats)
    width = max(len(label) for label, _ in head)
    lines += [f"  {label:<{width}}  {value!s:>8}" for label, value in head]
    for name, title in SECTIONS:
        rows = _section(stats, name)[:top]
        lines += ["", title]
        if not rows:
            lines.append("  (rien)")
            continue
        key_width = min(max(len(row.key) for row in rows), 80)
        lines += [f"  {row.key:<{key_width}}  {mask(row.count)!s:>8}" for row in rows]
    lines += ["", "Les nombres de 1 à 4 sont affichés « < 5 »."]
    return "\n".join(lines)


def stats_to_dict(stats: Stats) -> dict[str, Any]:
    """JSON-ready, masked the same way as the text views."""
    return {
        "since": stats.since.isoformat(),
        "until": stats.until.isoformat(),
        "users": mask(stats.users),
        "conversations": mask(stats.conversations),
        "completed": mask(stats.completed),
        "completion_rate_percent": stats.completion_rate,
        "feedback_up": mask(stats.feedback_up),
        "feedback_down": mask(stats.feedback_down),
        "restarts": mask(stats.restarts),
        "backs": mask(stats.backs),
        "errors": mask(stats.errors),
        "forgotten": mask(stats.forgotten),
        "admin_denied": mask(stats.admin_denied),
        **{
            name: [{"key": row.key, "count": mask(row.count)} for row in _section(stats, name)]
            for name, _ in SECTIONS
        },
    }


def format_stats_json(stats: Stats) -> str:
    return json.dumps(stats_to_dict(stats), ensure_ascii=False, indent=2)
