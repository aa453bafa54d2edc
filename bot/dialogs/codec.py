"""The one ``callback_data`` codec: an engine event <-> a compact string of at most 64 bytes (UTF-8).

Pure: no telegram import, so the dialog validator can check every button of a dialog against the limit.

Format (``|`` separates fields; ``%`` and ``|`` inside a field are escaped as ``%25`` and ``%7C``)::

    <version tag>|<kind>[|<field>...]

    Xy3_|c|age|18_25    Choose(node="age", choice="18_25")
    Xy3_|p|lieu|2       Pick(node="lieu", index=2)
    Xy3_|b              Back()          r Restart()   h Help()   o More()   z Resume()
    Xy3_|m  /  Xy3_|m|age   Modify() / Modify(node="age")
    Xy3_|f|1            Feedback(useful=True)  (0 for False)
    Xy3_|g|en           ChooseLanguage(lang="en")   (Xy3_|g: ChooseLanguage())
    Xy3_|u|1            FollowUp(wanted=True)       (0 for False)
    Xy3_|a|pas_encore   FollowUpAnswer(answer="pas_encore")
    Xy3_|det|e2c        Details(door="e2c")      Xy3_|sum|3   Summary(page=3)
    Xy3_|res            Results()                Xy3_|shr     Share()

Only events a button can carry are encoded or decoded: ``Start``, ``Text`` and ``Location`` come from the
person (a command, a message, a shared position), never from a button. Telegram does not check
``callback_data``, so a forged press carrying one of them (``Xy3_|l|1e308|0``) decodes to None and is
treated like any stale or invalid button.

The version tag is 4 URL-safe characters derived from the dialog version (see :func:`version_tag`): a
button made by an older dialog decodes fine but carries another tag, and the edge treats it as stale.

Edge-level actions (``/oubli`` confirmation...) are not engine events; they use the ``!`` prefix and no
version: ``!oubli:oui``. See :func:`encode_action` / :func:`decode_action`.

A few events mean the same whatever the dialog version (a language, the follow-up answers sent a week
later): :func:`is_timeless` says so, and the edge accepts them from a button of an older version.
"""

from __future__ import annotations

import base64
import hashlib

from bot.engine.events import (
    Back,
    Choose,
    ChooseLanguage,
    Details,
    Event,
    Feedback,
    FollowUp,
    FollowUpAnswer,
    Help,
    Location,
    Modify,
    More,
    Pick,
    Restart,
    Results,
    Resume,
    Share,
    Start,
    Summary,
    Text,
)

MAX_BYTES = 64
"""Telegram's limit on ``callback_data``, in bytes of UTF-8."""

SEP = "|"
ACTION_PREFIX = "!"
_TAG_LEN = 4


class NotAButtonEvent(ValueError):
    """``Start``, ``Text`` and ``Location`` are things a person does, never what a button carries."""

    def __init__(self, event: Event) -> None:
        super().__init__(f"{type(event).__name__} ne peut pas être porté par un bouton")


class CallbackDataTooLong(ValueError):
    """An event does not fit in Telegram's 64 bytes once encoded (node or choice id too long)."""

    def __init__(self, data: str) -> None:
        self.data = data
        self.size = len(data.encode("utf-8"))
        super().__init__(
            f"callback_data de {self.size} octets (maximum {MAX_BYTES}) : {data!r}. "
            "Raccourcis l'identifiant du nœud ou du choix."
        )


def version_tag(version: str) -> str:
    """4 URL-safe characters that identify a dialog version (24 bits of its SHA-256)."""
    digest = hashlib.sha256(version.encode("utf-8")).digest()[:3]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def _esc(field: str) -> str:
    return field.replace("%", "%25").replace(SEP, "%7C")


def _unesc(field: str) -> str:
    return field.replace("%7C", SEP).replace("%25", "%")


_SIMPLE: dict[type, str] = {
    Back: "b",
    Restart: "r",
    Help: "h",
    More: "o",
    Resume: "z",
    Results: "res",
    Share: "shr",
}
_SIMPLE_BY_KIND = {kind: cls for cls, kind in _SIMPLE.items()}


