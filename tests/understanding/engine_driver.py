"""The real `Engine` on the shipped dialog, driven to each question of the corpus once; each corpus item
is then one Text event from there, and what the engine did (its state, replies and facts) is turned back
into an `Answer` to be judged like the reader's. Shared by bench/eval_understanding.py --engine and the
gate tests/understanding/test_engine_corpus.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import DEFAULT_GEODATA_DIR
from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine import wording
from bot.engine.core import Engine, Knowledge
from bot.engine.offers import TakeChoice, TakePlace
from bot.engine.replies import Message, ResultSummary
from bot.engine.state import State
from bot.knowledge.dispositifs import load_catalogue
from bot.knowledge.types import PlaceResolver
from bot.matching.normalize import normalize
from bot.understanding import ASIDE, CONFIRM, FREE, TAKE, UNKNOWN, Answer
from tests.understanding.harness import ROOT, TODAY, Item, shipped_dialog

RESULT_CHOICES: dict[Any, str] = {
    ev.Feedback(True): "utile",
    ev.Feedback(False): "pas_utile",
    ev.More(): "autres_pistes",
    ev.Modify(): "modifier",
    ev.Restart(): "recommencer",
}


def real_places(index_dir: Path) -> PlaceResolver | None:
    """The real place index over ../shared/data (built in ``index_dir``), or None when the data is absent."""
    from bot.knowledge.geo import load_resolver
    from bot.knowledge.geo.sources import missing_sources

    if missing_sources(DEFAULT_GEODATA_DIR):
        return None
    return load_resolver(DEFAULT_GEODATA_DIR, index_dir / "geodata.index", ROOT / "knowledge")


@dataclass(frozen=True, slots=True)
class Seen:
    """One item through the engine: the answer as judged, and the commune of the first place offered."""

    answer: Answer
    first_commune: str = ""


class EngineDriver:
    def __init__(self, places: PlaceResolver | None) -> None:
        from tests.engine.conftest import FakePlaces, FakeStructures

        dialog = shipped_dialog()
        catalogue, problems = load_catalogue(ROOT / "knowledge" / "dispositifs.yaml")
        assert not problems
        resolver: Any = places if places is not None else FakePlaces()
        self.engine = Engine(dialog, Knowledge(catalogue, resolver, FakeStructures()), today=lambda: TODAY)
        self.dialog = dialog
        self.real_places = places is not None
        state = self.engine.step(None, ev.Start("")).state
        self.at: dict[str, State] = {"age": state}
        for node, choice, nxt in (
            ("age", "18_25", "scolarite"),
            ("scolarite", "arret", "diplome"),
            ("diplome", "aucun", "projet"),
            ("projet", "emploi", "lieu"),
        ):
            state = self.engine.step(state, ev.Choose(node, choice)).state
            self.at[nxt] = state
        state = self.engine.step(state, ev.Text("roubaix")).state
        assert len(state.options) == 2, "« roubaix » must be offered alone for confirmation"
        self.at["confirmation"] = state
        state = self.engine.step(state, ev.Pick("lieu", 0)).state
        assert state.node == "resultat"
        self.at["resultat"] = state

    def read(self, item: Item) -> Answer:
        return self.see(item).answer

    def see(self, item: Item) -> Seen:
        before = self.at[item.question]
        result = self.engine.step(before, ev.Text(item.text))
        after = result.state
        asides = [f for f in result.facts if isinstance(f, fx.Aside)]
        if asides:
            return Seen(Answer(ASIDE, "smalltalk", topic=asides[0].topic))
        # what was said: messages, and the result summary (« Voici d'autres pistes » leads one)
        said = [r for r in result.replies if isinstance(r, Message | ResultSummary)]
        if item.question == "confirmation":
            return Seen(self._confirmation(before, after, item, said))
        if item.question == "resultat":
            return Seen(self._result(result.facts, said))
        if item.question == "lieu":
            places = [o.action for o in after.options if isinstance(o.action, TakePlace)]
            if places:
                return Seen(Answer(FREE, "text", rest=item.text), str(places[0].place.get("commune", "")))
            searched = any(m.text.startswith(wording.PLACE_NOT_FOUND) for m in said)
            if searched and not self.real_places:  # the fake resolver knows only Roubaix
                return Seen(Answer(FREE, "text", rest=item.text))
            return Seen(Answer(UNKNOWN, "none"))
        node = self.dialog.node(item.question)
        if after.node != before.node and node.variable is not None and node.variable in after.answers:
            value = after.answers[node.variable]
            choice = next(c.id for c in node.choices if c.value == value)
            return Seen(Answer(TAKE, "words", choice))
        offered = tuple(o.action.choice for o in after.options if isinstance(o.action, TakeChoice))
        if offered:
            return Seen(Answer(CONFIRM, "words", None, 0.5, offered))
        return Seen(Answer(UNKNOWN, "none"))

    def _confirmation(
        self, before: State, after: State, item: Item, said: Sequence[Message | ResultSummary]
    ) -> Answer:
        if after.node == "resultat":
            return Answer(TAKE, "yesno", "oui")
        text = " ".join(m.text for m in said)
        if after.node == "lieu" and not after.options and wording.PLACE_RETRY in text:
            return Answer(TAKE, "yesno", "non")
        if after.options and said:
            # read as a new place: right when the person said no and gave that place
            places = [o.action.place for o in after.options if isinstance(o.action, TakePlace)]
            communes = [normalize(str(p.get("commune", ""))) for p in places]
            labels = normalize(" ".join([after.prompt or "", *(o.label for o in after.options)]))
            rest = normalize(item.rest)
            if rest and (rest in labels or any(c and c in rest for c in communes)):
                return Answer(TAKE, "yesno", "non", rest=item.rest)
            return Answer(CONFIRM, "words", None, 0.5, ("autre lieu",))
        return Answer(UNKNOWN, "none")

    def _result(self, facts: Sequence[fx.Fact], said: Sequence[Message | ResultSummary]) -> Answer:
        for fact in facts:
            if isinstance(fact, fx.FeedbackGiven):
                return Answer(TAKE, "words", "utile" if fact.useful else "pas_utile")
            if isinstance(fact, fx.Restarted):
                return Answer(TAKE, "words", "recommencer")
        texts = [m.text for m in said]
        if wording.MODIFY_WHICH in texts:
            return Answer(TAKE, "words", "modifier")
        if any(t in (wording.MORE_HEADER, wording.NO_MORE) for t in texts):
            return Answer(TAKE, "words", "autres_pistes")
        which = next((m for m in said if m.text == wording.WHICH_ONE), None)
        if which is not None:
            meant = tuple(RESULT_CHOICES[b.event] for b in which.buttons if b.event in RESULT_CHOICES)
            return Answer(CONFIRM, "words", None, 0.5, meant)
        return Answer(UNKNOWN, "none")
