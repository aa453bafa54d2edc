"""The values one step works with: the knowledge it consults, what it produces (`StepResult`), and the
`Turn` that accumulates replies, facts and the new state while the step runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine import facts as fx
from bot.engine.replies import Button, Message, Reply
from bot.engine.state import State
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


@dataclass
class Turn:
    """What one step has said, counted and changed so far (mutable, lives for one step)."""

    state: State
    replies: list[Reply] = field(default_factory=list)
    facts: list[fx.Fact] = field(default_factory=list)
    stale: bool = False
    toast: str | None = None

    def say(
        self,
        text: str,
        buttons: tuple[Button, ...] = (),
        *,
        request_location: bool = False,
    ) -> None:
        self.replies.append(Message(text, buttons, request_location))
