"""Results: the recommendations of a result node as cards, with the buttons that follow and the facts
worth counting (what was recommended, which structures' contact details were shown)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.dialogs.model import Node
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.cards import build_cards
from bot.engine.replies import Button, Message, Reply
from bot.knowledge.dispositifs import Catalogue
from bot.knowledge.types import Place, StructureFinder


@dataclass(frozen=True, slots=True)
class Shown:
    """What to say; ``shown``: how many recommendations have now been shown (for "voir d'autres")."""

    replies: tuple[Reply, ...]
    facts: tuple[fx.Fact, ...]
    shown: int


def show_result(
    node: Node,
    *,
    lang: str,
    catalogue: Catalogue,
    structures: StructureFinder | None,
    variables: dict[str, Any],
    place: Place | None,
    today: dt.date,
    start: int,
    more: bool,
    repeat: bool,
) -> Shown:
    """The next ``spec.limit`` recommendations from ``start`` (0 unless ``more``). ``repeat``: shown again
    (the node's text and the recommendation facts are not repeated)."""
    spec = node.result
    assert spec is not None
    recommendations = catalogue.recommend(variables, spec.only, lang)
    chosen = recommendations[start : start + spec.limit]
    replies: list[Reply] = []
    facts: list[fx.Fact] = []
    if not repeat and not more:
        replies.append(Message(node.text.get(lang)))
    if more and not chosen:
        replies.append(Message(wording.NO_MORE, after_result_buttons(feedback=False, more=False)))
        return Shown(tuple(replies), (), start)
    if not chosen:
        replies.append(Message(wording.NO_RESULT))
    elif more:
        replies.append(Message(wording.MORE_HEADER))
    cards = build_cards(chosen, place, structures, today, first_rank=start + 1, lang=lang)
    replies.extend(cards)
    shown = start + len(chosen)
    if not repeat:
        facts.append(
            fx.Recommended(
                tuple(r.dispositif.id for r in chosen),
                tuple(p.structure_id for c in cards for p in c.places if p.structure_id),
            )
        )
        if not more:
            facts.append(fx.Completed(node.id))
    facts.extend(
        fx.ContactShown(structure_id=p.structure_id, action="card")
        for c in cards
        for p in c.places
        if p.structure_id
    )
    has_more = len(recommendations) > shown
    replies.append(Message(wording.AFTER_RESULT, after_result_buttons(feedback=True, more=has_more)))
    return Shown(tuple(replies), tuple(facts), shown)


def after_result_buttons(*, feedback: bool, more: bool = True) -> tuple[Button, ...]:
    buttons: list[Button] = []
    if feedback:
        buttons += [
            Button(wording.USEFUL, ev.Feedback(True)),
            Button(wording.NOT_USEFUL, ev.Feedback(False)),
        ]
    if more:
        buttons.append(Button(wording.MORE, ev.More()))
    buttons += [Button(wording.MODIFY, ev.Modify()), Button(wording.RESTART, ev.Restart())]
    return tuple(buttons)
