"""The aggregates database (``var/stats.sqlite3``): what the dashboard serves, counts only.

Written in one go to a temporary file, then moved over the old one (``os.replace``), so a reader never
sees half a rebuild. It holds no user key and no text that was not redacted and typed by at least five
people; every count behind fewer than five people is stored as NULL with its ``<column>_masque`` flag set
to 1 (the small number is never written). Tables and columns are documented in docs/admin.md (a test
checks it)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.admin.aggregate import Aggregates, Cell
from bot.admin.periods import PARIS, Period
from bot.admin.threshold import MIN_GROUP

# table -> (columns, key columns). A column "x+" is a count: it becomes "x INTEGER, x_masque INTEGER".
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "periodes": (("periode", "type", "debut", "fin", "ordre"), ("periode",)),
    "chiffres": (
        (
            "periode",
            "jeunes+",
            "conversations+",
            "terminees+",
            "abandonnees+",
            "taux_completion",
            "avis_utile+",
            "avis_pas_utile+",
            "recommencer+",
            "retour+",
            "erreurs+",
            "oublis+",
            "refus_admin+",
        ),
        ("periode",),
    ),
    "etapes": (("periode", "etape", "ordre", "atteinte+", "arret+"), ("periode", "etape")),
    "dispositifs": (("periode", "dispositif", "nom", "jeunes+"), ("periode", "dispositif")),
    "communes": (("periode", "code_insee", "commune", "jeunes+"), ("periode", "code_insee")),
    "quartiers": (("periode", "code_qpv", "quartier", "commune", "jeunes+"), ("periode", "code_qpv")),
    "sources": (
        ("periode", "source", "nom", "commencees+", "terminees+", "taux_completion"),
        ("periode", "source"),
    ),
    "avis": (("periode", "avis", "libelle", "conversations+"), ("periode", "avis")),
    "suivis": (("periode", "reponse", "libelle", "jeunes+"), ("periode", "reponse")),
    "contacts": (("periode", "action", "libelle", "jeunes+"), ("periode", "action")),
    "reponses": (("periode", "mode", "libelle", "reponses+"), ("periode", "mode")),
    "questions_non_comprises": (("periode", "question", "jeunes+"), ("periode", "question")),
    "textes_non_compris": (("periode", "question", "texte", "jeunes"), ("periode", "question", "texte")),
    "construction": (("cle", "valeur"), ("cle",)),
}
_INTEGER = {"ordre", "taux_completion", "jeunes"}


def columns(table: str) -> list[str]:
    """The real column names of ``table`` (counts followed by their ``_masque`` flag)."""
    names: list[str] = []
    for column in TABLES[table][0]:
        if column.endswith("+"):
            names += [column[:-1], f"{column[:-1]}_masque"]
        else:
            names.append(column)
    return names


def count_columns(table: str) -> list[str]:
    """Columns holding counts of people (never 1 to 4)."""
    counts = [c[:-1] for c in TABLES[table][0] if c.endswith("+")]
    return counts + (["jeunes"] if table == "textes_non_compris" else [])


def _ddl(table: str) -> str:
    spec, key = TABLES[table]
    defs = []
    for column in spec:
        if column.endswith("+"):
            defs += [f"{column[:-1]} INTEGER", f"{column[:-1]}_masque INTEGER NOT NULL"]
        else:
            defs.append(f"{column} {'INTEGER' if column in _INTEGER else 'TEXT'}")
    return f"CREATE TABLE {table} ({', '.join(defs)}, PRIMARY KEY ({', '.join(key)}))"


def _c(cell: Cell) -> tuple[int | None, int]:
    return cell.shown, int(cell.masked)


def _local(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%Y-%m-%d %H:%M")


def rows_of(period: Period, agg: Aggregates) -> dict[str, list[tuple[Any, ...]]]:
    """The rows every table gets for one period."""
    p = period.key
    w = period.window
    return {
        "periodes": [(p, period.kind, _local(w.since), _local(w.until), period.order)],
        "chiffres": [
            (
                p,
                *_c(agg.people),
                *_c(agg.conversations),
                *_c(agg.completed),
                *_c(agg.abandoned),
                agg.completion_rate,
                *_c(agg.feedback_up),
                *_c(agg.feedback_down),
                *_c(agg.restarts),
                *_c(agg.backs),
                *_c(agg.errors),
                *_c(agg.forgotten),
                *_c(agg.denied),
            )
        ],
        "etapes": [(p, s.node, s.order, *_c(s.reached), *_c(s.left)) for s in agg.steps],
        "dispositifs": [(p, r.key, r.name, *_c(r.cell)) for r in agg.dispositifs],
        "communes": [(p, r.key, r.name, *_c(r.cell)) for r in agg.communes],
        "quartiers": [(p, r.key, r.name, r.commune, *_c(r.cell)) for r in agg.quartiers],
        "sources": [(p, r.key, r.name, *_c(r.started), *_c(r.completed), r.rate) for r in agg.sources],
        "avis": [(p, r.key, r.name, *_c(r.cell)) for r in agg.feedback],
        "suivis": [(p, r.key, r.name, *_c(r.cell)) for r in agg.followups],
        "contacts": [(p, r.key, r.name, *_c(r.cell)) for r in agg.contacts],
        "reponses": [(p, r.key, r.name, *_c(r.cell)) for r in agg.outcomes],
        "questions_non_comprises": [(p, q.node, *_c(q.cell)) for q in agg.questions],
        "textes_non_compris": [
            (p, q.node, t.text, t.people) for q in agg.questions for t in q.texts if t.people >= MIN_GROUP
        ],
    }


def write_database(
    path: Path,
    results: Iterable[tuple[Period, Aggregates]],
    built_at: datetime,
    info: Sequence[tuple[str, str]],
) -> int:
    """Write every period's rows to a new file and move it over ``path``; return the number of periods."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    count = 0
    conn = sqlite3.connect(tmp)
    try:
        with conn:
            for table in TABLES:
                conn.execute(_ddl(table))
            for period, agg in results:
                for table, rows in rows_of(period, agg).items():
                    if rows:
                        marks = ", ".join("?" * len(columns(table)))
                        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
                count += 1
            meta = [
                ("construite_le", _local(built_at)),
                ("fuseau", "Europe/Paris"),
                ("seuil", str(MIN_GROUP)),
                *info,
            ]
            conn.executemany("INSERT INTO construction VALUES (?, ?)", meta)
        conn.execute("VACUUM")
    finally:
        conn.close()
    tmp.replace(path)
    return count
