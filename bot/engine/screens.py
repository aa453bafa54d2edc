"""What a person does with a result once it is on screen: open a door's details and come back, give
feedback (counted once per conversation), see it again with /resultats (also after "recommencer"), share
the bot. Used by the `Engine`; changes only the `Turn` it is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType

from bot.dialogs.model import Dialog
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.flow import Flow
from bot.engine.replies import Button
from bot.engine.results import Offer, ResultView, after_result_buttons, show_details, show_result
from bot.engine.state import State
from bot.engine.turn import Knowledge, Turn, localized
from bot.engine.variables import place_of, variables_of


class Screens:
    def __init__(
        self, dialog: Dialog, knowledge: Knowledge, today: Callable[[], dt.date], flow: Flow
    ) -> None:
        self.dialog = dialog
        self.knowledge = knowledge
        self.today = today
        self.flow = flow

    # ---------------------------------------------------------------- which result
    def view(self, state: State) -> tuple[ResultView, bool] | None:
        """The result on screen: the current node's (True), else the last one of a previous conversation
        (False), else None."""
        node = self.dialog.nodes.get(state.node or "")
        if node is not None and node.result is not None:
            return ResultView(
                node, variables_of(self.dialog, state), place_of(self.dialog, state), state.lang
            ), True
        last = state.last_result
        if not isinstance(last, Mapping):
            return None
        node = self.dialog.nodes.get(str(last.get("node")))
        answers = last.get("answers")
        if node is None or node.result is None or not isinstance(answers, Mapping):
            return None
        previous = replace(state, answers=MappingProxyType(dict(answers)))
        return ResultView(
            node, variables_of(self.dialog, previous), place_of(self.dialog, previous), state.lang
        ), False

    def _offer(self, state: State, current: bool) -> Offer:
        node = self.flow.current_node(state)
        mid_question = node is not None and not node.is_terminal
        return Offer(
            feedback=current and not state.feedback, more=current, resume=not current and mid_question
        )

    # ---------------------------------------------------------------- events
    def details(self, turn: Turn, door: str) -> None:
        found = self.view(turn.state)
        shown = None
        if found is not None:
            shown = show_details(
                found[0],
                door,
                catalogue=self.knowledge.catalogue,
                structures=self.knowledge.structures,
                today=self.today(),
            )
        if shown is None:
            self.flow.stale(turn)
            return
        turn.replies.append(localized(shown[0], turn.state.lang))
        turn.facts.extend(shown[1])

    def summary(self, turn: Turn, page: int, *, edit: bool = True, count: bool = True) -> bool:
        """The summary page starting at ``page``; False (nothing said) when there is no result."""
        found = self.view(turn.state)
        if found is None or page < 0:
            return False
        view, current = found
        page = page // view.limit * view.limit
        shown = show_result(
            view,
            catalogue=self.knowledge.catalogue,
            structures=self.knowledge.structures,
            today=self.today(),
            start=page,
            more=page > 0,
            repeat=True,
            offer=self._offer(turn.state, current),
            edit=edit,
        )
        turn.replies.extend(localized(reply, turn.state.lang) for reply in shown.replies)
        if count:
            turn.facts.extend(shown.facts)
        if current:  # "voir d'autres pistes" goes on from the page now on screen
            turn.state = replace(turn.state, page=page, shown=max(shown.shown, page))
        return True

    def back_to_summary(self, turn: Turn, page: int) -> None:
        if not self.summary(turn, page):
            self.flow.stale(turn)

    def results(self, turn: Turn) -> None:
        """/resultats: the result again, from page 0, as a new message."""
        if self.summary(turn, 0, edit=False):
            return
        turn.say(wording.NO_RESULT_YET)
        self.flow.resume(turn, None)

    def feedback(self, turn: Turn, useful: bool) -> None:
        """Counted once per conversation. A second press (only a forged or very old button can do it: the
        summary loses its 👍/👎 after the first) changes nothing and sends no message, only a toast, so a
        flood of them costs the bot no message."""
        found = self.view(turn.state)
        if found is None:
            self.flow.stale(turn)
            return
        if turn.state.feedback:
            turn.toast = wording.FEEDBACK_ALREADY
            return
        turn.facts.append(fx.FeedbackGiven(useful))
        turn.state = replace(turn.state, feedback=True)
        if found[1]:
            # the summary stays as it was, without the 👍/👎 buttons
            self.summary(turn, turn.state.page, count=False)
        if useful:
            turn.say(wording.THANKS_USEFUL, (Button(wording.RESTART, ev.Restart()),))
        else:
            turn.say(wording.THANKS_NOT_USEFUL, after_result_buttons(Offer(feedback=False)))
        if turn.state.followup == "asked":  # its buttons were taken away by this answer: ask again
            self.flow.ask_followup(turn)

    def share(self, turn: Turn) -> None:
        turn.say(wording.SHARE_HOW)
