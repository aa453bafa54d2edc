"""The pure dialog engine: ``step(state, event) -> (replies, new state, facts)``.

Synchronous, no I/O, no Telegram or database import: the conversation service loads and saves state,
the edges render replies. Everything a person can do is an `Event`; everything the engine says is a
`Reply`; everything worth counting is a `Fact`.

This module moves the conversation (enter a node, follow branches, ask, take an answer); the values it
acts on are computed by small modules: `reading` (what a text answers), `offers` (options pending),
`migration` (a state from another dialog version), `payload` (deep links), `variables` and `results`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, assert_never

from bot.dialogs.model import Branch, Dialog, Node
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.migration import Current, Migrated, Restart, migrate
from bot.engine.offers import Decline, Option, Retry, Skip, TakeChoice, TakePlace
from bot.engine.payload import read_payload
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
from bot.engine.replies import Button, Message, Reply
from bot.engine.results import after_result_buttons, show_result
from bot.engine.state import State
from bot.engine.variables import place_of, variables_of
from bot.knowledge.dispositifs import Catalogue
from bot.knowledge.types import Place, PlaceResolver, StructureFinder
from bot.matching.normalize import normalize

MAX_AUTO_STEPS = 50  # message nodes chained without an answer; the validator rejects cycles before this

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


@dataclass(frozen=True, slots=True)
class Knowledge:
    catalogue: Catalogue
    places: PlaceResolver | None = None
    structures: StructureFinder | None = None


@dataclass(frozen=True, slots=True)
class StepResult:
    replies: list[Reply]
    state: State
    facts: list[fx.Fact]
    # The event was a button of a step that is over (or of an option no longer offered): the replies
    # start with the stale-button notice and show the current step again.
    stale: bool = False


@dataclass
class _Turn:
    state: State
    replies: list[Reply] = field(default_factory=list)
    facts: list[fx.Fact] = field(default_factory=list)
    stale: bool = False

    def say(
        self,
        text: str,
        buttons: tuple[Button, ...] = (),
        *,
        request_location: bool = False,
    ) -> None:
        self.replies.append(Message(text, buttons, request_location))


class Engine:
    def __init__(
        self, dialog: Dialog, knowledge: Knowledge, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        self.dialog = dialog
        self.knowledge = knowledge
        self.today = today
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
            turn = _Turn(self.new_state())
            self._start(turn, event.payload)
            return self._done(turn)
        if state is None:
            turn = _Turn(self.new_state())
            turn.facts.append(fx.StateReset("missing"))
            self._start(turn, "")
            return self._done(turn)
        turn = _Turn(state)
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

    def _dispatch(self, turn: _Turn, event: ev.Event) -> None:
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
                self._enter(turn, self.dialog.start)
            case ev.Modify(node=node_id):
                self._on_modify(turn, node_id)
            case ev.Help():
                self._on_help(turn)
            case ev.Feedback(useful=useful):
                self._on_feedback(turn, useful)
            case ev.More():
                node = self._current(turn)
                if node is None or node.result is None:
                    self._resume(turn, None)
                else:
                    self._show_result(turn, node, more=True)
            case ev.Resume():
                self._resume(turn, None)
            case _:
                assert_never(event)

    def _adopt(self, turn: _Turn) -> bool:
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
                self._enter(turn, self.dialog.start)
                return False
            case Migrated(state=state, moved=moved):
                turn.state = state
                turn.facts.append(fx.StateReset("migrated"))
                if moved:
                    assert state.node is not None
                    turn.say(wording.DIALOG_CHANGED)
                    self._enter(turn, state.node)
                    return False
                return True
            case _:
                assert_never(migration)

    def _start(self, turn: _Turn, payload: str) -> None:
        read = read_payload(payload, self.knowledge.places)
        place = read.place
        turn.state = replace(self.new_state(read.source), preset_place=place.to_dict() if place else None)
        turn.facts.append(fx.ConversationStarted(read.source, place.code_qpv if place else None))
        self._enter(turn, self.dialog.start)

    def _on_choose(self, turn: _Turn, event: ev.Choose) -> None:
        node = self._current(turn)
        if node is None or node.id != event.node or node.choice(event.choice) is None:
            self._stale(turn)
            return
        self._answer_choice(turn, node, event.choice, "button")

    def _on_pick(self, turn: _Turn, event: ev.Pick) -> None:
        node = self._current(turn)
        options = turn.state.options
        if node is None or node.id != event.node or not 0 <= event.index < len(options):
            self._stale(turn)
            return
        self._apply_option(turn, node, options[event.index])

    def _on_text(self, turn: _Turn, raw: str) -> None:
        node = self._current(turn)
        if node is None or node.is_terminal:
            self._resume(turn, None)
            return
        text = raw.strip()
        if turn.state.options:
            option = read_offer(text, turn.state.options)
            if option is not None:
                self._apply_option(turn, node, option)
                return
            if not (node.input and node.input.kind == "lieu"):
                # a fresh answer instead of the confirmation: forget the offer and read it as an answer
                turn.state = replace(turn.state, options=(), prompt=None)
        if not node.is_question:
            self._resume(turn, None)
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
                self._answer_choice(turn, node, choice, outcome)
            case Value(value=value, outcome=outcome, notice=notice):
                if notice is not None:
                    turn.say(notice)
                turn.facts.append(fx.Answered(node.id, node.variable, None, outcome))
                self._set_and_continue(turn, node, value)
            case Offered(prompt=prompt, options=options):
                self._offer(turn, node, prompt, options)
            case Missed(message=message, unmatched=unmatched):
                self._miss(turn, node, unmatched, message)
            case _:
                assert_never(answer)

    def _on_location(self, turn: _Turn, lat: float, lon: float) -> None:
        node = self._current(turn)
        if node is None or node.input is None or node.input.kind != "lieu":
            self._resume(turn, None)
            return
        resolver = self.knowledge.places
        candidate = resolver.locate(lat, lon) if resolver else None
        if candidate is None:
            self._miss(turn, node, None, wording.POSITION_NOT_FOUND)
            return
        offered = offer_places([candidate], how="position")
        self._offer(turn, node, offered.prompt, offered.options)

    def _on_back(self, turn: _Turn) -> None:
        history = turn.state.history
        if not history:
            turn.say(wording.BACK_AT_START)
            self._resume(turn, None)
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
        self._enter(turn, previous)

    def _on_modify(self, turn: _Turn, node_id: str | None) -> None:
        history = turn.state.history
        if node_id is None:
            answered = [self.dialog.node(h) for h in history]
            if not answered:
                turn.say(wording.MODIFY_NOTHING)
                self._resume(turn, None)
                return
            buttons = tuple(
                Button(f"{self._title(n)} : {self._answer_label(n, turn.state)}", ev.Modify(n.id))
                for n in answered
            )
            turn.say(wording.MODIFY_WHICH, buttons)
            return
        if node_id not in history:
            self._stale(turn)
            return
        index = history.index(node_id)
        node = self.dialog.node(node_id)
        turn.state = replace(turn.state, history=history[:index], replaying=True, shown=0)
        if node.variable:
            turn.state = turn.state.without_answers({node.variable})
        self._enter(turn, node.id)

    def _on_help(self, turn: _Turn) -> None:
        node = self._current(turn)
        turn.say(node.help.get(turn.state.lang) if node is not None and node.help else wording.HELP_GENERIC)
        turn.facts.append(fx.HelpOffered(node.id if node else ""))
        self._resume(turn, None)

    def _on_feedback(self, turn: _Turn, useful: bool) -> None:
        turn.facts.append(fx.FeedbackGiven(useful))
        if useful:
            turn.say(wording.THANKS_USEFUL, (Button(wording.RESTART, ev.Restart()),))
        else:
            turn.say(wording.THANKS_NOT_USEFUL, after_result_buttons(feedback=False))

    # ---------------------------------------------------------------- answers

    def _offer(self, turn: _Turn, node: Node, prompt: str, options: tuple[Option, ...]) -> None:
        turn.state = replace(turn.state, options=options, prompt=prompt)
        turn.say(prompt, self._option_buttons(node, options))

    def _option_buttons(self, node: Node, options: tuple[Option, ...]) -> tuple[Button, ...]:
        return tuple(Button(o.label, ev.Pick(node.id, i)) for i, o in enumerate(options))

    def _apply_option(self, turn: _Turn, node: Node, option: Option) -> None:
        turn.state = replace(turn.state, options=(), prompt=None)
        action = option.action
        match action:
            case TakeChoice(choice=choice) if node.choice(choice) is not None:
                self._answer_choice(turn, node, choice, "confirmed")
            case TakePlace(place=raw, how=how):
                place = Place.from_dict(dict(raw))
                turn.facts.append(fx.PlaceResolved(place.code_insee, place.code_qpv, how))
                turn.facts.append(fx.Answered(node.id, node.variable, None, "place"))
                turn.state = turn.state.with_answer("qpv", place.code_qpv is not None)
                self._set_and_continue(turn, node, place.to_dict())
            case Skip():
                turn.facts.append(fx.Answered(node.id, node.variable, None, "skipped"))
                self._set_and_continue(turn, node, None)
            case Retry() if node.input is not None:
                turn.state = replace(turn.state, preset_place=None)
                self._ask(turn, node, wording.PLACE_RETRY)
            case TakeChoice() | Retry() | Decline():
                # "non" to a "did you mean" (or an offer that no longer fits): ask again with the buttons
                self._ask(turn, node)
            case _:
                assert_never(action)

    def _answer_choice(self, turn: _Turn, node: Node, choice_id: str, outcome: str) -> None:
        choice = node.choice(choice_id)
        assert choice is not None
        turn.facts.append(fx.Answered(node.id, node.variable, choice.id, outcome))
        self._set_and_continue(turn, node, choice.value, choice.next or node.next)

    def _set_and_continue(
        self, turn: _Turn, node: Node, value: Any, branches: tuple[Branch, ...] | None = None
    ) -> None:
        state = turn.state
        if node.variable:
            state = state.with_answer(node.variable, value)
        turn.state = replace(state, history=(*state.history, node.id), misses=0, options=(), prompt=None)
        self._follow(turn, node, node.next if branches is None else branches)

    def _miss(self, turn: _Turn, node: Node, text: str | None, message: str | None) -> None:
        misses = turn.state.misses + 1
        turn.state = replace(turn.state, misses=misses, options=(), prompt=None)
        turn.facts.append(fx.Answered(node.id, node.variable, None, "unmatched", text))
        if misses >= 3:
            turn.facts.append(fx.HelpOffered(node.id))
            help_text = node.help.get(turn.state.lang) if node.help else None
            turn.say(f"{help_text}\n\n{wording.OFFER_HELP}" if help_text else wording.OFFER_HELP)
        self._ask(
            turn,
            node,
            message or (wording.NOT_UNDERSTOOD if misses == 1 else wording.NOT_UNDERSTOOD_AGAIN),
            skip=node.input is not None and node.input.kind == "lieu" and misses >= 2,
        )

    # ---------------------------------------------------------------- moving through the graph

    def _follow(self, turn: _Turn, node: Node, branches: tuple[Branch, ...]) -> None:
        target = self._choose_branch(turn.state, branches)
        if target is None:
            turn.say(
                wording.NO_WAY_FORWARD,
                (Button(wording.BACK, ev.Back()), Button(wording.RESTART, ev.Restart())),
            )
            turn.facts.append(fx.ErrorOccurred("no_branch"))
            return
        self._enter(turn, target)

    def _choose_branch(self, state: State, branches: tuple[Branch, ...]) -> str | None:
        variables = self.variables(state)
        for branch in branches:
            if branch.condition is None or branch.condition.evaluate(variables):
                return branch.target if branch.target in self.dialog.nodes else None
        return None

    def _enter(self, turn: _Turn, node_id: str) -> None:
        for _ in range(MAX_AUTO_STEPS):
            node = self.dialog.node(node_id)
            turn.state = replace(turn.state, node=node.id, misses=0, options=(), prompt=None)
            turn.facts.append(fx.NodeReached(node.id))
            if node.result is not None:
                turn.state = replace(turn.state, replaying=False, shown=0)
                self._show_result(turn, node, more=False)
                return
            if node.end:
                turn.state = replace(turn.state, replaying=False)
                turn.facts.append(fx.Completed(node.id))
                turn.say(node.text.get(turn.state.lang), (Button(wording.RESTART, ev.Restart()),))
                return
            if node.is_question:
                if self._replay(turn, node):
                    return
                self._ask(turn, node)
                return
            turn.say(node.text.get(turn.state.lang))
            target = self._choose_branch(turn.state, node.next)
            if target is None:
                self._follow(turn, node, ())
                return
            node_id = target
        turn.facts.append(fx.ErrorOccurred("loop"))
        turn.say(wording.NO_WAY_FORWARD, (Button(wording.RESTART, ev.Restart()),))

    def _replay(self, turn: _Turn, node: Node) -> bool:
        """While modifying one answer, reuse the later answers that still fit, up to the result."""
        state = turn.state
        if not state.replaying or not node.variable or node.variable not in state.answers:
            return False
        value = state.answers[node.variable]
        if node.choices:
            choice = next((c for c in node.choices if c.value == value), None)
            if choice is None:
                return False
            turn.state = replace(state, history=(*state.history, node.id))
            self._follow(turn, node, choice.next or node.next)
            return True
        turn.state = replace(state, history=(*state.history, node.id))
        self._follow(turn, node, node.next)
        return True

    def _ask(self, turn: _Turn, node: Node, lead: str | None = None, *, skip: bool = False) -> None:
        lang = turn.state.lang
        if node.input is not None and node.input.kind == "lieu" and turn.state.preset_place and not lead:
            place = Place.from_dict(turn.state.preset_place)
            options: tuple[Option, ...] = (
                Option(wording.YES, TakePlace(place.to_dict(), "deeplink")),
                Option(wording.NO, Retry()),
            )
            self._offer(turn, node, wording.PRESET_PLACE.format(label=place.label()), options)
            return
        text = node.text.get(lang) if lead is None else f"{lead}\n\n{node.text.get(lang)}"
        buttons = tuple(Button(c.label.get(lang), ev.Choose(node.id, c.id)) for c in node.choices)
        if node.input is not None and (node.input.optional or skip):
            skip_option = (Option(wording.SKIP, Skip()),)
            turn.state = replace(turn.state, options=skip_option, prompt=text)
            buttons = self._option_buttons(node, skip_option)
        turn.say(
            text,
            buttons,
            request_location=node.input is not None and node.input.kind == "lieu",
        )

    def _resume(self, turn: _Turn, lead: str | None) -> None:
        node = self._current(turn)
        if node is None:
            self._enter(turn, self.dialog.start)
            return
        if turn.state.options and turn.state.prompt:
            turn.say(turn.state.prompt, self._option_buttons(node, turn.state.options))
        elif node.result is not None:
            self._show_result(turn, node, more=False, repeat=True)
        elif node.end:
            turn.say(node.text.get(turn.state.lang), (Button(wording.RESTART, ev.Restart()),))
        else:
            self._ask(turn, node, lead)

    def _stale(self, turn: _Turn) -> None:
        turn.stale = True
        turn.say(wording.STALE_BUTTON)
        self._resume(turn, None)

    def _show_result(self, turn: _Turn, node: Node, *, more: bool, repeat: bool = False) -> None:
        shown = show_result(
            node,
            lang=turn.state.lang,
            catalogue=self.knowledge.catalogue,
            structures=self.knowledge.structures,
            variables=self.variables(turn.state),
            place=self.place(turn.state),
            today=self.today(),
            start=turn.state.shown if more else 0,
            more=more,
            repeat=repeat,
        )
        turn.replies.extend(shown.replies)
        turn.facts.extend(shown.facts)
        turn.state = replace(turn.state, shown=shown.shown)

    # ---------------------------------------------------------------- helpers

    def _current(self, turn: _Turn) -> Node | None:
        node_id = turn.state.node
        return self.dialog.nodes.get(node_id) if node_id else None

    def _title(self, node: Node) -> str:
        return (node.title or node.text).get("fr").split("\n")[0][:40]

    def _answer_label(self, node: Node, state: State) -> str:
        value = state.answers.get(node.variable or "")
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

    def _done(self, turn: _Turn) -> StepResult:
        return StepResult(turn.replies, turn.state, turn.facts, turn.stale)
