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
        )
