"""The pure dialog engine: ``step(state, event) -> (replies, new state, facts)``.

Synchronous, no I/O, no Telegram or database import: the conversation service loads and saves state,
the edges render replies. Everything a person can do is an `Event`; everything the engine says is a
`Reply`; everything worth counting is a `Fact`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, ClassVar

from bot.dialogs.model import Branch, Dialog, Node
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.cards import build_cards
from bot.engine.replies import Button, Message, Reply
from bot.engine.state import Option, State
from bot.knowledge.dispositifs import Catalogue
from bot.knowledge.types import Place, PlaceCandidate, PlaceResolver, StructureFinder
from bot.matching.choices import ChoiceMatcher
from bot.matching.choices import Option as MatchOption
from bot.matching.normalize import normalize, numbers_in

MAX_AUTO_STEPS = 50  # message nodes chained without an answer; the validator rejects cycles before this
PLACE_CLEAR = 90.0
PLACE_MARGIN = 10.0
MAX_PLACE_BUTTONS = 5
MAX_TEXT = 200
SOURCE_TAG = re.compile(r"^[a-z0-9_-]{1,40}$")
QPV_CODE = re.compile(r"^Q[A-Z0-9]{7}$")

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
YES_WORDS = {
    "oui",
    "yes",
    "ok",
    "d accord",
    "exact",
    "c est ca",
    "ca",
    "voila",
    "carrement",
    "grave",
    "yep",
}
NO_WORDS = {"non", "no", "pas du tout", "pas ca", "c est pas ca", "nope", "non merci"}


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


@dataclass
class _Turn:
    state: State
    replies: list[Reply] = field(default_factory=list)
    facts: list[fx.Fact] = field(default_factory=list)

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
        self._matchers = {
            node.id: ChoiceMatcher(
                [
                    MatchOption(c.id, (*c.label.translations.values(), *c.synonyms), c.numbers)
                    for c in node.choices
                ]
            )
            for node in dialog.nodes.values()
            if node.choices
        }

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
        handler = self._handlers[type(event)]
        handler(self, turn, event)
        return self._done(turn)

    # ---------------------------------------------------------------- versions

    def _adopt(self, turn: _Turn) -> bool:
        """Make a state from another dialog version usable; False when it had to restart."""
        state = turn.state
        same = state.dialog == self.dialog.id and state.version == self.dialog.version
        if same and (state.node is None or state.node in self.dialog.nodes):
            return True
        if state.dialog != self.dialog.id:
            turn.state = self.new_state(state.source)
            turn.facts.append(fx.StateReset("other_dialog"))
            self._start(turn, "")
            return False
        known = self.dialog.nodes
        variables = {n.variable for n in known.values() if n.variable} | {"qpv"}
        history = tuple(h for h in state.history if h in known)
        answers = {k: v for k, v in state.answers.items() if k in variables}
        target = state.node if state.node in known else (history[-1] if history else None)
        if target is None:
            turn.state = self.new_state(state.source)
            turn.facts.append(fx.StateReset("node_gone"))
            turn.say(wording.DIALOG_CHANGED_RESTART)
            self._enter(turn, self.dialog.start)
            return False
        if target != state.node and history and history[-1] == target:
            history = history[:-1]
        turn.state = replace(
            state,
            version=self.dialog.version,
            node=target,
            history=history,
            answers=MappingProxyType(answers),
            options=(),
            prompt=None,
            misses=0,
        )
        turn.facts.append(fx.StateReset("migrated"))
        if target != state.node:
            turn.say(wording.DIALOG_CHANGED)
            self._enter(turn, target)
            return False
        return True

    # ---------------------------------------------------------------- event handlers

    def _start(self, turn: _Turn, payload: str) -> None:
        source, qpv_place = self._read_payload(payload)
        turn.state = replace(self.new_state(source), preset_place=qpv_place.to_dict() if qpv_place else None)
        turn.facts.append(fx.ConversationStarted(source, qpv_place.code_qpv if qpv_place else None))
        self._enter(turn, self.dialog.start)

    def _read_payload(self, payload: str) -> tuple[str | None, Place | None]:
        payload = payload.strip()
        if payload.startswith("src_") and SOURCE_TAG.match(payload[4:].lower()):
            return payload[4:].lower(), None
        if payload.startswith("qpv_") and QPV_CODE.match(payload[4:].upper()) and self.knowledge.places:
            place = self.knowledge.places.qpv(payload[4:].upper())
            if place is not None:
                return "qpv_" + place.code_qpv if place.code_qpv else None, place
        return None, None

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

    def _on_text(self, turn: _Turn, event: ev.Text) -> None:
        node = self._current(turn)
        if node is None or node.is_terminal:
            self._resume(turn, None)
            return
        text = event.text.strip()
        if turn.state.options:
            option = self._match_option(text, turn.state.options)
            if option is not None:
                self._apply_option(turn, node, option)
                return
            if not (node.input and node.input.kind == "lieu"):
                # a fresh answer instead of the confirmation: forget the offer and read it as an answer
                turn.state = replace(turn.state, options=(), prompt=None)
        if node.choices:
            self._text_for_choices(turn, node, text)
        elif node.input is not None and node.input.kind == "nombre":
            self._text_for_number(turn, node, text)
        elif node.input is not None and node.input.kind == "lieu":
            self._text_for_place(turn, node, text)
        elif node.input is not None:
            self._text_for_text(turn, node, text)
        else:
            self._resume(turn, None)

    def _on_location(self, turn: _Turn, event: ev.Location) -> None:
        node = self._current(turn)
        if node is None or node.input is None or node.input.kind != "lieu":
            self._resume(turn, None)
            return
        resolver = self.knowledge.places
        candidate = resolver.locate(event.lat, event.lon) if resolver else None
        if candidate is None:
            self._miss(turn, node, None, wording.POSITION_NOT_FOUND)
            return
        self._offer_places(turn, node, [candidate], how="position")

    def _on_back(self, turn: _Turn, event: ev.Back) -> None:
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

    def _on_restart(self, turn: _Turn, event: ev.Restart) -> None:
        turn.state = self.new_state(turn.state.source)
        turn.facts.append(fx.Restarted())
        self._enter(turn, self.dialog.start)

    def _on_modify(self, turn: _Turn, event: ev.Modify) -> None:
        history = turn.state.history
        if event.node is None:
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
        if event.node not in history:
            self._stale(turn)
            return
        index = history.index(event.node)
        node = self.dialog.node(event.node)
        turn.state = replace(turn.state, history=history[:index], replaying=True, shown=0)
        if node.variable:
            turn.state = turn.state.without_answers({node.variable})
        self._enter(turn, node.id)

    def _on_help(self, turn: _Turn, event: ev.Help) -> None:
        node = self._current(turn)
        turn.say(node.help.get(turn.state.lang) if node is not None and node.help else wording.HELP_GENERIC)
        turn.facts.append(fx.HelpOffered(node.id if node else ""))
        self._resume(turn, None)

    def _on_feedback(self, turn: _Turn, event: ev.Feedback) -> None:
        turn.facts.append(fx.FeedbackGiven(event.useful))
        if event.useful:
            turn.say(wording.THANKS_USEFUL, (Button(wording.RESTART, ev.Restart()),))
        else:
            turn.say(wording.THANKS_NOT_USEFUL, self._after_result_buttons(feedback=False))

    def _on_more(self, turn: _Turn, event: ev.More) -> None:
        node = self._current(turn)
        if node is None or node.result is None:
            self._resume(turn, None)
            return
        self._show_result(turn, node, more=True)

    def _on_resume(self, turn: _Turn, event: ev.Resume) -> None:
        self._resume(turn, None)

    _handlers: ClassVar[dict[type, Callable[[Engine, _Turn, Any], None]]] = {
        ev.Choose: _on_choose,
        ev.Pick: _on_pick,
        ev.Text: _on_text,
        ev.Location: _on_location,
        ev.Back: _on_back,
        ev.Restart: _on_restart,
        ev.Modify: _on_modify,
        ev.Help: _on_help,
        ev.Feedback: _on_feedback,
        ev.More: _on_more,
        ev.Resume: _on_resume,
    }

    # ---------------------------------------------------------------- answers

    def _text_for_choices(self, turn: _Turn, node: Node, text: str) -> None:
        match = self._matchers[node.id].match(text)
        if match.key is not None and match.kind in ("number", "exact", "clear"):
            self._answer_choice(turn, node, match.key, "exact" if match.kind == "exact" else "fuzzy")
            return
        if match.kind in ("near", "ambiguous"):
            lang = turn.state.lang
            choices = [c for key in match.alternatives if (c := node.choice(key)) is not None]
            if len(choices) == 1:
                prompt = wording.DID_YOU_MEAN.format(label=choices[0].label.get(lang))
                options: tuple[Option, ...] = (
                    Option(wording.YES, f"choice:{choices[0].id}"),
                    Option(wording.NO, "no"),
                )
            else:
                prompt = wording.WHICH_ONE
                options = (
                    *(Option(c.label.get(lang), f"choice:{c.id}") for c in choices),
                    Option(wording.NONE_OF_THESE, "no"),
                )
            self._offer(turn, node, prompt, options)
            return
        self._miss(turn, node, text, None)

    def _text_for_number(self, turn: _Turn, node: Node, text: str) -> None:
        assert node.input is not None
        numbers = numbers_in(text)
        if len(numbers) != 1:
            self._miss(turn, node, text, wording.NUMBER_EXPECTED)
            return
        value = numbers[0]
        low, high = node.input.minimum, node.input.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            self._miss(turn, node, None, wording.NUMBER_RANGE.format(minimum=low, maximum=high))
            return
        turn.facts.append(fx.Answered(node.id, node.variable, None, "number"))
        self._set_and_continue(turn, node, value)

    def _text_for_text(self, turn: _Turn, node: Node, text: str) -> None:
        if not text:
            self._miss(turn, node, None, wording.TEXT_EXPECTED)
            return
        if len(text) > MAX_TEXT:
            self._miss(turn, node, None, wording.TEXT_TOO_LONG)
            return
        turn.facts.append(fx.Answered(node.id, node.variable, None, "text"))
        self._set_and_continue(turn, node, text)

    def _text_for_place(self, turn: _Turn, node: Node, text: str) -> None:
        resolver = self.knowledge.places
        if resolver is None:
            turn.say(wording.PLACE_UNAVAILABLE)
            turn.facts.append(fx.Answered(node.id, node.variable, None, "unmatched"))
            self._set_and_continue(turn, node, None)
            return
        candidates = resolver.resolve(text, limit=MAX_PLACE_BUTTONS) if text else []
        if not candidates:
            again = turn.state.misses >= 1
            self._miss(turn, node, text, wording.PLACE_NOT_FOUND_AGAIN if again else wording.PLACE_NOT_FOUND)
            return
        self._offer_places(turn, node, candidates, how="text")

    def _offer_places(self, turn: _Turn, node: Node, candidates: list[PlaceCandidate], how: str) -> None:
        best = candidates[0]
        second = candidates[1].score if len(candidates) > 1 else 0.0
        if (best.score >= PLACE_CLEAR and best.score - second >= PLACE_MARGIN) or len(candidates) == 1:
            prompt = wording.PLACE_CONFIRM.format(label=best.place.label())
            options: tuple[Option, ...] = (
                Option(wording.YES, f"place:{how}", best.place.to_dict()),
                Option(wording.NO, "retry"),
            )
        else:
            prompt = wording.PLACE_WHICH
            options = (
                *(
                    Option(c.place.label(), f"place:{how}", c.place.to_dict())
                    for c in candidates[:MAX_PLACE_BUTTONS]
                ),
                Option(wording.NONE_OF_THESE, "retry"),
            )
        self._offer(turn, node, prompt, options)

    def _offer(self, turn: _Turn, node: Node, prompt: str, options: tuple[Option, ...]) -> None:
        turn.state = replace(turn.state, options=options, prompt=prompt)
        turn.say(prompt, self._option_buttons(node, options))

    def _option_buttons(self, node: Node, options: tuple[Option, ...]) -> tuple[Button, ...]:
        return tuple(Button(o.label, ev.Pick(node.id, i)) for i, o in enumerate(options))

    def _match_option(self, text: str, options: tuple[Option, ...]) -> Option | None:
        words = normalize(text)
        yes = next((o for o in options if o.action != "no" and o.action != "retry"), None)
        if words in YES_WORDS and len([o for o in options if o.action not in ("no", "retry")]) == 1:
            return yes
        if words in NO_WORDS:
            return next((o for o in options if o.action in ("no", "retry")), None)
        matcher = ChoiceMatcher([MatchOption(str(i), (o.label,)) for i, o in enumerate(options)])
        match = matcher.match(text)
        if match.key is not None and match.kind in ("exact", "clear"):
            return options[int(match.key)]
        return None

    def _apply_option(self, turn: _Turn, node: Node, option: Option) -> None:
        turn.state = replace(turn.state, options=(), prompt=None)
        action = option.action
        if action.startswith("choice:"):
            self._answer_choice(turn, node, action.removeprefix("choice:"), "confirmed")
        elif action.startswith("place:") and option.place is not None:
            place = Place.from_dict(option.place)
            how = action.removeprefix("place:")
            turn.facts.append(fx.PlaceResolved(place.code_insee, place.code_qpv, how))
            turn.facts.append(fx.Answered(node.id, node.variable, None, "place"))
            turn.state = turn.state.with_answer("qpv", place.code_qpv is not None)
            self._set_and_continue(turn, node, place.to_dict())
        elif action == "skip":
            turn.facts.append(fx.Answered(node.id, node.variable, None, "skipped"))
            self._set_and_continue(turn, node, None)
        elif action == "retry" and node.input is not None:
            turn.state = replace(turn.state, preset_place=None)
            self._ask(turn, node, wording.PLACE_RETRY)
        else:  # "no" to a "did you mean": ask again with the buttons
            self._ask(turn, node)

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
                Option(wording.YES, "place:deeplink", place.to_dict()),
                Option(wording.NO, "retry"),
            )
            self._offer(turn, node, wording.PRESET_PLACE.format(label=place.label()), options)
            return
        text = node.text.get(lang) if lead is None else f"{lead}\n\n{node.text.get(lang)}"
        buttons = tuple(Button(c.label.get(lang), ev.Choose(node.id, c.id)) for c in node.choices)
        if node.input is not None and (node.input.optional or skip):
            skip_option = (Option(wording.SKIP, "skip"),)
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
        turn.say(wording.STALE_BUTTON)
        self._resume(turn, None)

    # ---------------------------------------------------------------- results

    def _show_result(self, turn: _Turn, node: Node, *, more: bool, repeat: bool = False) -> None:
        assert node.result is not None
        spec = node.result
        variables = self.variables(turn.state)
        recommendations = self.knowledge.catalogue.recommend(variables, spec.only)
        start = turn.state.shown if more else 0
        chosen = recommendations[start : start + spec.limit]
        if not repeat and not more:
            turn.say(node.text.get(turn.state.lang))
        if more and not chosen:
            turn.say(wording.NO_MORE, self._after_result_buttons(feedback=False, more=False))
            return
        if not chosen:
            turn.say(wording.NO_RESULT)
        elif more:
            turn.say(wording.MORE_HEADER)
        place = self.place(turn.state)
        cards = build_cards(chosen, place, self.knowledge.structures, self.today(), first_rank=start + 1)
        turn.replies.extend(cards)
        turn.state = replace(turn.state, shown=start + len(chosen))
        if not repeat:
            turn.facts.append(
                fx.Recommended(
                    tuple(r.dispositif.id for r in chosen),
                    tuple(p.structure_id for c in cards for p in c.places if p.structure_id),
                )
            )
            if not more:
                turn.facts.append(fx.Completed(node.id))
        has_more = len(recommendations) > turn.state.shown
        turn.say(wording.AFTER_RESULT, self._after_result_buttons(feedback=True, more=has_more))

    def _after_result_buttons(self, *, feedback: bool, more: bool = True) -> tuple[Button, ...]:
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

    # ---------------------------------------------------------------- helpers

    def variables(self, state: State) -> dict[str, Any]:
        """What conditions and reasons can use: the answers, plus `qpv`, `commune`, `quartier`."""
        variables = dict(state.answers)
        place = self.place(state)
        variables["qpv"] = bool(place and place.code_qpv)
        if place is not None:
            variables["commune"] = place.commune
            variables["quartier"] = place.nom_qpv or place.commune
        return variables

    def place(self, state: State) -> Place | None:
        for node in self.dialog.nodes.values():
            if node.input is not None and node.input.kind == "lieu" and node.variable:
                raw = state.answers.get(node.variable)
                if isinstance(raw, Mapping):
                    try:
                        return Place.from_dict(dict(raw))
                    except (KeyError, TypeError, ValueError):
                        return None
        return None

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
        return StepResult(turn.replies, turn.state, turn.facts)