def _fields(event: Event) -> list[str]:
    match event:
        case Choose(node=node, choice=choice):
            return ["c", node, choice]
        case Pick(node=node, index=index):
            return ["p", node, str(index)]
        case Modify(node=node):
            return ["m"] if node is None else ["m", node]
        case Feedback(useful=useful):
            return ["f", "1" if useful else "0"]
        case ChooseLanguage(lang=lang):
            return ["g", lang] if lang else ["g"]
        case FollowUp(wanted=wanted):
            return ["u", "1" if wanted else "0"]
        case FollowUpAnswer(answer=answer):
            return ["a", answer]
        case Details(door=door):
            return ["det", door]
        case Summary(page=page):
            return ["sum", str(page)]
        case Start() | Text() | Location():
            raise NotAButtonEvent(event)
        case Back() | Restart() | Help() | More() | Resume() | Results() | Share():
            return [_SIMPLE[type(event)]]
    raise TypeError(f"événement inconnu : {event!r}")  # pragma: no cover - Event is a closed union


def _checked(data: str) -> str:
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackDataTooLong(data)
    return data


def encode(event: Event, version: str) -> str:
    """The compact ``callback_data`` of ``event`` for the dialog ``version``.

    Raises :class:`NotAButtonEvent` for ``Start``/``Text``/``Location``.

    Raises :class:`CallbackDataTooLong` (a ``ValueError``) when the result exceeds 64 bytes."""
    fields = [version_tag(version), *_fields(event)]
    return _checked(SEP.join(_esc(f) for f in fields))


def decode(data: str) -> tuple[str, Event] | None:
    """``(version tag, event)``, or None for anything that is not a well-formed event of this codec
    (garbage, an edge action, a button of some older format). Never raises."""
    if not data or data.startswith(ACTION_PREFIX) or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    tag, _, rest = data.partition(SEP)
    if len(tag) != _TAG_LEN or not rest:
        return None
    parts = [_unesc(p) for p in rest.split(SEP)]
    kind, args = parts[0], parts[1:]
    event = _event(kind, args)
    return None if event is None else (tag, event)


def _event(kind: str, args: list[str]) -> Event | None:
    if kind in _SIMPLE_BY_KIND:
        return _SIMPLE_BY_KIND[kind]() if not args else None
    if kind == "c" and len(args) == 2:
        return Choose(node=args[0], choice=args[1])
    if kind == "p" and len(args) == 2 and args[1].isascii() and args[1].isdigit():
        return Pick(node=args[0], index=int(args[1]))
    if kind == "m" and len(args) <= 1:
        return Modify(node=args[0] if args else None)
    if kind == "f" and args in (["0"], ["1"]):
        return Feedback(useful=args[0] == "1")
    if kind == "g" and len(args) <= 1:
        return ChooseLanguage(lang=args[0] if args else "")
    if kind == "u" and args in (["0"], ["1"]):
        return FollowUp(wanted=args[0] == "1")
    if kind == "a" and len(args) == 1:
        return FollowUpAnswer(answer=args[0])
    if kind == "det" and len(args) == 1 and args[0]:
        return Details(door=args[0])
    if kind == "sum" and len(args) == 1 and args[0].isascii() and args[0].isdigit() and len(args[0]) <= 4:
        return Summary(page=int(args[0]))
    return None


def is_timeless(event: Event) -> bool:
    """True for an event that means the same with any dialog version (accepted from older buttons)."""
    return isinstance(event, ChooseLanguage | FollowUp | FollowUpAnswer)


def is_current(tag: str, version: str) -> bool:
    """True when a decoded tag was made by the dialog ``version`` in use."""
    return tag == version_tag(version)


def encode_action(action: str) -> str:
    """``callback_data`` for an edge-level action (not an engine event), e.g. ``"oubli:oui"``."""
    if not action:
        raise ValueError("action vide")
    return _checked(ACTION_PREFIX + action)


def decode_action(data: str) -> str | None:
    """The edge action carried by ``data``, or None when it is not one."""
    if data.startswith(ACTION_PREFIX) and len(data) > 1 and len(data.encode("utf-8")) <= MAX_BYTES:
        return data[1:]
    return None
