"""Which way people went through the dialog: per arrow (step -> next step) and per step where they stopped.

Read from the same conversations as the dashboard (`bot.admin.journeys`), never from new SQL. Every figure is
a number of distinct people, masked below five like every admin figure (`bot.admin.threshold`). Used by
``cap-quartiers graph --stats 30j`` to draw the figures on the picture of the dialog."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.admin.aggregate import Cell, in_window, people_cell
from bot.admin.journeys import Conversation, afold
from bot.admin.periods import Window
from bot.admin.ports import StatsSource
from bot.admin.threshold import SMALL

START = "__debut__"  # the arrow into the first step (the same name as bot.dialogs.picture.START)


@dataclass(frozen=True, slots=True)
class Traffic:
    conversations: Cell
    arrows: Mapping[tuple[str, str], Cell]  # (from, to) -> people who went from one step to the next
    left: Mapping[str, Cell]  # step -> people whose conversation stopped there without a result


def traffic(convs: Sequence[Conversation]) -> Traffic:
    arrows: dict[tuple[str, str], set[str]] = defaultdict(set)
    left: dict[str, set[str]] = defaultdict(set)
    for conv in convs:
        for pair in pairwise([START, *conv.nodes]):
            arrows[pair].add(conv.user)
        if not conv.completed and conv.last_node:
            left[conv.last_node].add(conv.user)
    return Traffic(
        people_cell(c.user for c in convs),
        {pair: people_cell(users) for pair, users in arrows.items()},
        {node: people_cell(users) for node, users in left.items()},
    )


async def read_traffic(
    source: StatsSource, window: Window, excluded: frozenset[str] = frozenset()
) -> Traffic:
    journeys = await afold(source.events(window.since, window.until, "user"), excluded)
    return traffic(in_window(journeys, window))


def shown(cell: Cell) -> str:
    """« 12 », or « < 5 » when fewer than five people are behind the figure (zero stays zero)."""
    return SMALL if cell.masked else str(cell.count)
