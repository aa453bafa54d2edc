"""What happened during a step, for the usage log. Pure data: the service turns these into stored events.

Nothing here identifies a person: no raw text except unmatched answers (redacted by the storage layer),
no position (only INSEE and QPV codes)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConversationStarted:
    source: str | None  # deep-link tag ("src_mlroubaix" -> "mlroubaix") when valid
    qpv: str | None  # QPV code from a "qpv_<code>" payload when it exists


@dataclass(frozen=True, slots=True)
class NodeReached:
    node: str


@dataclass(frozen=True, slots=True)
class Answered:
    node: str
    variable: str | None
    choice: str | None
    # "button" | "exact" | "fuzzy" (clear free-text match) | "confirmed" (near match confirmed) |
    # "number" | "place" | "text" | "unmatched"
    outcome: str
    unmatched_text: str | None = None


@dataclass(frozen=True, slots=True)
class Aside:
    """Small talk or stray input at a node (« merci », « ? », an emoji, a lone digit): answered briefly,
    not a miss. Only the topic is kept ("greeting", "thanks", "digit"…), never the text."""

    node: str
    topic: str


@dataclass(frozen=True, slots=True)
class PlaceResolved:
    code_insee: str | None
    code_qpv: str | None
    how: str  # "text" | "position" | "deeplink"


@dataclass(frozen=True, slots=True)
class Recommended:
    dispositifs: tuple[str, ...]
    structures: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Completed:
    node: str


@dataclass(frozen=True, slots=True)
class Restarted:
    pass


@dataclass(frozen=True, slots=True)
class WentBack:
    node: str


@dataclass(frozen=True, slots=True)
class FeedbackGiven:
    useful: bool


@dataclass(frozen=True, slots=True)
class HelpOffered:
    node: str


@dataclass(frozen=True, slots=True)
class StateReset:
    """The saved state could not be used with the current dialog (changed or unreadable)."""

    reason: str


@dataclass(frozen=True, slots=True)
class ContactShown:
    """A structure's contact details were shown. The engine emits ``action="card"`` each time a result
    card shows the structure (again on a repeat); the event log stores any other action name as given."""

    structure_id: str
    action: str


@dataclass(frozen=True, slots=True)
class Forgotten:
    """/oubli was confirmed. Stored without the user key once the user's rows are erased."""


@dataclass(frozen=True, slots=True)
class ErrorOccurred:
    kind: str  # exception class name or a short code, never a message text


@dataclass(frozen=True, slots=True)
class AdminDenied:
    """Someone not in BOT_ADMIN_IDS tried an admin command."""

    command: str


@dataclass(frozen=True, slots=True)
class LanguageChanged:
    """/langue: the person chose to continue in ``lang``."""

    lang: str


@dataclass(frozen=True, slots=True)
class FollowupRequested:
    """ "Oui" to « Je te redemande dans une semaine ? »: the service stores a due date."""


@dataclass(frozen=True, slots=True)
class FollowupDeclined:
    """ "Non merci" to the follow-up question: nothing is stored, a pending follow-up is cancelled."""


@dataclass(frozen=True, slots=True)
class FollowupSent:
    """The follow-up message went out (a week after it was asked for)."""


@dataclass(frozen=True, slots=True)
class FollowupAnswered:
    """A button of the follow-up message: ``answer`` is "alle", "pas_encore" or "aide"."""

    answer: str


Fact = (
    ConversationStarted
    | NodeReached
    | Answered
    | Aside
    | PlaceResolved
    | Recommended
    | Completed
    | Restarted
    | WentBack
    | FeedbackGiven
    | HelpOffered
    | StateReset
    | ContactShown
    | Forgotten
    | ErrorOccurred
    | AdminDenied
    | LanguageChanged
    | FollowupRequested
    | FollowupDeclined
    | FollowupSent
    | FollowupAnswered
)
