"""A scripted conversation as the conversation service would log it (facts from the engine)."""

from __future__ import annotations

from bot.engine import facts as f

VERSION = "orientation@1"


def conversation(*, completed: bool = True, unmatched: str | None = None) -> list[list[f.Fact]]:
    """Turns of facts: one list per message of the young person."""
    turns: list[list[f.Fact]] = [
        [f.ConversationStarted(source="mlroubaix", qpv=None), f.NodeReached("age")],
        [f.Answered("age", "age", "18_25", "button"), f.NodeReached("ecole")],
        [f.Answered("ecole", "scolarite", "non", "fuzzy"), f.NodeReached("projet")],
    ]
    if unmatched is not None:
        turns.append([f.Answered("projet", "projet", None, "unmatched", unmatched), f.HelpOffered("projet")])
    turns += [
        [f.Answered("projet", "projet", "metier", "confirmed"), f.NodeReached("lieu")],
    ]
    if completed:
        turns += [
            [
                f.Answered("lieu", "lieu", None, "place"),
                f.PlaceResolved("59512", "QN05980M", "position"),
                f.Recommended(("e2c", "mission_locale"), ("ml_roubaix", "e2c_roubaix")),
                f.Completed("resultat"),
            ],
            [f.ContactShown("ml_roubaix", "phone"), f.FeedbackGiven(useful=True)],
        ]
    return turns
