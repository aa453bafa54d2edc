"""Moving a conversation: enter a node, follow its branches, ask its question, take an answer, show a
result. Used by the `Engine` for every event; changes only the `Turn` it is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, assert_never

from bot.dialogs.model import Branch, Dialog, Node
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.offers import Decline, Option, Retry, Skip, TakeChoice, TakePlace, TakeQuartier
from bot.engine.quartier import Quartiers, mark_commune
from bot.engine.replies import Button
from bot.engine.results import Offer, ResultView, show_result
from bot.engine.state import State
from bot.engine.turn import Knowledge, Turn, in_language, localized
from bot.engine.variables import place_of, variables_of
from bot.knowledge.types import Place

MAX_AUTO_STEPS = 50  # message nodes chained without an answer; the validator rejects cycles before this


class Flow:
    def __init__(
        self,
        dialog: Dialog,
        knowledge: Knowledge,
        today: Callable[[], dt.date],
        *,
        offer_followup: bool = False,
    ) -> None:
        self.dialog = dialog
        self.knowledge = knowledge
        self.today = today
        # the channel can write a week later (Telegram): ask « Je te redemande dans une semaine ? »
        self.offer_followup = offer_followup
        self.quartiers = Quartiers(dialog, knowledge, self)

    # ---------------------------------------------------------------- answers

    def offer(self, turn: Turn, node: Node, prompt: str, options: tuple[Option, ...]) -> None:
        lang = turn.state.lang
        prompt = in_language(prompt, lang)
        options = tuple(replace(o, label=in_language(o.label, lang)) for o in options)
        turn.state = replace(turn.state, options=options, prompt=prompt)
        turn.say(prompt, self.option_buttons(node, options))

    def option_buttons(self, node: Node, options: tuple[Option, ...]) -> tuple[Button, ...]:
        return tuple(Button(o.label, ev.Pick(node.id, i)) for i, o in enumerate(options))

    def apply_option(self, turn: Turn, node: Node, option: Option) -> None:
        turn.state = replace(turn.state, options=(), prompt=None)
        action = option.action
        match action:
            case TakeChoice(choice=choice) if node.choice(choice) is not None:
                self.answer_choice(turn, node, choice, "confirmed")
            case TakePlace(place=raw, how=how):
                place = Place.from_dict(dict(raw))
                turn.facts.append(fx.PlaceResolved(place.code_insee, place.code_qpv, how))
                turn.facts.append(fx.Answered(node.id, node.variable, None, "place"))
                turn.state = turn.state.with_answer("qpv", place.code_qpv is not None)
                self.set_and_continue(turn, node, mark_commune(place.to_dict(), how, self.knowledge))
            case TakeQuartier(place=chosen):
                self.quartiers.take(turn, node, chosen)
            case Skip():
                turn.facts.append(fx.Answered(node.id, node.variable, None, "skipped"))
                self.set_and_continue(turn, node, None)
            case Retry() if node.input is not None:
                turn.state = replace(turn.state, preset_place=None)
                self.ask(turn, node, wording.PLACE_RETRY)
            case TakeChoice() | Retry() | Decline():
                # "non" to a "did you mean" (or an offer that no longer fits): ask again with the buttons
                self.ask(turn, node)
            case _:
                assert_never(action)

    def answer_choice(self, turn: Turn, node: Node, choice_id: str, outcome: str) -> None:
        choice = node.choice(choice_id)
        assert choice is not None
        turn.facts.append(fx.Answered(node.id, node.variable, choice.id, outcome))
        self.set_and_continue(turn, node, choice.value, choice.next or node.next)

    def set_and_continue(
        self, turn: Turn, node: Node, value: Any, branches: tuple[Branch, ...] | None = None
    ) -> None:
        state = turn.state
        if node.variable:
            state = state.with_answer(node.variable, value)
        turn.state = replace(state, history=(*state.history, node.id), misses=0, options=(), prompt=None)
        self.follow(turn, node, node.next if branches is None else branches)

    def miss(self, turn: Turn, node: Node, text: str | None, message: str | None) -> None:
        misses = turn.state.misses + 1
        turn.state = replace(turn.state, misses=misses, options=(), prompt=None)
        turn.facts.append(fx.Answered(node.id, node.variable, None, "unmatched", text))
        if misses >= 3:
            turn.facts.append(fx.HelpOffered(node.id))
            help_text = node.help.get(turn.state.lang) if node.help else None
            offer_help = wording.OFFER_HELP.get(turn.state.lang)
            turn.say(f"{help_text}\n\n{offer_help}" if help_text else offer_help)
        self.ask(
            turn,
            node,
            message or (wording.NOT_UNDERSTOOD if misses == 1 else wording.NOT_UNDERSTOOD_AGAIN),
            skip=node.input is not None and node.input.kind == "lieu" and misses >= 2,
        )

    # ---------------------------------------------------------------- moving through the graph

    def follow(self, turn: Turn, node: Node, branches: tuple[Branch, ...]) -> None:
        target = self.choose_branch(turn.state, branches)
        if target is None:
            turn.say(
                wording.NO_WAY_FORWARD,
                (Button(wording.BACK, ev.Back()), Button(wording.RESTART, ev.Restart())),
            )
            turn.facts.append(fx.ErrorOccurred("no_branch"))
            return
        self.enter(turn, target)

    def choose_branch(self, state: State, branches: tuple[Branch, ...]) -> str | None:
        variables = variables_of(self.dialog, state)
        for branch in branches:
            if branch.condition is None or branch.condition.evaluate(variables):
                return branch.target if branch.target in self.dialog.nodes else None
        return None

    def enter(self, turn: Turn, node_id: str) -> None:
        for _ in range(MAX_AUTO_STEPS):
            node = self.dialog.node(node_id)
            turn.state = replace(turn.state, node=node.id, misses=0, options=(), prompt=None)
            turn.facts.append(fx.NodeReached(node.id))
            if node.result is not None:
                turn.state = replace(turn.state, replaying=False, shown=0)
                self.show_result(turn, node, more=False)
                return
            if node.end:
                turn.state = replace(turn.state, replaying=False)
                turn.facts.append(fx.Completed(node.id))
                turn.say(node.text.get(turn.state.lang), (Button(wording.RESTART, ev.Restart()),))
                return
            if node.is_question:
                if self.replay(turn, node):
                    return
                self.ask(turn, node)
                return
            turn.say(node.text.get(turn.state.lang))
            target = self.choose_branch(turn.state, node.next)
            if target is None:
                self.follow(turn, node, ())
                return
            node_id = target
        turn.facts.append(fx.ErrorOccurred("loop"))
        turn.say(wording.NO_WAY_FORWARD, (Button(wording.RESTART, ev.Restart()),))

    def replay(self, turn: Turn, node: Node) -> bool:
        """While modifying one answer, reuse the later answers that still fit, up to the result."""
        state = turn.state
        if not state.replaying or not node.variable or node.variable not in state.answers:
            return False
        value = state.answers[node.variable]
        if node.input is not None and node.input.kind == "quartier" and not self.quartiers.fits(turn, value):
            return False
        if node.choices:
            choice = next((c for c in node.choices if c.value == value), None)
            if choice is None:
                return False
            turn.state = replace(state, history=(*state.history, node.id))
            self.follow(turn, node, choice.next or node.next)
            return True
        turn.state = replace(state, history=(*state.history, node.id))
        self.follow(turn, node, node.next)
        return True

    def ask(self, turn: Turn, node: Node, lead: str | None = None, *, skip: bool = False) -> None:
        lang = turn.state.lang
        if node.input is not None and node.input.kind == "quartier":
            self.quartiers.ask(turn, node, lead)
            return
        if node.input is not None and node.input.kind == "lieu" and turn.state.preset_place and not lead:
            place = Place.from_dict(turn.state.preset_place)
            options: tuple[Option, ...] = (
                Option(wording.YES, TakePlace(place.to_dict(), "deeplink")),
                Option(wording.NO, Retry()),
            )
            self.offer(turn, node, wording.PRESET_PLACE.get(lang).format(label=place.label()), options)
            return
        if lead is not None:
            lead = in_language(lead, lang)
        text = node.text.get(lang) if lead is None else f"{lead}\n\n{node.text.get(lang)}"
        buttons = tuple(Button(c.label.get(lang), ev.Choose(node.id, c.id)) for c in node.choices)
        if node.input is not None and (node.input.optional or skip):
            skip_option = (Option(wording.SKIP.get(lang), Skip()),)
            turn.state = replace(turn.state, options=skip_option, prompt=text)
            buttons = self.option_buttons(node, skip_option)
        turn.say(
            text,
            buttons,
            request_location=node.input is not None and node.input.kind == "lieu",
        )

    def resume(self, turn: Turn, lead: str | None) -> None:
        node = self.current(turn)
        if node is None:
            self.enter(turn, self.dialog.start)
            return
        if node.input is not None and node.input.kind == "quartier":
            self.quartiers.ask(turn, node, lead)  # its buttons again, with the position button
        elif turn.state.options and turn.state.prompt:
            turn.say(turn.state.prompt, self.option_buttons(node, turn.state.options))
        elif node.result is not None:
            self.show_result(turn, node, more=False, repeat=True)
        elif node.end:
            turn.say(node.text.get(turn.state.lang), (Button(wording.RESTART, ev.Restart()),))
        else:
            self.ask(turn, node, lead)

    def stale(self, turn: Turn) -> None:
        turn.stale = True
        turn.say(wording.STALE_BUTTON)
        self.resume(turn, None)

    def show_result(self, turn: Turn, node: Node, *, more: bool, repeat: bool = False) -> None:
        state = turn.state
        start = state.shown if more else 0
        view = ResultView(node, variables_of(self.dialog, state), place_of(self.dialog, state), state.lang)
        shown = show_result(
            view,
            catalogue=self.knowledge.catalogue,
            structures=self.knowledge.structures,
            today=self.today(),
            start=start,
            more=more,
            repeat=repeat,
            offer=Offer(feedback=not state.feedback, pinned=state.pinned),
        )
        turn.replies.extend(localized(reply, turn.state.lang) for reply in shown.replies)
        turn.facts.extend(shown.facts)
        page = start if shown.shown > start else state.page
        last = {"node": node.id, "answers": dict(state.answers)}
        turn.state = replace(turn.state, shown=shown.shown, page=page, last_result=last, pinned=shown.pinned)
        if self.offer_followup and not repeat and not more and shown.shown and turn.state.followup is None:
            self.ask_followup(turn)

    def ask_followup(self, turn: Turn) -> None:
        """« Je te redemande dans une semaine si tu as pu y aller ? » (Oui / Non merci), once per result."""
        turn.state = replace(turn.state, followup="asked")
        turn.say(
            wording.FOLLOWUP_ASK,
            (
                Button(wording.FOLLOWUP_YES, ev.FollowUp(True)),
                Button(wording.FOLLOWUP_NO, ev.FollowUp(False)),
            ),
        )

    def current(self, turn: Turn) -> Node | None:
        return self.current_node(turn.state)

    def current_node(self, state: State) -> Node | None:
        return self.dialog.nodes.get(state.node) if state.node else None
