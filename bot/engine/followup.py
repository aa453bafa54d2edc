"""The follow-up a week after a result (opt-in): the message sent, and what each of its answers says.

« J'ai besoin d'aide » gives the nearest Mission Locale again, found from the place saved in the
conversation (its commune or quartier reference point, never a position); when no place is known or none
is near, the official directory of the `mission_locale` dispositif — never an invented address."""

from __future__ import annotations

from dataclasses import replace

from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.flow import Flow
from bot.engine.replies import Button, Message
from bot.engine.turn import Knowledge, Turn
from bot.engine.variables import place_of
from bot.knowledge.types import Place

MISSION_LOCALE = "mission_locale"  # the dispositif whose network and directory are offered for help


def take_followup(flow: Flow, turn: Turn, wanted: bool) -> None:
    """The answer to « Je te redemande dans une semaine ? » (the service stores or cancels the date)."""
    if not flow.offer_followup:  # a button from a channel that cannot write later: ignore it
        flow.resume(turn, None)
        return
    turn.state = replace(turn.state, followup="yes" if wanted else "no")
    turn.facts.append(fx.FollowupRequested() if wanted else fx.FollowupDeclined())
    turn.say(wording.FOLLOWUP_SCHEDULED if wanted else wording.FOLLOWUP_DECLINED)


def answer_followup(flow: Flow, turn: Turn, answer: str) -> None:
    """A button of the follow-up message, a week later, whatever the conversation is doing now."""
    if answer not in ev.FOLLOWUP_ANSWERS:
        flow.stale(turn)
        return
    turn.facts.append(fx.FollowupAnswered(answer))
    place = place_of(flow.dialog, turn.state) if turn.state.dialog == flow.dialog.id else None
    turn.say(answer_text(answer, place, flow.knowledge, turn.state.lang))


def followup_message(lang: str) -> Message:
    """The message sent a week later, with its three answers."""
    return Message(
        wording.FOLLOWUP_QUESTION.get(lang),
        (
            Button(wording.FOLLOWUP_WENT.get(lang), ev.FollowUpAnswer("alle")),
            Button(wording.FOLLOWUP_NOT_YET.get(lang), ev.FollowUpAnswer("pas_encore")),
            Button(wording.FOLLOWUP_NEED_HELP.get(lang), ev.FollowUpAnswer("aide")),
        ),
    )


def answer_text(answer: str, place: Place | None, knowledge: Knowledge, lang: str) -> str:
    """What the bot says to one of the follow-up answers (``ev.FOLLOWUP_ANSWERS``)."""
    if answer == "alle":
        return wording.FOLLOWUP_WENT_REPLY.get(lang)
    if answer == "aide":
        return help_text(place, knowledge, lang)
    return wording.FOLLOWUP_NOT_YET_REPLY.get(lang)


def help_text(place: Place | None, knowledge: Knowledge, lang: str) -> str:
    dispositif = knowledge.catalogue.get(MISSION_LOCALE)
    if place is not None and knowledge.structures is not None and dispositif and dispositif.reseau:
        nearby = knowledge.structures.nearest(dispositif.reseau, place.lat, place.lon, limit=1)
        if nearby:
            structure = nearby[0].structure
            if structure.telephone:
                return wording.FOLLOWUP_HELP_PHONE.get(lang).format(
                    name=structure.nom, phone=structure.telephone
                )
            town = " ".join(p for p in (structure.code_postal, structure.commune) if p)
            address = ", ".join(p for p in (structure.adresse, town) if p)
            return wording.FOLLOWUP_HELP_PLACE.get(lang).format(name=structure.nom, address=address)
    url = (dispositif.annuaire or dispositif.lien) if dispositif else None
    if url:
        return wording.FOLLOWUP_HELP_DIRECTORY.get(lang).format(url=url)
    return wording.NO_DIRECTORY.get(lang)
