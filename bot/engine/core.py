"""The pure dialog engine: ``step(state, event) -> (replies, new state, facts)``.

Synchronous, no I/O, no Telegram or database import: the conversation service loads and saves state,
the edges render replies. Everything a person can do is an `Event`; everything the engine says is a
`Reply`; everything worth counting is a `Fact`.

This module is the entry point: it starts, adopts a saved state and dispatches each event. `flow` moves
the conversation (enter a node, follow branches, ask, take an answer); the values they act on are computed
by small modules: `reading` (what a text answers), `offers` (options pending), `migration` (a state from
another dialog version), `payload` (deep links), `variables` and `results`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, assert_never

from bot.dialogs.model import Dialog, Node
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.flow import Flow
from bot.engine.migration import Current, Migrated, Restart, migrate
from bot.engine.payload import read_payload
from bot.engine.quartier import answer_label
from bot.engine.reading import (
    Chosen,
    Missed,
    Offered,
    Value,
    choice_matcher,
    offer_places,
    read_answer,
    read_offer,
)
from bot.engine.replies import Button
from bot.engine.results import after_result_buttons
from bot.engine.state import State
from bot.engine.turn import Knowledge, StepResult, Turn
from bot.engine.variables import place_of, variables_of
from bot.knowledge.types import Place
from bot.matching.normalize import normalize

__all__ = ["Engine", "Knowledge", "StepResult"]  # Knowledge and StepResult live in `turn`

WORD_COMMANDS: dict[str, Callable[[], ev.Event]] = {
    "retour": ev.Back,
    "revenir": ev.Back,
    "precedent": ev.Back,
    "recommencer": ev.Restart,
    "restart": ev.Restart,
    "reset": ev.Restart,
    "aide": ev.Help,
    "help": ev.Help,
    "a l aide": ev.Help,
}


class Engine:
    def __init__(
        self, dialog: Dialog, knowledge: Knowledge, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        self.dialog = dialog
        self.knowledge = knowledge
        self.today = today
        self.flow = Flow(dialog, knowledge, today)
        self._matchers = {node.id: choice_matcher(node) for node in dialog.nodes.values() if node.choices}

    # ---------------------------------------------------------------- public API

    @property
    def version(self) -> str:
        return self.dialog.version

    def new_state(self, source: str | None = None) -> State:
        return State(dialog=self.dialog.id, version=self.dialog.version, source=source)

    def restore(self, data: Mapping[str, Any] | None) -> State | None:
        """A saved dict back to a State, or None when absent or unreadable (the next step restarts)."""
        if not data:
            return None
        try:
            return State.from_dict(data)
        except (KeyError, TypeError, ValueError):
            return None

    def step(self, state: State | None, event: ev.Event) -> StepResult:
        if isinstance(event, ev.Start):
            turn = Turn(self.new_state())
            self._start(turn, event.payload)
            return self._done(turn)
        if state is None:
            turn = Turn(self.new_state())
            turn.facts.append(fx.StateReset("missing"))
            self._start(turn, "")
            return self._done(turn)
        turn = Turn(state)
        if not self._adopt(turn):
            return self._done(turn)
        if isinstance(event, ev.Text):
            event = self._word_command(event)
        self._dispatch(turn, event)
        return self._done(turn)

    def variables(self, state: State) -> dict[str, Any]:
        """What conditions and reasons can use: the answers, plus `qpv`, `commune`, `quartier`."""
        return variables_of(self.dialog, state)

    def place(self, state: State) -> Place | None:
        return place_of(self.dialog, state)

    # ---------------------------------------------------------------- events

    def _dispatch(self, turn: Turn, event: ev.Event) -> None:
        match event:
            case ev.Start(payload=payload):
                self._start(turn, payload)
            case ev.Choose():
                self._on_choose(turn, event)
            case ev.Pick():
                self._on_pick(turn, event)
            case ev.Text(text=text):
                self._on_text(turn, text)
            case ev.Location(lat=lat, lon=lon):
                self._on_location(turn, lat, lon)
            case ev.Back():
                self._on_back(turn)
            case ev.Restart():
                turn.state = self.new_state(turn.state.source)
                turn.facts.append(fx.Restarted())
                self.flow.enter(turn, self.dialog.start)
            case ev.Modify(node=node_id):
                self._on_modify(turn, node_id)
            case ev.Help():
                self._on_help(turn)
            case ev.Feedback(useful=useful):
                self._on_feedback(turn, useful)
            case ev.More():
                node = self.flow.current(turn)
                if node is None or node.result is None:
                    self.flow.resume(turn, None)
                else:
                    self.flow.show_result(turn, node, more=True)
            case ev.Resume():
                self.flow.resume(turn, None)
            case _:
                assert_never(event)

    def _adopt(self, turn: Turn) -> bool:
        """Make a state from another dialog version usable; False when it had to restart."""
        migration = migrate(turn.state, self.dialog)
        match migration:
            case Current():
                return True
            case Restart(reason="other_dialog"):
                turn.state = self.new_state(turn.state.source)
                turn.facts.append(fx.StateReset("other_dialog"))
                self._start(turn, "")
                return False
            case Restart(reason=reason):
                turn.state = self.new_state(turn.state.source)
                turn.facts.append(fx.StateReset(reason))
                turn.say(wording.DIALOG_CHANGED_RESTART)
                self.flow.enter(turn, self.dialog.start)
                return False
            case Migrated(state=state, moved=moved):
                turn.state = state
                turn.facts.append(fx.StateReset("migrated"))
                if moved:
                    assert state.node is not None
                    turn.say(wording.DIALOG_CHANGED)
                    self.flow.enter(turn, state.node)
                    return False
                return True
            case _:
                assert_never(migration)

    def _start(self, turn: Turn, payload: str) -> None:
        read = read_payload(payload, self.knowledge.places)
        place = read.place
        turn.state = replace(self.new_state(read.source), preset_place=place.to_dict() if place else None)
        turn.facts.append(fx.ConversationStarted(read.source, place.code_qpv if place else None))
        self.flow.enter(turn, self.dialog.start)

    def _on_choose(self, turn: Turn, event: ev.Choose) -> None:
        node = self.flow.current(turn)
        if node is None or node.id != event.node or node.choice(event.choice) is None:
            self.flow.stale(turn)
            return
        self.flow.answer_choice(turn, node, event.choice, "button")

    def _on_pick(self, turn: Turn, event: ev.Pick) -> None:
        node = self.flow.current(turn)
        options = turn.state.options
        if node is None or node.id != event.node or not 0 <= event.index < len(options):
            self.flow.stale(turn)
            return
        self.flow.apply_option(turn, node, options[event.index])

    def _on_text(self, turn: Turn, raw: str) -> None:
        node = self.flow.current(turn)
        if node is None or node.is_terminal:
            self.flow.resume(turn, None)
            return
        text = raw.strip()
        if node.input is not None and node.input.kind == "quartier":
            self.flow.quartiers.on_text(turn, node, text)
            return
        if turn.state.options:
            option = read_offer(text, turn.state.options)
            if option is not None:
                self.flow.apply_option(turn, node, option)
                return
            if not (node.input and node.input.kind == "lieu"):
                # a fresh answer instead of the confirmation: forget the offer and read it as an answer
                turn.state = replace(turn.state, options=(), prompt=None)
        if not node.is_question:
            self.flow.resume(turn, None)
            return
        answer = read_answer(
            node,
            text,
            matcher=self._matchers.get(node.id),
            places=self.knowledge.places,
            lang=turn.state.lang,
            misses=turn.state.misses,
        )
        match answer:
            case Chosen(choice=choice, outcome=outcome):
                self.flow.answer_choice(turn, node, choice, outcome)
            case Value(value=value, outcome=outcome, notice=notice):
                if notice is not None:
                    turn.say(notice)
                turn.facts.append(fx.Answered(node.id, node.variable, None, outcome))
                self.flow.set_and_continue(turn, node, value)
            case Offered(prompt=prompt, options=options):
                self.flow.offer(turn, node, prompt, options)
            case Missed(message=message, unmatched=unmatched):
                self.flow.miss(turn, node, unmatched, message)
            case _:
                assert_never(answer)

    def _on_location(self, turn: Turn, lat: float, lon: float) -> None:
        node = self.flow.current(turn)
        if node is not None and node.input is not None and node.input.kind == "quartier":
            self.flow.quartiers.on_location(turn, node, lat, lon)
            return
        if node is None or node.input is None or node.input.kind != "lieu":
            self.flow.resume(turn, None)
            return
        resolver = self.knowledge.places
        candidate = resolver.locate(lat, lon) if resolver else None
        if candidate is None:
            self.flow.miss(turn, node, None, wording.POSITION_NOT_FOUND)
            return
        offered = offer_places([candidate], how="position")
        self.flow.offer(turn, node, offered.prompt, offered.options)

    def _on_back(self, turn: Turn) -> None:
        history = turn.state.history
        if not history:
            turn.say(wording.BACK_AT_START)
            self.flow.resume(turn, None)
            return
        previous = history[-1]
        node = self.dialog.node(previous)
        forget = {node.variable} if node.variable else set()
        if node.input and node.input.kind == "lieu":
            forget.add("qpv")
        turn.state = replace(
            turn.state.without_answers(forget), history=history[:-1], replaying=False, shown=0
        )
        turn.facts.append(fx.WentBack(previous))
        self.flow.enter(turn, previous)

    def _on_modify(self, turn: Turn, node_id: str | None) -> None:
        history = turn.state.history
        if node_id is None:
            answered = [self.dialog.node(h) for h in history]
            if not answered:
                turn.say(wording.MODIFY_NOTHING)
                self.flow.resume(turn, None)
                return
            buttons = tuple(
                Button(f"{self._title(n)} : {self._answer_label(n, turn.state)}", ev.Modify(n.id))
                for n in answered
            )
            turn.say(wording.MODIFY_WHICH, buttons)
            return
        if node_id not in history:
            self.flow.stale(turn)
            return
        index = history.index(node_id)
        node = self.dialog.node(node_id)
        turn.state = replace(turn.state, history=history[:index], replaying=True, shown=0)
        if node.variable:
            turn.state = turn.state.without_answers({node.variable})
        self.flow.enter(turn, node.id)

    def _on_help(self, turn: Turn) -> None:
        node = self.flow.current(turn)
        turn.say(node.help.get(turn.state.lang) if node is not None and node.help else wording.HELP_GENERIC)
        turn.facts.append(fx.HelpOffered(node.id if node else ""))
        self.flow.resume(turn, None)

    def _on_feedback(self, turn: Turn, useful: bool) -> None:
        turn.facts.append(fx.FeedbackGiven(useful))
        if useful:
            turn.say(wording.THANKS_USEFUL, (Button(wording.RESTART, ev.Restart()),))
        else:
            turn.say(wording.THANKS_NOT_USEFUL, after_result_buttons(feedback=False))

    # ---------------------------------------------------------------- helpers

    def _title(self, node: Node) -> str:
        return (node.title or node.text).get("fr").split("\n")[0][:40]

    def _answer_label(self, node: Node, state: State) -> str:
        value = state.answers.get(node.variable or "")
        if node.input is not None and node.input.kind == "quartier":
            return answer_label(value)
        if node.choices:
            choice = next((c for c in node.choices if c.value == value), None)
            return choice.label.get(state.lang) if choice else "—"
        if isinstance(value, Mapping):
            return str(value.get("commune", "—"))
        return "—" if value is None else str(value)[:30]

    def _word_command(self, event: ev.Text) -> ev.Event:
        word = normalize(event.text).lstrip("/")
        factory = WORD_COMMANDS.get(word)
        return factory() if factory else event

    def _done(self, turn: Turn) -> StepResult:
        return StepResult(turn.replies, turn.state, turn.facts, turn.stale)
