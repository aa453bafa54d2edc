"""Results: a result node's recommendations as one summary (up to ``max`` doors, one line each), a door's
full card on demand, the buttons that go with them, and the facts worth counting (what was recommended,
which structures' contact details were shown)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from bot.dialogs.model import Node
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.cards import build_cards
from bot.engine.replies import Button, CardDetails, Message, Reply, ResultCard, ResultSummary
from bot.engine.why import why_line
from bot.knowledge.dispositifs import Catalogue, Recommendation
from bot.knowledge.types import Place, StructureFinder


@dataclass(frozen=True, slots=True)
class Shown:
    """What to say; ``shown``: how many recommendations have now been shown (for "voir d'autres")."""

    replies: tuple[Reply, ...]
    facts: tuple[fx.Fact, ...]
    shown: int
    pinned: str | None = None  # the place that has had its map pin in this conversation


@dataclass(frozen=True, slots=True)
class ResultView:
    """Everything a result is computed from: the result node, the variables and the place."""

    node: Node
    variables: dict[str, Any]
    place: Place | None
    lang: str = "fr"

    @property
    def limit(self) -> int:
        assert self.node.result is not None
        return self.node.result.limit


@dataclass(frozen=True, slots=True)
class Offer:
    """Which after-result buttons the summary carries."""

    feedback: bool = True  # 👍/👎 not given yet in this conversation
    more: bool = True  # "voir d'autres pistes" (only when there are more)
    resume: bool = False  # a result of a previous conversation, shown mid-question: "reprendre"
    pinned: str | None = None  # the place already pinned in this conversation: never the same pin twice


def recommendations(view: ResultView, catalogue: Catalogue) -> list[Recommendation]:
    assert view.node.result is not None
    return catalogue.recommend(view.variables, view.node.result.only, view.lang)


def door_cards(
    view: ResultView,
    chosen: list[Recommendation],
    structures: StructureFinder | None,
    today: dt.date,
    first_rank: int,
) -> list[ResultCard]:
    cards = build_cards(chosen, view.place, structures, today, first_rank=first_rank, lang=view.lang)
    return [
        replace(card, why=why_line(rec, view.variables, view.lang))
        for card, rec in zip(cards, chosen, strict=True)
    ]


def show_result(
    view: ResultView,
    *,
    catalogue: Catalogue,
    structures: StructureFinder | None,
    today: dt.date,
    start: int,
    more: bool,
    repeat: bool,
    offer: Offer,
    edit: bool = False,
) -> Shown:
    """The summary of the ``view.limit`` recommendations from ``start`` (0 unless ``more``). ``repeat``:
    shown again (the recommendation facts are not repeated); ``edit``: in place of the pressed message."""
    found = recommendations(view, catalogue)
    chosen = found[start : start + view.limit]
    if more and not chosen:
        return Shown((Message(wording.NO_MORE, after_result_buttons(offer, more=False)),), (), start)
    cards = door_cards(view, chosen, structures, today, first_rank=start + 1)
    shown = start + len(chosen)
    lead: str
    if not chosen:
        lead = wording.NO_RESULT.get(view.lang)
    elif start > 0:
        lead = wording.MORE_HEADER.get(view.lang)
    else:
        lead = view.node.text.get(view.lang)
    buttons = (
        *(
            Button(wording.DETAILS.get(view.lang).format(rank=c.rank), ev.Details(c.dispositif_id))
            for c in cards
        ),
        *after_result_buttons(offer, more=offer.more and len(found) > shown),
    )
    facts: list[fx.Fact] = []
    if not repeat:
        facts.append(
            fx.Recommended(
                tuple(r.dispositif.id for r in chosen),
                tuple(c.places[0].structure_id for c in cards if c.places and c.places[0].structure_id),
            )
        )
        if not more:
            facts.append(fx.Completed(view.node.id))
    facts.extend(
        fx.ContactShown(structure_id=c.places[0].structure_id, action="card")
        for c in cards
        if c.places and c.places[0].structure_id
    )
    pin = pin_of(cards) if not repeat and start == 0 else None
    pin = None if pin is not None and pin == offer.pinned else pin
    summary = ResultSummary(lead, tuple(cards), buttons, edit=edit, pin=pin is not None)
    return Shown((summary,), tuple(facts), shown, pin or offer.pinned)


def pin_of(cards: list[ResultCard]) -> str | None:
    """The structure worth a map pin: the first door's nearest place, when its position is its address."""
    if not cards or not cards[0].places:
        return None
    place = cards[0].places[0]
    if place.lat is None or place.lon is None or place.approximate_position:
        return None
    return place.structure_id or place.nom


def show_details(
    view: ResultView,
    door: str,
    *,
    catalogue: Catalogue,
    structures: StructureFinder | None,
    today: dt.date,
) -> tuple[CardDetails, tuple[fx.Fact, ...]] | None:
    """One door in full, with "⬅️" back to the summary page it is on; None when it is not recommended."""
    found = recommendations(view, catalogue)
    index = next((i for i, r in enumerate(found) if r.dispositif.id == door), None)
    if index is None:
        return None
    card = door_cards(view, [found[index]], structures, today, first_rank=index + 1)[0]
    page = index // view.limit * view.limit
    details = CardDetails(card, (Button(wording.BACK_TO_SUMMARY, ev.Summary(page)),))
    facts = tuple(
        fx.ContactShown(structure_id=p.structure_id, action="details") for p in card.places if p.structure_id
    )
    return details, facts


def after_result_buttons(offer: Offer, *, more: bool = True) -> tuple[Button, ...]:
    """The buttons under a result, after the « Détails » ones. Add new ones here (one list, in order)."""
    buttons: list[Button] = []
    if offer.feedback:
        buttons += [
            Button(wording.USEFUL, ev.Feedback(True)),
            Button(wording.NOT_USEFUL, ev.Feedback(False)),
        ]
    if more:
        buttons.append(Button(wording.MORE, ev.More()))
    buttons.append(Button(wording.SHARE, ev.Share()))
    if offer.resume:
        buttons.append(Button(wording.RESUME, ev.Resume()))
    else:
        buttons += [Button(wording.MODIFY, ev.Modify()), Button(wording.RESTART, ev.Restart())]
    return tuple(buttons)
