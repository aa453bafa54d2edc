"""A transcript-style driver for the real orientation dialog through the pure engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.dialogs.loader import load_dialog
from bot.engine import events as ev
from bot.engine.core import Engine, Knowledge
from bot.engine.facts import Fact
from bot.engine.replies import Button, CardDetails, Message, Reply, ResultCard, ResultSummary
from bot.engine.state import State
from bot.knowledge.dispositifs import load_catalogue
from bot.knowledge.types import NearbyStructure, Place, PlaceCandidate, Structure

ROUBAIX = Place("59512", "Roubaix", "59", 50.69, 3.18, "59100")
ALMA = Place("59512", "Roubaix", "59", 50.695, 3.165, "59100", "QN05980M", "Quartiers Nord-Est")
ALMA_NAMED = Place(
    "59512", "Roubaix", "59", 50.695, 3.165, "59100", "QN05980M", "Alma-Gare, Epeule, Pile, Trois-Ponts"
)
NOUVEAU_ROUBAIX = Place("59512", "Roubaix", "59", 50.674, 3.187, "59100", "QN05981M", "Nouveau Roubaix")
SAINT_DENIS_93 = Place("93066", "Saint-Denis", "93", 48.93, 2.35, "93200")
SAINT_DENIS_974 = Place("97411", "Saint-Denis", "974", -20.88, 55.45, "97400")


class FakePlaces:
    """A tiny resolver with the contract of the real one (tests of the real one live in tests/knowledge)."""

    def resolve(self, text: str, limit: int = 5, within: str | None = None) -> list[PlaceCandidate]:
        key = text.strip().lower()
        if key in ("roubaix", "roubais", "59100"):
            return [PlaceCandidate(ROUBAIX, 100.0 if key != "roubais" else 93.0, "commune")]
        if key in ("alma", "l'alma", "alma-gare"):
            return [PlaceCandidate(ALMA, 100.0, "alias")]
        if key in ("saint-denis", "st denis"):
            return [
                PlaceCandidate(SAINT_DENIS_93, 100.0, "commune"),
                PlaceCandidate(SAINT_DENIS_974, 100.0, "commune"),
            ]
        return []

    def locate(self, lat: float, lon: float) -> PlaceCandidate | None:
        if abs(lat - ALMA.lat) < 0.01 and abs(lon - ALMA.lon) < 0.01:
            return PlaceCandidate(ALMA, 100.0, "position")
        return None

    def qpv(self, code_qpv: str) -> Place | None:
        return ALMA if code_qpv == "QN05980M" else None

    def qpvs_of_commune(self, code_insee: str) -> list[Place]:
        return [ALMA_NAMED, NOUVEAU_ROUBAIX] if code_insee == ROUBAIX.code_insee else []


ML_ROUBAIX = Structure(
    id="ml-roubaix",
    nom="Mission Locale de Roubaix",
    reseau="mission-locale",
    source="test",
    date_maj="2019",
    adresse="92 avenue Jean-Baptiste-Lebas",
    code_postal="59100",
    commune="Roubaix",
    lat=50.69,
    lon=3.17,
    telephone="03 20 00 00 00",
)


class FakeStructures:
    def nearest(self, reseau: str, lat: float, lon: float, limit: int = 2) -> list[NearbyStructure]:
        return [NearbyStructure(ML_ROUBAIX, 1.2)] if reseau == "mission-locale" and lat > 50 else []


@dataclass
class Transcript:
    """Talk to the engine like a person: send, press, type; read what came back."""

    engine: Engine
    state: State | None = None
    replies: list[Reply] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # the replies whose buttons are in use: the last ones, unless a short answer kept the screen above
    screen: list[Reply] = field(default_factory=list)
    kept_screen: bool = False

    def send(self, event: ev.Event) -> list[Reply]:
        result = self.engine.step(self.state, event)
        # the state must survive a JSON round trip at every step, like in the database
        self.state = State.from_dict(result.state.to_dict())
        self.replies = result.replies
        self.kept_screen = result.keeps_screen
        if not result.keeps_screen:
            self.screen = result.replies
        self.facts.extend(result.facts)
        return result.replies

    def start(self, payload: str = "") -> list[Reply]:
        return self.send(ev.Start(payload))

    def type(self, text: str) -> list[Reply]:
        return self.send(ev.Text(text))

    def buttons(self) -> list[Button]:
        for reply in reversed(self.screen if self.kept_screen else self.replies):
            if reply.buttons:
                return list(reply.buttons)
        return []

    def press(self, label: str) -> list[Reply]:
        labels = [b.label for b in self.buttons()]
        for button in self.buttons():
            if button.label == label:
                return self.send(button.event)
        raise AssertionError(f"no button {label!r}; buttons are {labels}")

    def text(self) -> str:
        return "\n".join(r.text for r in self.replies if isinstance(r, Message | ResultSummary))

    def summary(self) -> ResultSummary:
        found = [r for r in self.replies if isinstance(r, ResultSummary)]
        assert len(found) == 1, f"one summary expected, got {self.replies}"
        return found[0]

    def cards(self) -> list[ResultCard]:
        """The doors of the summary, or the card of the details shown."""
        cards = [c for r in self.replies if isinstance(r, ResultSummary) for c in r.cards]
        return cards + [r.card for r in self.replies if isinstance(r, CardDetails)]

    def doors(self) -> list[str]:
        return [c.dispositif_id for c in self.cards()]


@pytest.fixture(scope="session")
def corpus() -> tuple[object, object]:
    dialog, problems = load_dialog(PROJECT_ROOT / "dialogs" / "orientation.yaml")
    assert not problems and dialog is not None
    catalogue, problems = load_catalogue(Path(PROJECT_ROOT / "knowledge" / "dispositifs.yaml"))
    assert not problems
    return dialog, catalogue


@pytest.fixture
def engine(corpus: tuple[object, object]) -> Engine:
    dialog, catalogue = corpus
    return Engine(dialog, Knowledge(catalogue, FakePlaces(), FakeStructures()))  # type: ignore[arg-type]


@pytest.fixture
def talk(engine: Engine) -> Transcript:
    return Transcript(engine)
