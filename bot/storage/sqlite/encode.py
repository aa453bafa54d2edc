"""Facts from the engine -> rows of the ``events`` and ``unmatched_texts`` tables. Pure, no IO.

This is the privacy gate: only identifiers (node, choice and dispositif ids), codes (INSEE, QPV) and fixed
words reach the database. A value that does not look like an identifier is dropped (stored as NULL), so a
raw text or number passed by mistake never lands in a column. Free text survives only for unmatched
answers, redacted and truncated (`bot.storage.redact`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine import facts as f
from bot.storage.redact import redact

# Identifiers of the dialog and knowledge files (node, variable, dispositif, structure, action...).
_IDENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")
_HAS_LETTER = re.compile(r"[A-Za-z_]")
_INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_QPV = re.compile(r"^Q[A-Z0-9]{5,11}$")

EVENT_COLUMNS = (
    "ts",
    "user_key",
    "dialog_version",
    "kind",
    "node",
    "variable",
    "value",
    "outcome",
    "code_insee",
    "code_qpv",
    "source",
    "structures",
)
UNMATCHED_COLUMNS = ("ts", "user_key", "dialog_version", "node", "text")

EventRow = tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class Encoded:
    kind: str
    node: str | None = None
    variable: str | None = None
    value: str | None = None
    outcome: str | None = None
    code_insee: str | None = None
    code_qpv: str | None = None
    source: str | None = None
    structures: str | None = None
    anonymous: bool = False
    unmatched_text: str | None = None


def ident(value: str | None) -> str | None:
    """An identifier from our own files, or None."""
    return value if value is not None and _IDENT.match(value) else None


def label(value: str | None) -> str | None:
    """An identifier that could have come from a user (choice, source): must not be just digits."""
    checked = ident(value)
    return checked if checked is not None and _HAS_LETTER.search(checked) else None


def _joined(values: tuple[str, ...]) -> str | None:
    kept = [v for v in (ident(x) for x in values) if v is not None]
    return ",".join(kept) if kept else None


def encode(fact: f.Fact) -> Encoded:
    match fact:
        case f.ConversationStarted(source=source, qpv=qpv):
            return Encoded("conversation_started", source=label(source), code_qpv=_qpv(qpv))
        case f.NodeReached(node=node):
            return Encoded("node_reached", node=ident(node))
        case f.Answered(node=node, variable=variable, choice=choice, outcome=outcome, unmatched_text=text):
            unmatched = redact(text) if outcome == "unmatched" and text else None
            return Encoded(
                "answered",
                node=ident(node),
                variable=ident(variable),
                value=None if outcome == "text" else label(choice),
                outcome=label(outcome),
                unmatched_text=unmatched or None,
            )
        case f.Aside(node=node, topic=topic):
            return Encoded("aside", node=ident(node), value=label(topic))
        case f.PlaceResolved(code_insee=insee, code_qpv=qpv, how=how):
            return Encoded("place_resolved", value=label(how), code_insee=_insee(insee), code_qpv=_qpv(qpv))
        case f.Recommended(dispositifs=dispositifs, structures=structures):
            return Encoded("recommended", value=_joined(dispositifs), structures=_joined(structures))
        case f.Completed(node=node):
            return Encoded("completed", node=ident(node))
        case f.Restarted():
            return Encoded("restarted")
        case f.WentBack(node=node):
            return Encoded("went_back", node=ident(node))
        case f.FeedbackGiven(useful=useful):
            return Encoded("feedback", value="up" if useful else "down")
        case f.HelpOffered(node=node):
            return Encoded("help_offered", node=ident(node))
        case f.StateReset(reason=reason):
            return Encoded("state_reset", value=label(reason))
        case f.ContactShown(structure_id=structure_id, action=action):
            return Encoded("contact_shown", value=label(action), structures=ident(structure_id))
        case f.Forgotten():
            return Encoded("forgotten", anonymous=True)
        case f.ErrorOccurred(kind=kind):
            return Encoded("error", value=label(kind))
        case f.AdminDenied(command=command):
            return Encoded("admin_denied", value=label(command.lstrip("/")))
        case f.LanguageChanged(lang=lang):
            return Encoded("language_changed", value=label(lang))
        case f.FollowupRequested():
            return Encoded("followup_requested")
        case f.FollowupDeclined():
            return Encoded("followup_declined")
        case f.FollowupSent():
            return Encoded("followup_sent")
        case f.FollowupAnswered(answer=answer):
            return Encoded("followup_answered", value=label(answer))
    raise TypeError(f"unknown fact {type(fact).__name__}")  # pragma: no cover - exhaustive above


def _insee(code: str | None) -> str | None:
    return code if code is not None and _INSEE.match(code) else None


def _qpv(code: str | None) -> str | None:
    return code if code is not None and _QPV.match(code) else None


def rows_for(
    ts: str, user_key: str | None, dialog_version: str, fact: f.Fact
) -> tuple[EventRow, EventRow | None]:
    """The ``events`` row of one fact, and its ``unmatched_texts`` row when it carries redacted text."""
    e = encode(fact)
    key = None if e.anonymous or not user_key else user_key
    event = (
        ts,
        key,
        dialog_version,
        e.kind,
        e.node,
        e.variable,
        e.value,
        e.outcome,
        e.code_insee,
        e.code_qpv,
        e.source,
        e.structures,
    )
    unmatched = (ts, key, dialog_version, e.node, e.unmatched_text) if e.unmatched_text else None
    return event, unmatched
