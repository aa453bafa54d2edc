"""What is typed under the result (« c nul », « autre chose ? », « merci »): the button it means.

The result's buttons are the engine's own (👍 Ça m'aide, 👎 Pas vraiment, 🔎 Voir d'autres pistes,
✏️ Modifier une réponse, 🔄 Recommencer); `bot.understanding.RESULT_SCREEN` reads them like a question."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogs.model import Node
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.reading import aside
from bot.engine.replies import Button
from bot.understanding import ASIDE, CONFIRM, TAKE, Answer

RESULT_EVENTS: dict[str, tuple[str, ev.Event]] = {
    "utile": (wording.USEFUL, ev.Feedback(True)),
    "pas_utile": (wording.NOT_USEFUL, ev.Feedback(False)),
    "autres_pistes": (wording.MORE, ev.More()),
    "modifier": (wording.MODIFY, ev.Modify()),
    "recommencer": (wording.RESTART, ev.Restart()),
}


@dataclass(frozen=True, slots=True)
class UnderResult:
    """``event`` to act on as if its button was pressed; or ``text`` (with ``buttons`` when it asks which
    one) to say, and ``fact`` to count."""

    event: ev.Event | None = None
    text: str | None = None
    buttons: tuple[Button, ...] = ()
    fact: fx.Fact | None = None


def under_result(reading: Answer, node: Node, text: str, lang: str) -> UnderResult:
    if reading.outcome == TAKE and reading.choice in RESULT_EVENTS:
        return UnderResult(event=RESULT_EVENTS[reading.choice][1])
    if reading.outcome == CONFIRM:
        meant = [RESULT_EVENTS[c] for c in reading.candidates if c in RESULT_EVENTS]
        return UnderResult(
            text=wording.WHICH_ONE, buttons=tuple(Button(label, event) for label, event in meant)
        )
    if reading.outcome == ASIDE:
        said = aside(node, reading.topic, lang)
        # a short answer only: the summary above keeps its buttons
        return UnderResult(text=said.message, fact=fx.Aside(node.id, said.topic))
    # not understood: counted as a miss; a short hint, the result just above keeps its buttons
    return UnderResult(
        text=wording.RESULT_NOT_UNDERSTOOD, fact=fx.Answered(node.id, None, None, "unmatched", text)
    )
