"""Pending offers: the options the engine offered itself and is waiting on (a "did you mean", place
candidates, the quartiers of a commune, "passer"), as typed values.

Saved states keep them as small dicts (``{"label": …, "kind": "choice", "choice": …}``). States saved
before the typed form used one string (``"choice:<id>"``, ``"place:<how>"``, ``"no"``, ``"retry"``,
``"skip"``); they are still read, so a conversation saved then keeps working."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, assert_never


@dataclass(frozen=True, slots=True)
class TakeChoice:
    """Answer the question with this choice (a near match the person confirms)."""

    choice: str


@dataclass(frozen=True, slots=True)
class TakePlace:
    """Answer the place question with this place; ``how`` it was found: "text", "position" or "deeplink"."""

    place: Mapping[str, Any]
    how: str


@dataclass(frozen=True, slots=True)
class TakeQuartier:
    """Answer the quartier question (`bot.engine.quartier`) with this QPV; None: « un autre quartier »."""

    place: Mapping[str, Any] | None


@dataclass(frozen=True, slots=True)
class Skip:
    """Leave an optional (or too hard) question unanswered."""


@dataclass(frozen=True, slots=True)
class Retry:
    """None of the places offered: ask for the place again."""


@dataclass(frozen=True, slots=True)
class Decline:
    """ "Non" to a "did you mean": ask the question again with its buttons."""


Action = TakeChoice | TakePlace | TakeQuartier | Skip | Retry | Decline


@dataclass(frozen=True, slots=True)
class Option:
    """One option offered, kept in the state until answered."""

    label: str
    action: Action

    @property
    def accepts(self) -> bool:
        """True for an option that answers the question (not a "non" / "aucun de ceux-là")."""
        return not isinstance(self.action, (Retry, Decline))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"label": self.label}
        match self.action:
            case TakeChoice(choice=choice):
                data.update(kind="choice", choice=choice)
            case TakePlace(place=place, how=how):
                data.update(kind="place", how=how, place=dict(place))
            case TakeQuartier(place=place):
                data.update(kind="quartier", place=dict(place) if place is not None else None)
            case Skip():
                data["kind"] = "skip"
            case Retry():
                data["kind"] = "retry"
            case Decline():
                data["kind"] = "no"
            case _:
                assert_never(self.action)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Option:
        """Read a saved option, typed or in the older string form; ValueError when unreadable."""
        label = str(data["label"])
        if "kind" in data:
            return cls(label, _typed(data))
        return cls(label, _legacy(str(data["action"]), data.get("place")))


def _place(raw: Any) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ValueError("a place option without its place")
    return MappingProxyType(dict(raw))


def _typed(data: Mapping[str, Any]) -> Action:
    kind = data["kind"]
    if kind == "choice":
        return TakeChoice(str(data["choice"]))
    if kind == "place":
        return TakePlace(_place(data.get("place")), str(data.get("how", "text")))
    if kind == "quartier":
        raw = data.get("place")
        return TakeQuartier(None if raw is None else _place(raw))
    return _simple(str(kind))


def _legacy(action: str, place: Any) -> Action:
    """The string form; anything else it could hold was answered by asking again, as before."""
    if action.startswith("choice:"):
        return TakeChoice(action.removeprefix("choice:"))
    if action.startswith("place") and isinstance(place, Mapping):
        return TakePlace(_place(place), action.removeprefix("place").removeprefix(":") or "text")
    if action in ("skip", "retry"):
        return _simple(action)
    return Decline()


def _simple(kind: str) -> Action:
    if kind == "skip":
        return Skip()
    if kind == "retry":
        return Retry()
    if kind == "no":
        return Decline()
    raise ValueError(f"unknown pending option {kind!r}")
