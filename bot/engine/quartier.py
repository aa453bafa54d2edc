"""The quartier question (``saisie: quartier``): which QPV of the commune given at the place question.

Asked when the dialog leads there (in orientation.yaml: a business creator who gave only a commune that
has QPV, because CitésLab is for their residents). Buttons name the commune's QPV in plain words, then
« Un autre quartier »; the person may also type a quartier's name (matched among that commune's QPV and
their usual names) or share a position. The answer is ``{"commune": <INSEE>, "place": <QPV place> or
None}``; `variables.place_of` then reads the QPV as the place, and None (« un autre quartier », or a
position outside every QPV) keeps the commune, so ``qpv`` is false.

This module moves the conversation through the small `Mover` protocol (implemented by `flow.Flow`), so
that it does not import `flow`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Protocol

from bot.dialogs.model import Branch, Dialog, Node
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.offers import Option, TakeQuartier
from bot.engine.reading import Aside, Picked, read_offer
from bot.engine.replies import Button
from bot.engine.turn import Knowledge, Turn, in_language
from bot.engine.variables import COMMUNE_A_QPV, answered_place
from bot.knowledge.types import Place
from bot.matching.normalize import normalize

MAX_ALL = 6  # up to this many QPV: a button each
MAX_SHOWN = 5  # beyond: the first five, and the name can be typed
TEXT_MATCH = 85.0  # a typed name is taken from this score on (the resolver's 0..100)
OTHER_WORDS = frozenset(
    {
        "autre",
        "un autre",
        "autre quartier",
        "un autre quartier",
        "aucun",
        "aucun des deux",
        "aucun de ceux la",
        "ailleurs",
        "pas dans la liste",
        "il y est pas",
        "non",
        "je sais pas",
        "je ne sais pas",
        "sais pas",
        "aucune idee",
        "pas de quartier",
    }
)


class Mover(Protocol):
    """What this module needs from the flow (`bot.engine.flow.Flow`)."""

    def set_and_continue(
        self, turn: Turn, node: Node, value: Any, branches: tuple[Branch, ...] | None = None
    ) -> None: ...

    def miss(self, turn: Turn, node: Node, text: str | None, message: str | None) -> None: ...

    def follow(self, turn: Turn, node: Node, branches: tuple[Branch, ...]) -> None: ...

    def option_buttons(self, node: Node, options: tuple[Option, ...]) -> tuple[Button, ...]: ...


def mark_commune(raw: Mapping[str, Any], how: str, knowledge: Knowledge) -> dict[str, Any]:
    """The place answer, with ``commune_a_qpv`` when it is only a commune (or a postcode) with QPV."""
    value = dict(raw)
    place = Place.from_dict(value)
    resolver = knowledge.places
    if place.code_qpv is None and how != "position" and resolver is not None:
        value[COMMUNE_A_QPV] = bool(resolver.qpvs_of_commune(place.code_insee))
    return value


def answer_label(value: Any, lang: str) -> str:
    """The answer in words, for « Modifier une réponse »."""
    if not isinstance(value, Mapping):
        return "—"
    place = value.get("place")
    if isinstance(place, Mapping):
        return str(place.get("nom_qpv") or "—")
    return wording.OTHER_QUARTIER.get(lang)


class Quartiers:
    def __init__(self, dialog: Dialog, knowledge: Knowledge, mover: Mover) -> None:
        self.dialog = dialog
        self.knowledge = knowledge
        self.mover = mover

    # ---------------------------------------------------------------- asking

    def commune(self, turn: Turn) -> Place | None:
        """The commune the question is about: the place answered, as long as it is not a QPV."""
        place = answered_place(self.dialog, turn.state)
        return place if place is not None and place.code_qpv is None else None

    def quartiers(self, commune: Place) -> list[Place]:
        resolver = self.knowledge.places
        return resolver.qpvs_of_commune(commune.code_insee) if resolver is not None else []

    def ask(self, turn: Turn, node: Node, lead: str | None = None) -> None:
        commune = self.commune(turn)
        quartiers = self.quartiers(commune) if commune is not None else []
        if commune is None or not quartiers:
            # nothing to choose from (no place resolver, a QPV already known): go on without asking,
            # and without adding to the history, so that « retour » skips this question too
            if node.variable:
                turn.state = turn.state.without_answers({node.variable})
            self.mover.follow(turn, node, node.next)
            return
        shown = quartiers if len(quartiers) <= MAX_ALL else quartiers[:MAX_SHOWN]
        options = (
            *(Option(q.nom_qpv or q.commune, TakeQuartier(q.to_dict())) for q in shown),
            Option(wording.OTHER_QUARTIER, TakeQuartier(None)),
        )
        lines = [node.text.get(turn.state.lang).replace("{commune}", commune.commune)]
        hint = wording.QUARTIER_MORE if len(shown) < len(quartiers) else wording.QUARTIER_HINT
        lines.append(hint.get(turn.state.lang))
        text = "\n".join(lines) if lead is None else f"{lead}\n\n" + "\n".join(lines)
        turn.state = replace(turn.state, options=options, prompt=text)
        turn.say(text, self.mover.option_buttons(node, options), request_location=True)

    def fits(self, turn: Turn, value: Any) -> bool:
        """A saved answer still fits (« modifier une réponse »): it was about the same commune."""
        commune = self.commune(turn)
        if commune is None or not isinstance(value, Mapping):
            return False
        return bool(value.get("commune") == commune.code_insee)

    # ---------------------------------------------------------------- answers

    def take(self, turn: Turn, node: Node, chosen: Mapping[str, Any] | None) -> None:
        """Answer with a QPV place (None: not in a QPV of the commune) and go on."""
        commune = self.commune(turn)
        if commune is None:  # the place changed under an old button: ask the question of now
            self.ask(turn, node)
            return
        place = Place.from_dict(dict(chosen)) if chosen is not None else None
        if place is not None:
            turn.facts.append(fx.PlaceResolved(place.code_insee, place.code_qpv, "quartier"))
        turn.facts.append(
            fx.Answered(node.id, node.variable, None, "quartier" if place else "autre_quartier")
        )
        if place is None:
            self.citeslab_note(turn)
        value = {"commune": commune.code_insee, "place": place.to_dict() if place else None}
        self.mover.set_and_continue(turn, node, value)

    def on_text(self, turn: Turn, node: Node, text: str) -> None:
        commune = self.commune(turn)
        if commune is None:
            self.ask(turn, node)
            return
        if normalize(text) in OTHER_WORDS:
            self.take(turn, node, None)
            return
        found = self.named(commune, text)  # first: « l'Épeule » is more precise than its button
        if found is not None:
            self.take(turn, node, found.to_dict())
            return
        picked = read_offer(text, turn.state.options, node, turn.state.lang) if turn.state.options else None
        if isinstance(picked, Picked) and isinstance(picked.option.action, TakeQuartier):
            self.take(turn, node, picked.option.action.place)
            return
        if isinstance(picked, Aside):  # small talk (« merci », « ? »): a short answer, the question again
            turn.facts.append(fx.Aside(node.id, picked.topic))
            self.ask(turn, node, in_language(picked.message, turn.state.lang))
            return
        not_found = wording.QUARTIER_NOT_FOUND.get(turn.state.lang).format(commune=commune.commune)
        self.mover.miss(turn, node, text, not_found)

    def named(self, commune: Place, text: str) -> Place | None:
        """The QPV of ``commune`` that ``text`` names (official name, a part of it, or a usual name)."""
        resolver = self.knowledge.places
        if resolver is None or not text.strip():
            return None
        own = {q.code_qpv: q for q in self.quartiers(commune)}
        found = [
            c
            for c in resolver.resolve(text, limit=10, within=commune.code_insee)
            if c.place.code_qpv in own and c.score >= TEXT_MATCH
        ]
        if not found or len({c.place.code_qpv for c in found if c.score == found[0].score}) > 1:
            return None
        best = found[0]
        place = own[best.place.code_qpv or ""]
        # « Epeule » said more about where the person lives than the QPV's long name
        if best.kind != "alias":
            return place
        return replace(place, nom_qpv=best.place.nom_qpv, quartier=best.place.quartier)

    def on_location(self, turn: Turn, node: Node, lat: float, lon: float) -> None:
        commune = self.commune(turn)
        resolver = self.knowledge.places
        located = resolver.locate(lat, lon) if resolver is not None and commune is not None else None
        if commune is None or located is None:
            self.mover.miss(turn, node, None, wording.POSITION_NOT_FOUND)
            return
        place = located.place
        if place.code_qpv is None:
            turn.say(wording.QUARTIER_NOT_AT_POSITION)
            turn.facts.append(fx.PlaceResolved(place.code_insee, None, "position"))
            turn.facts.append(fx.Answered(node.id, node.variable, None, "position"))
            self.citeslab_note(turn)
            self.mover.set_and_continue(turn, node, {"commune": commune.code_insee, "place": None})
            return
        own = {q.code_qpv: q for q in self.quartiers(commune)}
        named = own.get(place.code_qpv) or replace(place, nom_qpv=place.quartier_name() or place.nom_qpv)
        turn.say(wording.QUARTIER_AT_POSITION.get(turn.state.lang).format(quartier=named.nom_qpv))
        turn.facts.append(fx.PlaceResolved(named.code_insee, named.code_qpv, "position"))
        turn.facts.append(fx.Answered(node.id, node.variable, None, "position"))
        self.mover.set_and_continue(turn, node, {"commune": commune.code_insee, "place": named.to_dict()})

    def citeslab_note(self, turn: Turn) -> None:
        """Not a QPV resident as far as we know: say who CitésLab is for, and where to find it."""
        citeslab = self.knowledge.catalogue.get("citeslab")
        url = (citeslab.annuaire or citeslab.lien) if citeslab is not None else None
        if url:
            turn.say(wording.CITESLAB_ELSEWHERE.get(turn.state.lang).format(url=url))
