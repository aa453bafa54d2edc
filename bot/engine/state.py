"""A conversation's state: small, JSON-serialisable, tied to the dialog version it was made with.

The options the engine is waiting on are typed values (`bot.engine.offers`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from bot.engine.offers import Option

STATE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class State:
    dialog: str
    version: str
    node: str | None = None
    answers: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    history: tuple[str, ...] = ()  # question nodes answered, oldest first (for "retour")
    options: tuple[Option, ...] = ()  # what the engine is waiting for at ``node``, if anything
    prompt: str | None = None  # the text that goes with ``options`` (to show them again)
    misses: int = 0  # consecutive answers not understood at this node
    lang: str = "fr"
    source: str | None = None  # deep-link tag, kept to attribute the conversation
    preset_place: Mapping[str, Any] | None = None  # from a qpv_<code> deep link, confirmed when asked
    replaying: bool = False  # after "modifier une réponse": reuse later answers until the result
    shown: int = 0  # recommendations already shown at the result (for "voir d'autres pistes")
    # the follow-up question after a result: None (not asked), "asked", "yes" or "no"
    followup: str | None = None
    page: int = 0  # the first recommendation of the summary last shown
    feedback: bool = False  # 👍/👎 already given in this conversation (counted once)
    pinned: str | None = None  # the structure whose map pin was sent (never the same pin twice)
    # The last result shown, to show it again (/resultats) after "recommencer" too: its node and answers.
    last_result: Mapping[str, Any] | None = None
    pending_start: str | None = (
        None  # /start (payload) pressed mid-conversation, until "reprendre/recommencer"
    )

    def with_answer(self, variable: str, value: Any) -> State:
        answers = dict(self.answers)
        answers[variable] = value
        return replace(self, answers=MappingProxyType(answers))

    def without_answers(self, variables: set[str]) -> State:
        answers = {k: v for k, v in self.answers.items() if k not in variables}
        return replace(self, answers=MappingProxyType(answers))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "dialog": self.dialog,
            "version": self.version,
            "node": self.node,
            "answers": dict(self.answers),
            "history": list(self.history),
            "options": [o.to_dict() for o in self.options],
            "prompt": self.prompt,
            "misses": self.misses,
            "lang": self.lang,
            "source": self.source,
            "preset_place": dict(self.preset_place) if self.preset_place else None,
            "replaying": self.replaying,
            "shown": self.shown,
            "followup": self.followup,
            "page": self.page,
            "feedback": self.feedback,
            "pinned": self.pinned,
            "last_result": _plain(self.last_result),
            "pending_start": self.pending_start,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> State:
        """Rebuild a saved state; raises ValueError (or KeyError/TypeError) on anything unreadable."""
        if data.get("format") != STATE_FORMAT:
            raise ValueError(f"unknown state format {data.get('format')!r}")
        preset = data.get("preset_place")
        return cls(
            dialog=str(data["dialog"]),
            version=str(data["version"]),
            node=data.get("node"),
            answers=MappingProxyType(dict(data.get("answers") or {})),
            history=tuple(str(h) for h in data.get("history") or ()),
            options=tuple(Option.from_dict(o) for o in data.get("options") or ()),
            prompt=data.get("prompt"),
            misses=int(data.get("misses", 0)),
            lang=str(data.get("lang", "fr")),
            source=data.get("source"),
            preset_place=dict(preset) if preset else None,
            replaying=bool(data.get("replaying", False)),
            shown=int(data.get("shown", 0)),
            followup=data.get("followup"),
            page=int(data.get("page", 0)),
            feedback=bool(data.get("feedback", False)),
            pinned=data.get("pinned"),
            last_result=_plain(data.get("last_result")),
            pending_start=data.get("pending_start"),
        )


def _plain(value: Any) -> Any:
    """A JSON-ready copy: mappings become dicts (answers are read-only mappings in memory)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
