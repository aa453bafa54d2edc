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

from bot.dialogs.model import DEFAULT_LANG, Dialog, Node
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.flow import Flow
from bot.engine.followup import answer_followup, take_followup
from bot.engine.language import choose_language, dialog_language
from bot.engine.migration import Current, Migrated, Restart, migrate
from bot.engine.offers import Option, Skip, TakePlace
from bot.engine.payload import read_payload
from bot.engine.quartier import answer_label
from bot.engine.reading import (
    PLACE_CLEAR,
    Aside,
    Chosen,
    Missed,
    Offered,
    Picked,
    Value,
    offer_places,
    offered_commune,
    question_reader,
    read_answer,
    read_offer,
)
from bot.engine.replies import Button
from bot.engine.screens import Screens
from bot.engine.state import State
from bot.engine.turn import Knowledge, StepResult, Turn, in_language
from bot.engine.under_result import under_result
from bot.engine.variables import place_of, variables_of
from bot.knowledge.types import Place
from bot.matching.normalize import normalize
from bot.understanding import RESULT_SCREEN, TAKE, QuestionReader, read_confirmation
from bot.understanding.text import folded

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
    "langue": ev.ChooseLanguage,
    "language": ev.ChooseLanguage,
}
# what may follow a yes / no to the follow-up question and still be only that yes / no
COURTESY = frozenset({"", "merci", "merci beaucoup", "stp", "svp", "thanks", "thank you", "please"})


