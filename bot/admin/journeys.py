"""Usage events -> conversations and other countable facts. Pure: no I/O, no masking (see ``aggregate``).

A conversation runs from a ``conversation_started`` to the same person's next one. It is *completed* when
``completed`` happens inside it; otherwise it was left at the last step reached. Everything a person does
until their next start belongs to the conversation (a 👍 pressed after the result, a contact opened).
Feedback counts once per conversation: the last 👍/👎 given in it, however many times the button was
pressed. Events of a person before their first start in the window (a conversation begun earlier) are
not counted. Outsiders' admin commands are not conversations: they are counted apart (``denied``). The
admins' own events (they try the bot too) are left out when their keys are given."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime

from bot.admin.ports import RawEvent

DIRECT = "(direct)"
FOLLOWUP_KIND = "followup_answered"
FOLLOWUP_ANSWERS = ("alle", "pas_encore", "aide")


@dataclass(slots=True)
class Conversation:
    user: str
    started: datetime
    source: str  # deep-link tag, "qpv:<code>" for a quartier poster, or DIRECT
    nodes: list[str] = field(default_factory=list)  # steps reached, in order, each once
    completed: bool = False
    dispositifs: set[str] = field(default_factory=set)
    communes: set[str] = field(default_factory=set)
    quartiers: set[str] = field(default_factory=set)
    feedback: str | None = None  # "up" | "down": the last one given
    contacts: set[str] = field(default_factory=set)  # actions: "card", "phone", "map"
    outcomes: dict[str, int] = field(default_factory=dict)  # answers by how they were read
    misunderstood: set[str] = field(default_factory=set)  # steps where an answer was not understood
    restarts: int = 0
    backs: int = 0
    errors: int = 0

    @property
    def last_node(self) -> str | None:
        return self.nodes[-1] if self.nodes else None


@dataclass(frozen=True, slots=True)
class Marked:
    """A dated fact of one person outside the conversation boundaries (follow-up answer, refused command)."""

    user: str | None
    ts: datetime
    value: str


@dataclass(slots=True)
class Journeys:
    conversations: list[Conversation] = field(default_factory=list)  # sorted by start
    followups: list[Marked] = field(default_factory=list)  # sorted by time
    denied: list[Marked] = field(default_factory=list)
    forgotten: list[datetime] = field(default_factory=list)


def _source(event: RawEvent) -> str:
    if event.source:
        return event.source
    if event.code_qpv:
        return f"qpv:{event.code_qpv}"
    return DIRECT


def _apply(conv: Conversation, event: RawEvent) -> None:
    kind = event.kind
    if kind == "node_reached" and event.node and event.node not in conv.nodes:
        conv.nodes.append(event.node)
    elif kind == "completed":
        conv.completed = True
    elif kind == "answered":
        outcome = event.outcome or "?"
        conv.outcomes[outcome] = conv.outcomes.get(outcome, 0) + 1
        if outcome == "unmatched" and event.node:
            conv.misunderstood.add(event.node)
    elif kind == "recommended" and event.value:
        conv.dispositifs.update(v for v in event.value.split(",") if v)
    elif kind == "place_resolved":
        if event.code_insee:
            conv.communes.add(event.code_insee)
        if event.code_qpv:
            conv.quartiers.add(event.code_qpv)
    elif kind == "feedback" and event.value in ("up", "down"):
        conv.feedback = event.value
    elif kind == "contact_shown" and event.value:
        conv.contacts.add(event.value)
    elif kind == "restarted":
        conv.restarts += 1
    elif kind == "went_back":
        conv.backs += 1
    elif kind == "error":
        conv.errors += 1


async def afold(events: AsyncIterator[RawEvent], excluded: frozenset[str] = frozenset()) -> Journeys:
    """``events`` grouped by user, each user's in recording order (``StatsSource.events(order="user")``)."""
    journeys = Journeys()
    current: Conversation | None = None
    async for event in events:
        if event.user_key in excluded:  # the admins' own trials are not young people
            continue
        _take(journeys, event, current)
        current = _current(journeys, event, current)
    return _sorted(journeys)


def _take(journeys: Journeys, event: RawEvent, current: Conversation | None) -> None:
    if event.kind == "forgotten":
        journeys.forgotten.append(event.ts)
    elif event.kind == "admin_denied":
        journeys.denied.append(Marked(event.user_key, event.ts, event.value or "?"))
    elif event.kind == FOLLOWUP_KIND and event.value in FOLLOWUP_ANSWERS and event.user_key:
        journeys.followups.append(Marked(event.user_key, event.ts, event.value))


def _current(journeys: Journeys, event: RawEvent, current: Conversation | None) -> Conversation | None:
    user = event.user_key
    if user is None:
        return current
    if current is not None and current.user != user:
        current = None
    if event.kind == "conversation_started":
        current = Conversation(user=user, started=event.ts, source=_source(event))
        journeys.conversations.append(current)
    elif current is not None:
        _apply(current, event)
    return current


def _sorted(journeys: Journeys) -> Journeys:
    journeys.conversations.sort(key=lambda c: c.started)
    journeys.followups.sort(key=lambda m: m.ts)
    journeys.denied.sort(key=lambda m: m.ts)
    journeys.forgotten.sort()
    return journeys
