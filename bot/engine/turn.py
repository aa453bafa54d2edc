"""The values one step works with: the knowledge it consults, what it produces (`StepResult`), and the
`Turn` that accumulates replies, facts and the new state while the step runs."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.engine import facts as fx
from bot.engine.replies import Button, CardDetails, Message, Reply
from bot.engine.state import State
from bot.engine.words import Wording
from bot.knowledge.dispositifs import Catalogue
from bot.knowledge.types import PlaceResolver, StructureFinder


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
    # A short word for the button press itself, when nothing else is said (Telegram: the press's toast).
    toast: str | None = None
    # A short answer only (« Avec plaisir 🙂 » under the result): what is on screen stays as it is, buttons
    # included, so the person still has them at hand without being shown the same screen again.
    keeps_screen: bool = False


@dataclass
class Turn:
    """What one step has said, counted and changed so far (mutable, lives for one step)."""

    state: State
    replies: list[Reply] = field(default_factory=list)
    facts: list[fx.Fact] = field(default_factory=list)
    stale: bool = False
    toast: str | None = None
    keeps_screen: bool = False

    def say(
        self,
        text: str,
        buttons: tuple[Button, ...] = (),
        *,
        request_location: bool = False,
    ) -> None:
        """Add a message; a `Wording` (text or button label) is said in the person's language."""
        self.replies.append(localized(Message(text, buttons, request_location), self.state.lang))


def in_language(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is one of the bot's wordings; any other text as it is."""
    return text.get(lang) if isinstance(text, Wording) else text


def localized(reply: Reply, lang: str) -> Reply:
    """A message, summary or door's details whose text or button labels are wordings, said in ``lang``
    (the cards' own texts are already in the person's language)."""
    # Only wordings are replaced: a reply or button without any is kept as it is (frozen, so shared).
    buttons = tuple(_button_in(b, lang) for b in reply.buttons)
    same_buttons = all(new is old for new, old in zip(buttons, reply.buttons, strict=True))
    if isinstance(reply, CardDetails):
        return reply if same_buttons else replace(reply, buttons=buttons)
    if same_buttons and not isinstance(reply.text, Wording):
        return reply
    return replace(reply, text=in_language(reply.text, lang), buttons=buttons)


def _button_in(button: Button, lang: str) -> Button:
    return replace(button, label=button.label.get(lang)) if isinstance(button.label, Wording) else button