class Engine:
    def __init__(
        self,
        dialog: Dialog,
        knowledge: Knowledge,
        today: Callable[[], dt.date] = dt.date.today,
        *,
        offer_followup: bool = False,
    ) -> None:
        """``offer_followup``: the channel can write a week after a result (Telegram), so the engine asks
        « Je te redemande dans une semaine ? »; the terminal preview cannot and does not ask."""
        self.dialog = dialog
        self.knowledge = knowledge
        self.today = today
        self.flow = Flow(dialog, knowledge, today, offer_followup=offer_followup)
        self.screens = Screens(dialog, knowledge, today, self.flow)
        self._readers = {
            node.id: reader for node in dialog.nodes.values() if (reader := question_reader(node)) is not None
        }
        self._result_reader = QuestionReader(RESULT_SCREEN)

    # ---------------------------------------------------------------- public API

    @property
    def version(self) -> str:
        return self.dialog.version

    def new_state(self, source: str | None = None, lang: str = DEFAULT_LANG) -> State:
        return State(dialog=self.dialog.id, version=self.dialog.version, source=source, lang=lang)

    def language(self, code: str | None) -> str:
        """The dialog language for a channel's language code ("en", "en-GB"…): French unless the dialog
        has texts in that language."""
        return dialog_language(self.dialog, code)

    def restore(self, data: Mapping[str, Any] | None) -> State | None:
        """A saved dict back to a State, or None when absent or unreadable (the next step restarts)."""
        if not data:
            return None
        try:
            return State.from_dict(data)
        except (KeyError, TypeError, ValueError):
            return None

    def step(self, state: State | None, event: ev.Event, *, lang: str | None = None) -> StepResult:
        """One event. ``lang``: the channel's language code (Telegram's ``language_code``), used when a
        conversation starts with no saved state; a saved state keeps the language it speaks."""
        start_lang = state.lang if state is not None else self.language(lang)
        if isinstance(event, ev.ChooseLanguage) and event.lang and state is None:
            start_lang = self.language(event.lang)
        if isinstance(event, ev.Start):
            if state is not None and self._in_progress(state):
                # /start mid-conversation: ask, never silently start over (the payload waits for the answer)
                turn = Turn(replace(state, pending_start=event.payload))
                turn.say(
                    wording.START_AGAIN,
                    (Button(wording.RESUME, ev.Resume()), Button(wording.RESTART, ev.Restart())),
                )
                return self._done(turn)
            turn = Turn(self.new_state(lang=start_lang))
            self._start(turn, event.payload, state)
            return self._done(turn)
        if isinstance(event, ev.FollowUpAnswer):  # a week later: whatever the state, answer it
            turn = Turn(state or self.new_state(lang=start_lang))
            answer_followup(self.flow, turn, event.answer)
            return self._done(turn)
        if state is None:
            turn = Turn(self.new_state(lang=start_lang))
            turn.facts.append(fx.StateReset("missing"))
            self._start(turn, "")
            return self._done(turn)
        turn = Turn(state)
        if not self._adopt(turn):
            return self._done(turn)
        if isinstance(event, ev.Text):
            event = self._word_command(event)
        if turn.state.pending_start is not None and not isinstance(event, ev.Restart):
            turn.state = replace(turn.state, pending_start=None)
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
                self._restart(turn)
            case ev.Modify(node=node_id):
                self._on_modify(turn, node_id)
            case ev.Help():
                self._on_help(turn)
            case ev.Feedback(useful=useful):
                self.screens.feedback(turn, useful)
            case ev.More():
                node = self.flow.current(turn)
                if node is None or node.result is None:
                    self.flow.resume(turn, None)
                else:
                    self.flow.show_result(turn, node, more=True)
            case ev.Resume():
                self.flow.resume(turn, None)
            case ev.ChooseLanguage(lang=lang):
                choose_language(self.flow, turn, lang)
            case ev.FollowUp(wanted=wanted):
                take_followup(self.flow, turn, wanted)
            case ev.FollowUpAnswer(answer=answer):
                answer_followup(self.flow, turn, answer)
            case ev.Details(door=door):
                self.screens.details(turn, door)
            case ev.Summary(page=page):
                self.screens.back_to_summary(turn, page)
            case ev.Results():
                self.screens.results(turn)
            case ev.Share():
                self.screens.share(turn)
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

    def _start(self, turn: Turn, payload: str, previous: State | None = None) -> None:
        read = read_payload(payload, self.knowledge.places)
        place = read.place
        turn.state = replace(
            self.new_state(read.source, turn.state.lang),
            preset_place=place.to_dict() if place else None,
            last_result=previous.last_result if previous else turn.state.last_result,
        )
        turn.facts.append(fx.ConversationStarted(read.source, place.code_qpv if place else None))
        self.flow.enter(turn, self.dialog.start)

    def _restart(self, turn: Turn) -> None:
        previous = turn.state
        if previous.pending_start is not None:  # "recommencer" after /start <payload>: the payload counts
            self._start(turn, previous.pending_start, previous)
            return
        turn.state = replace(self.new_state(previous.source, previous.lang), last_result=previous.last_result)
        turn.facts.append(fx.Restarted())
        self.flow.enter(turn, self.dialog.start)

    def _in_progress(self, state: State) -> bool:
        """Questions answered and the end not reached: a /start now would lose them."""
        node = self.dialog.nodes.get(state.node or "")
        return (
            state.dialog == self.dialog.id
            and bool(state.history)
            and node is not None
            and not node.is_terminal
        )

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
        text = raw.strip()
        if node is not None and node.is_terminal and turn.state.followup == "asked":
            said = read_confirmation(text)  # « oui », « ouais », « non merci », « no thanks »
            if said.outcome == TAKE and said.choice in ("yes", "no") and folded(said.rest) in COURTESY:
                take_followup(self.flow, turn, said.choice == "yes")
                return
        if node is not None and node.result is not None and not turn.state.options:
            self._on_result_text(turn, node, text)
            return
        if node is None or node.is_terminal:
            self.flow.resume(turn, None)
            return
        is_place = node.input is not None and node.input.kind == "lieu"
        within = offered_commune(turn.state.options)
        fallback: Option | None = None
        if node.input is not None and node.input.kind == "quartier":
            self.flow.quartiers.on_text(turn, node, text)
            return
        if turn.state.options:
            picked = read_offer(text, turn.state.options, node, turn.state.lang)
            match picked:
                case Aside():
                    self._aside(turn, node, picked)
                    return
                case Picked(option=option, rest=rest) if rest and not option.accepts and node.is_question:
                    # « non, <a new answer> » (« non j'habite à Tourcoing »): read the new answer at once;
                    # when it is not understood, the « non » alone still counts
                    turn.state = replace(turn.state, options=(), prompt=None)
                    if is_place:
                        turn.state = replace(turn.state, preset_place=None)
                    text, fallback = rest, option
                case Picked(option=option):
                    self.flow.apply_option(turn, node, option)
                    return
                case None:
                    if not is_place:
                        # a fresh answer instead of the confirmation: forget the offer, read it as an answer
                        turn.state = replace(turn.state, options=(), prompt=None)
                case _:
                    assert_never(picked)
        if not node.is_question:
            self.flow.resume(turn, None)
            return
        answer = read_answer(
            node,
            text,
            reader=self._readers.get(node.id),
            places=self.knowledge.places,
            lang=turn.state.lang,
            misses=turn.state.misses,
            today=self.today(),
            within=within,
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
            case Missed() if fallback is not None:
                self.flow.apply_option(turn, node, fallback)
            case Missed(message=message, unmatched=unmatched):
                self.flow.miss(turn, node, unmatched, message)
            case Aside():
                self._aside(turn, node, answer)
            case _:
                assert_never(answer)

    def _aside(self, turn: Turn, node: Node, said: Aside) -> None:
        """Small talk: a short answer, then the same question (or the same offer) again; not a miss."""
        turn.facts.append(fx.Aside(node.id, said.topic))
        options = turn.state.options
        if options and turn.state.prompt and any(not o.accepts for o in options):
            message = in_language(said.message, turn.state.lang)
            turn.say(f"{message}\n\n{turn.state.prompt}", self.flow.option_buttons(node, options))
            return
        self.flow.ask(turn, node, said.message, skip=any(isinstance(o.action, Skip) for o in options))

    def _on_result_text(self, turn: Turn, node: Node, text: str) -> None:
        """Typed under the result: the button it means, « c'est lequel ? », or a short answer."""
        said = under_result(self._result_reader.read(text, self.today()), node, text, turn.state.lang)
        if said.fact is not None:
            turn.facts.append(said.fact)
        if said.event is not None:
            self._dispatch(turn, said.event)
            return
        assert said.text is not None
        turn.say(said.text, said.buttons)
        # without buttons of its own (small talk, not understood) it is a short answer only: the result
        # above (and the follow-up question, if pending) keep their buttons
        turn.keeps_screen = not said.buttons

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
        lang = turn.state.lang
        if candidate.score < PLACE_CLEAR:  # a resolver unsure of where it falls: ask, as for a typed place
            offered = offer_places([candidate], how="position", lang=lang)
            self.flow.offer(turn, node, offered.prompt, offered.options)
            return
        # A position clearly in one commune (and maybe one quartier): taken at once, with a way to change it.
        place = candidate.place
        turn.say(
            wording.PLACE_UNDERSTOOD.get(lang).format(label=place.label()),
            (Button(wording.PLACE_CHANGE, ev.Modify(node.id)),),
        )
        self.flow.apply_option(turn, node, Option(place.label(), TakePlace(place.to_dict(), "position")))

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
                Button(
                    f"{self._title(n, turn.state.lang)} : {self._answer_label(n, turn.state)}",
                    ev.Modify(n.id),
                )
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

    # ---------------------------------------------------------------- helpers

    def _title(self, node: Node, lang: str = DEFAULT_LANG) -> str:
        return (node.title or node.text).get(lang).split("\n")[0][:40]

    def _answer_label(self, node: Node, state: State) -> str:
        value = state.answers.get(node.variable or "")
        if node.input is not None and node.input.kind == "quartier":
            return answer_label(value, state.lang)
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
        return StepResult(turn.replies, turn.state, turn.facts, turn.stale, turn.toast, turn.keeps_screen)
