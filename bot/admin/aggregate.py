"""Conversations of a window -> the figures admins see, each already cut below five (``Cell``).

Every figure is a ``Cell``: a count and the number of distinct people behind it. A cell whose people are 1
to 4 is *masked*: every view shows it as « < 5 » (text) or ``null`` with ``masque: true`` (JSON, the
aggregates database), never the number. Zero stays zero. A rate is given only when its part and the rest
are both shown. A misunderstood text is listed only when at least five different people typed the same
normalised text at the same question."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median

from bot.admin.journeys import Conversation, Journeys, Marked
from bot.admin.names import CONTACTS, FEEDBACK, FOLLOWUPS, OUTCOMES, Names
from bot.admin.periods import Window
from bot.admin.ports import RawText
from bot.admin.threshold import MIN_GROUP
from bot.matching.normalize import normalize

START_NODE = "(avant la 1re question)"


@dataclass(frozen=True, slots=True)
class Cell:
    count: int
    people: int

    @property
    def masked(self) -> bool:
        return self.count > 0 and self.people < MIN_GROUP

    @property
    def shown(self) -> int | None:
        """The count, or None when it is masked."""
        return None if self.masked else self.count


ZERO = Cell(0, 0)


def people_cell(users: Iterable[str | None]) -> Cell:
    distinct = set(users)
    return Cell(len(distinct), len(distinct))


def rate(part: Cell, rest: Cell) -> int | None:
    """``part / (part + rest)`` in percent, or None when it could give a masked count back."""
    whole = part.count + rest.count
    if whole == 0 or part.masked or rest.masked or whole < MIN_GROUP:
        return None
    return round(100 * part.count / whole)


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    name: str
    cell: Cell


@dataclass(frozen=True, slots=True)
class QuartierRow:
    key: str
    name: str
    commune: str
    cell: Cell


@dataclass(frozen=True, slots=True)
class StepRow:
    node: str
    order: int
    reached: Cell  # people whose conversation reached this step
    left: Cell  # people whose unfinished conversation stopped here


@dataclass(frozen=True, slots=True)
class SourceRow:
    key: str
    name: str
    started: Cell  # conversations started from this source (people behind them)
    completed: Cell
    rate: int | None


@dataclass(frozen=True, slots=True)
class TextRow:
    text: str  # normalised, redacted text
    people: int  # at least MIN_GROUP, by construction


@dataclass(frozen=True, slots=True)
class QuestionRow:
    node: str
    cell: Cell  # people who gave at least one answer the bot did not understand here
    texts: tuple[TextRow, ...]  # only texts typed by at least five different people


@dataclass(frozen=True, slots=True)
class Aggregates:
    window: Window
    people: Cell
    conversations: Cell
    completed: Cell
    abandoned: Cell
    completion_rate: int | None
    feedback_up: Cell
    feedback_down: Cell
    restarts: Cell
    backs: Cell
    errors: Cell
    forgotten: Cell
    denied: Cell  # refused admin commands (outsiders)
    steps: tuple[StepRow, ...]
    dispositifs: tuple[Row, ...]
    communes: tuple[Row, ...]
    quartiers: tuple[QuartierRow, ...]
    sources: tuple[SourceRow, ...]
    feedback: tuple[Row, ...]
    followups: tuple[Row, ...]
    contacts: tuple[Row, ...]
    outcomes: tuple[Row, ...]
    questions: tuple[QuestionRow, ...]


def _slice(items: Sequence[Marked], window: Window) -> Sequence[Marked]:
    lo = bisect.bisect_left(items, window.since, key=lambda m: m.ts)
    hi = bisect.bisect_left(items, window.until, key=lambda m: m.ts)
    return items[lo:hi]


def in_window(journeys: Journeys, window: Window) -> Sequence[Conversation]:
    convs = journeys.conversations
    lo = bisect.bisect_left(convs, window.since, key=lambda c: c.started)
    hi = bisect.bisect_left(convs, window.until, key=lambda c: c.started)
    return convs[lo:hi]


def _by_people(groups: Mapping[str, set[str]]) -> list[tuple[str, Cell]]:
    items = [(key, Cell(len(users), len(users))) for key, users in groups.items()]
    items.sort(key=lambda kv: (-kv[1].count, kv[0]))
    return items


def _rows(groups: Mapping[str, set[str]], name: Callable[[str], str]) -> tuple[Row, ...]:
    return tuple(Row(key, name(key), cell) for key, cell in _by_people(groups))


def _counted(convs: Sequence[Conversation], count: Callable[[Conversation], int]) -> Cell:
    total = sum(count(c) for c in convs)
    return Cell(total, len({c.user for c in convs if count(c)}))


def _steps(convs: Sequence[Conversation]) -> tuple[StepRow, ...]:
    reached: dict[str, set[str]] = defaultdict(set)
    left: dict[str, set[str]] = defaultdict(set)
    positions: dict[str, list[int]] = defaultdict(list)
    for conv in convs:
        for position, node in enumerate(conv.nodes):
            reached[node].add(conv.user)
            positions[node].append(position)
        if not conv.completed:
            left[conv.last_node or START_NODE].add(conv.user)
    nodes = sorted(
        set(reached) | set(left),
        key=lambda n: (median(positions[n]) if positions[n] else -1, -len(reached[n]), n),
    )
    return tuple(
        StepRow(node, order, people_cell(reached[node]), people_cell(left[node]))
        for order, node in enumerate(nodes)
    )


def _sources(convs: Sequence[Conversation], names: Names) -> tuple[SourceRow, ...]:
    started: dict[str, list[Conversation]] = defaultdict(list)
    for conv in convs:
        started[conv.source].append(conv)
    rows = []
    for key, group in started.items():
        done = [c for c in group if c.completed]
        not_done = [c for c in group if not c.completed]
        begun = Cell(len(group), len({c.user for c in group}))
        completed = Cell(len(done), len({c.user for c in done}))
        rest = Cell(len(not_done), len({c.user for c in not_done}))
        rows.append(SourceRow(key, names.source(key), begun, completed, rate(completed, rest)))
    rows.sort(key=lambda r: (-r.started.count, r.key))
    return tuple(rows)


def _questions(convs: Sequence[Conversation], texts: Iterable[RawText]) -> tuple[QuestionRow, ...]:
    people: dict[str, set[str]] = defaultdict(set)
    for conv in convs:
        for node in conv.misunderstood:
            people[node].add(conv.user)
    typed: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for text in texts:
        key = normalize(text.text)
        if key and text.user_key:
            typed[text.node or START_NODE][key].add(text.user_key)
    rows = []
    for node in sorted(set(people) | set(typed)):
        shown = [TextRow(t, len(users)) for t, users in typed[node].items() if len(users) >= MIN_GROUP]
        shown.sort(key=lambda r: (-r.people, r.text))
        rows.append(QuestionRow(node, people_cell(people[node]), tuple(shown)))
    rows.sort(key=lambda r: (-r.cell.count, r.node))
    return tuple(rows)


def aggregate(journeys: Journeys, texts: Sequence[RawText], window: Window, names: Names) -> Aggregates:
    """The figures of the conversations started in ``window`` (follow-ups, refusals, /oubli and ``texts``
    by their own date; ``texts`` sorted by time, as ``read_texts`` returns them)."""
    convs = in_window(journeys, window)
    done = [c for c in convs if c.completed]
    not_done = [c for c in convs if not c.completed]
    completed = Cell(len(done), len({c.user for c in done}))
    abandoned = Cell(len(not_done), len({c.user for c in not_done}))

    def groups(values: Callable[[Conversation], Iterable[str]]) -> dict[str, set[str]]:
        grouped: dict[str, set[str]] = defaultdict(set)
        for conv in convs:
            for value in values(conv):
                grouped[value].add(conv.user)
        return grouped

    feedback_convs = {value: [c for c in convs if c.feedback == value] for value in FEEDBACK}
    feedback = {v: Cell(len(cs), len({c.user for c in cs})) for v, cs in feedback_convs.items()}
    latest: dict[str, str] = {}
    for marked in _slice(journeys.followups, window):
        if marked.user is not None:
            latest[marked.user] = marked.value  # a person's last answer in the window
    followups: dict[str, set[str]] = defaultdict(set)
    for user, answer in latest.items():
        followups[answer].add(user)
    outcome_counts: dict[str, tuple[int, set[str]]] = {}
    for conv in convs:
        for outcome, n in conv.outcomes.items():
            total, users = outcome_counts.get(outcome, (0, set()))
            users.add(conv.user)
            outcome_counts[outcome] = (total + n, users)
    denied = _slice(journeys.denied, window)
    forgotten = journeys.forgotten[
        bisect.bisect_left(journeys.forgotten, window.since) : bisect.bisect_left(
            journeys.forgotten, window.until
        )
    ]
    window_texts = texts[
        bisect.bisect_left(texts, window.since, key=lambda t: t.ts) : bisect.bisect_left(
            texts, window.until, key=lambda t: t.ts
        )
    ]
    quartiers = groups(lambda c: c.quartiers)
    return Aggregates(
        window=window,
        people=people_cell(c.user for c in convs),
        conversations=Cell(len(convs), len({c.user for c in convs})),
        completed=completed,
        abandoned=abandoned,
        completion_rate=rate(completed, abandoned),
        feedback_up=feedback["up"],
        feedback_down=feedback["down"],
        restarts=_counted(convs, lambda c: c.restarts),
        backs=_counted(convs, lambda c: c.backs),
        errors=_counted(convs, lambda c: c.errors),
        forgotten=Cell(len(forgotten), len(forgotten)),
        denied=Cell(len(denied), len({m.user for m in denied})),
        steps=_steps(convs),
        dispositifs=_rows(groups(lambda c: c.dispositifs), names.dispositif),
        communes=_rows(groups(lambda c: c.communes), names.commune),
        quartiers=tuple(
            QuartierRow(key, names.quartier(key), names.quartier_commune(key), cell)
            for key, cell in _by_people(quartiers)
        ),
        sources=_sources(convs, names),
        feedback=tuple(
            Row(value, FEEDBACK[value], feedback[value]) for value in FEEDBACK if feedback[value].count
        ),
        followups=_rows(followups, lambda v: FOLLOWUPS.get(v, v)),
        contacts=_rows(groups(lambda c: c.contacts), lambda v: CONTACTS.get(v, v)),
        outcomes=tuple(
            Row(k, OUTCOMES.get(k, k), Cell(n, len(users)))
            for k, (n, users) in sorted(outcome_counts.items(), key=lambda kv: (-kv[1][0], kv[0]))
        ),
        questions=_questions(convs, window_texts),
    )
