"""Counsellors' scenarios: a conversation written in YAML, played through the real engine.

    scenario: jeune de 19 ans sans diplôme
    etapes:
      - envoie: /start
      - appuie: 18 à 25 ans            # a button of the last answer, by its label
      - ecrit: aucun diplome           # anything typed
        attend_texte: "Qu'est-ce que tu aimerais faire"
    attend:
      dispositifs: [e2c, mission_locale, apprentissage]

With ``lieux: oui`` the scenario is played with the real place search (the geodata index), so the place
question asks to confirm the place and the questions that depend on it (the quartier) are asked; without
it, the bot answers the place question « on continue sans ».

A step may check what the bot answered to it (``attend``, ``attend_texte``); the scenario's own ``attend`` and
``attend_texte`` check the answer to the last step. ``attend`` holds ``dispositifs`` (exactly these cards, in
this order), ``inclut`` (these among the cards) and ``exclut`` (none of these). A file holds one scenario or
a list of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.base.problems import Problem
from bot.base.suggest import did_you_mean
from bot.base.yamlsrc import LocatedDict, LocatedList, load_yaml_file
from bot.engine import events as ev
from bot.engine.core import Engine
from bot.engine.replies import CardDetails, Message, Reply, ResultSummary
from bot.engine.state import State
from bot.matching.normalize import normalize

SCENARIO_KEYS = {"scenario", "lieux", "etapes", "attend", "attend_texte"}
STEP_KEYS = {"envoie", "appuie", "ecrit", "attend", "attend_texte"}
EXPECT_KEYS = {"dispositifs", "inclut", "exclut"}
ACTIONS = ("envoie", "appuie", "ecrit")
YES_NO = {"oui": True, "true": True, "yes": True, "non": False, "false": False, "no": False}


@dataclass(frozen=True, slots=True)
class Expect:
    dispositifs: tuple[str, ...] | None = None
    inclut: tuple[str, ...] = ()
    exclut: tuple[str, ...] = ()
    texte: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    action: str | None  # "envoie" | "appuie" | "ecrit"; None for the scenario's final check
    value: str
    expect: Expect | None
    line: int

    def describe(self) -> str:
        return f"« {self.action}: {self.value} »" if self.action else "vérification finale"


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    path: str
    line: int
    steps: tuple[Step, ...]
    places: bool = False  # « lieux: oui »: played with the real place search (the geodata index)


@dataclass(frozen=True, slots=True)
class Outcome:
    scenario: Scenario
    problem: Problem | None  # None when it passed

    @property
    def passed(self) -> bool:
        return self.problem is None


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def keys(self, data: LocatedDict, allowed: set[str], what: str) -> None:
        for key, line in data.key_lines.items():
            if key != "__duplicates__" and key not in allowed:
                self.problem(
                    line,
                    f"{what} : clé inconnue « {key} ».",
                    did_you_mean(key, allowed) or f"Clés possibles : {', '.join(sorted(allowed))}.",
                )

    def ids(self, raw: Any, line: int, what: str) -> tuple[str, ...]:
        if isinstance(raw, str):
            return (raw,)
        if isinstance(raw, LocatedList) and all(isinstance(x, str) for x in raw):
            return tuple(raw)
        self.problem(
            line, f"{what} : attendu une liste d'identifiants de dispositifs.", "Exemple : [e2c, cio]"
        )
        return ()

    def expect(self, data: LocatedDict, what: str) -> Expect | None:
        raw, text = data.get("attend"), data.get("attend_texte")
        if raw is None and text is None:
            return None
        if text is not None and not isinstance(text, str):
            self.problem(data.line_of("attend_texte"), f"{what} : « attend_texte » doit être un texte.")
            text = None
        if raw is None:
            return Expect(texte=text)
        if not isinstance(raw, LocatedDict):
            self.problem(
                data.line_of("attend"),
                f"{what} : « attend » contient « dispositifs », « inclut » ou « exclut ».",
                "Exemple : attend: {dispositifs: [e2c]}",
            )
            return Expect(texte=text)
        self.keys(raw, EXPECT_KEYS, f"{what}, attend")
        exact = (
            self.ids(raw["dispositifs"], raw.line_of("dispositifs"), what) if "dispositifs" in raw else None
        )
        inclut = self.ids(raw["inclut"], raw.line_of("inclut"), what) if "inclut" in raw else ()
        exclut = self.ids(raw["exclut"], raw.line_of("exclut"), what) if "exclut" in raw else ()
        return Expect(exact, inclut, exclut, text)

    def scenario(self, data: Any, line: int) -> Scenario | None:
        if not isinstance(data, LocatedDict):
            self.problem(line, "un scénario commence par « scenario: … » puis « etapes: ».")
            return None
        before = len(self.problems)
        self.keys(data, SCENARIO_KEYS, "scénario")
        name = data.get("scenario")
        if not isinstance(name, str) or not name.strip():
            self.problem(
                data.line,
                "il manque « scenario: » (une phrase qui dit ce qu'on teste).",
                "Exemple : scenario: jeune de 19 ans sans diplôme",
            )
            name = f"ligne {data.line}"
        what = f"scénario « {name} »"
        places = YES_NO.get(str(data.get("lieux", False)).strip().lower())
        if places is None:
            self.problem(
                data.line_of("lieux"),
                f"{what} : « lieux » vaut oui ou non (true / false).",
                "Avec « lieux: oui », le scénario est joué avec la vraie recherche des lieux.",
            )
        raw_steps = data.get("etapes")
        if not isinstance(raw_steps, LocatedList) or not raw_steps:
            self.problem(
                data.line_of("etapes"),
                f"{what} : « etapes » doit être une liste non vide.",
                "Exemple :  - envoie: /start",
            )
            return None
        steps: list[Step] = []
        for index, item in enumerate(raw_steps):
            step_line = raw_steps.line_of(index)
            swhat = f"{what}, étape {index + 1}"
            if not isinstance(item, LocatedDict):
                self.problem(
                    step_line,
                    f"{swhat} : une étape s'écrit « - envoie: … », « - appuie: … » ou « - ecrit: … ».",
                )
                continue
            self.keys(item, STEP_KEYS, swhat)
            actions = [a for a in ACTIONS if a in item]
            if not actions and any(k not in STEP_KEYS for k in item.key_lines if k != "__duplicates__"):
                continue  # a misspelt action, already reported with the closest key
            if len(actions) != 1:
                self.problem(
                    step_line, f"{swhat} : une étape contient une seule action : envoie, appuie ou ecrit."
                )
                continue
            value = item[actions[0]]
            if not isinstance(value, str | int):
                self.problem(item.line_of(actions[0]), f"{swhat} : « {actions[0]} » doit être un texte.")
                continue
            steps.append(Step(actions[0], str(value), self.expect(item, swhat), step_line))
        final = self.expect(data, what)
        if final is not None:
            steps.append(
                Step(None, "", final, data.line_of("attend" if "attend" in data else "attend_texte"))
            )
        if len(self.problems) > before:
            return None  # a scenario with a misread step is not played: it would test something else
        return Scenario(name.strip(), self.path, data.line, tuple(steps), places is True)


def load_scenarios(path: Path, display: str | None = None) -> tuple[list[Scenario], list[Problem]]:
    shown = display or str(path)
    data, problems = load_yaml_file(path)
    if problems:
        return [], [Problem(shown, p.line, p.message, p.hint) for p in problems]
    reader = _Reader(shown)
    items = list(enumerate(data)) if isinstance(data, LocatedList) else [(None, data)]
    scenarios: list[Scenario] = []
    for index, item in items:
        line = data.line_of(index) if isinstance(data, LocatedList) and index is not None else 1
        scenario = reader.scenario(item, line)
        if scenario is not None:
            scenarios.append(scenario)
    return scenarios, reader.problems


def _buttons(replies: list[Reply]) -> list[tuple[str, ev.Event]]:
    return [(b.label, b.event) for r in replies if not isinstance(r, CardDetails) for b in r.buttons]


def _text(replies: list[Reply]) -> str:
    parts: list[str] = []
    for reply in replies:
        if isinstance(reply, Message):
            parts.append(reply.text)
        elif isinstance(reply, ResultSummary):
            parts.append(reply.text)
            for card in reply.cards:
                parts += [card.title, card.summary, *card.reasons]
        else:
            parts += [reply.card.title, reply.card.summary, *reply.card.reasons]
    return "\n".join(parts)


def _event(step: Step, replies: list[Reply]) -> ev.Event | str:
    """The event of a step, or the reason it cannot be played."""
    if step.action == "appuie":
        buttons = _buttons(replies)
        wanted = normalize(step.value)
        found = next((event for label, event in buttons if normalize(label) == wanted), None)
        if found is not None:
            return found
        labels = [label for label, _ in buttons]
        shown = ", ".join(f"« {label} »" for label in labels) or "aucun"
        hint = did_you_mean(step.value, labels)
        return f"pas de bouton « {step.value} » dans la dernière réponse. Boutons proposés : {shown}." + (
            f" {hint}" if hint else ""
        )
    text = step.value.strip()
    if step.action == "envoie" and (text == "/start" or text.startswith("/start ")):
        return ev.Start(text.removeprefix("/start").strip())
    return ev.Text(text)


def _check(expect: Expect, replies: list[Reply]) -> str | None:
    shown = [c.dispositif_id for r in replies if isinstance(r, ResultSummary) for c in r.cards]
    listed = ", ".join(shown) or "aucun dispositif"
    if expect.dispositifs is not None and list(expect.dispositifs) != shown:
        return f"attendu {', '.join(expect.dispositifs) or 'aucun dispositif'} ; le bot a proposé : {listed}."
    missing = [d for d in expect.inclut if d not in shown]
    if missing:
        return f"{', '.join(missing)} manque ; le bot a proposé : {listed}."
    unwanted = [d for d in expect.exclut if d in shown]
    if unwanted:
        return f"{', '.join(unwanted)} ne devrait pas être proposé ; le bot a proposé : {listed}."
    if expect.texte is not None and normalize(expect.texte) not in normalize(_text(replies)):
        said = " / ".join(line for line in _text(replies).split("\n") if line.strip())[:300]
        return f"le texte « {expect.texte} » n'apparaît pas. Le bot a dit : « {said} »."
    return None


def run_scenario(scenario: Scenario, engine: Engine) -> Outcome:
    state: State | None = None
    replies: list[Reply] = []
    for number, step in enumerate(scenario.steps, start=1):
        if step.action is not None:
            event = _event(step, replies)
            if isinstance(event, str):
                return _failed(scenario, step, number, event)
            result = engine.step(state, event)
            state, replies = result.state, result.replies
        if step.expect is not None:
            failure = _check(step.expect, replies)
            if failure is not None:
                return _failed(scenario, step, number, failure)
    return Outcome(scenario, None)


def not_played(scenario: Scenario, reason: str) -> Outcome:
    """A scenario that could not be played (``reason``, in French), as a failure."""
    return Outcome(
        scenario, Problem(scenario.path, scenario.line, f"scénario « {scenario.name} » non joué : {reason}")
    )


def _failed(scenario: Scenario, step: Step, number: int, message: str) -> Outcome:
    where = step.describe() if step.action is None else f"étape {number} ({step.describe()})"
    return Outcome(
        scenario, Problem(scenario.path, step.line, f"scénario « {scenario.name} », {where} : {message}")
    )
