"""What a person can do, as the engine sees it. Channel-neutral: Telegram and the terminal both produce these.

A button carries the event it triggers, so the edges never interpret button payloads themselves
(see `bot.dialogs.codec` for the compact form sent to Telegram)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Start:
    """/start, optionally with a deep-link payload (``qpv_QN05980M``, ``src_mlroubaix``), untrusted."""

    payload: str = ""


@dataclass(frozen=True, slots=True)
class Choose:
    """A button press on a choice of a question node."""

    node: str
    choice: str


@dataclass(frozen=True, slots=True)
class Text:
    """Anything typed."""

    text: str


@dataclass(frozen=True, slots=True)
class Location:
    """A shared position. Used to resolve a place, never stored."""

    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Pick:
    """A press on one of the engine's own option buttons (a confirmation, a place candidate...).

    ``node`` is the node the options were offered at; ``index`` the option's position in the pending list."""

    node: str
    index: int


@dataclass(frozen=True, slots=True)
class Back:
    pass


@dataclass(frozen=True, slots=True)
class Restart:
    pass


@dataclass(frozen=True, slots=True)
class Modify:
    """ "Modifier une réponse": without a node, list the answers; with one, ask that question again."""

    node: str | None = None


@dataclass(frozen=True, slots=True)
class Help:
    pass


@dataclass(frozen=True, slots=True)
class Feedback:
    useful: bool


@dataclass(frozen=True, slots=True)
class More:
    """ "Voir d'autres pistes" on a result."""


@dataclass(frozen=True, slots=True)
class Resume:
    """Show the current step again (stale button, unsupported message, restart of the process)."""


@dataclass(frozen=True, slots=True)
class ChooseLanguage:
    """/langue: without ``lang``, ask which language; with one ("fr", "en"), speak it from now on."""

    lang: str = ""


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The answer to « Je te redemande dans une semaine ? » after a result."""

    wanted: bool


FOLLOWUP_ANSWERS = ("alle", "pas_encore", "aide")


@dataclass(frozen=True, slots=True)
class FollowUpAnswer:
    """A button of the follow-up message sent a week later: one of `FOLLOWUP_ANSWERS`."""

    answer: str


@dataclass(frozen=True, slots=True)
class Details:
    """ "Détails" under a result summary: the full card of one door (``door``: the dispositif id), shown in
    place of the summary."""

    door: str


@dataclass(frozen=True, slots=True)
class Summary:
    """ "⬅️" on a door's details: the summary again, in place. ``page``: the index of the first door of the
    page the summary showed (0, then 3, 6... after "voir d'autres pistes")."""

    page: int = 0


@dataclass(frozen=True, slots=True)
class Results:
    """/resultats: the last result again (the current one, or the one of the previous conversation)."""


@dataclass(frozen=True, slots=True)
class Share:
    """ "Partager le bot". On Telegram the button opens the share sheet itself (a link, no event); a press
    that reaches the engine (terminal, an old button) gets a word on how to share."""


Event = (
    Start
    | Choose
    | Text
    | Location
    | Pick
    | Back
    | Restart
    | Modify
    | Help
    | Feedback
    | More
    | Resume
    | ChooseLanguage
    | FollowUp
    | FollowUpAnswer
    | Details
    | Summary
    | Results
    | Share
)
