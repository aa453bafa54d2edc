"""Shared by bench/eval_understanding.py and the corpus gate: load the corpus, build the question specs,
judge an `Answer` against a counsellor's label.

The corpus is split in two halves by a stable hash of each text: thresholds and proposed synonyms were
tuned looking only at the "tune" half; the "check" half was looked at once, at the end. A third lot,
corpus/frais/, was written after tuning and measured as it came; a fourth, corpus/reserve/, was written
before the reader was wired into the engine and never tuned on (half "reserve")."""

from __future__ import annotations

import datetime as dt
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.dialogs.loader import load_dialog
from bot.dialogs.model import Dialog
from bot.matching.normalize import normalize
from bot.understanding import (
    ASIDE,
    CONFIRM,
    FREE,
    PLACE,
    RESULT_SCREEN,
    TAKE,
    Answer,
    ChoiceSpec,
    QuestionReader,
    QuestionSpec,
    read_confirmation,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
OVERLAY = Path(__file__).resolve().parent / "proposed_orientation_changes.yaml"
DIALOG = ROOT / "dialogs" / "orientation.yaml"
TODAY = dt.date(
    2026, 11, 29
)  # the corpus's dates (« né en 2005 », « depuis septembre ») are read at this day
QUESTIONS = ("age", "scolarite", "diplome", "projet", "lieu", "confirmation", "resultat")
ASK = "ask"
OFF_TOPIC = "off_topic"


@dataclass(frozen=True, slots=True)
class Item:
    question: str
    text: str
    expected: str
    note: str = ""
    place: str = ""  # lieu: the commune a counsellor would understand
    rest: str = ""  # confirmation: what must be kept after « non, … »
    where: str = ""
    lot: str = ""  # "frais" or "reserve": a lot written after tuning, never tuned on

    @property
    def fresh(self) -> bool:
        return self.lot == "frais"

    @property
    def half(self) -> str:
        if self.lot:
            return "fresh" if self.lot == "frais" else self.lot
        return "tune" if zlib.crc32(self.text.encode()) % 2 == 0 else "check"


def load_corpus(directory: Path = CORPUS_DIR) -> list[Item]:
    items: list[Item] = []
    lots = sorted(directory.glob("frais/*.yaml")) + sorted(directory.glob("reserve/*.yaml"))
    for path in sorted(directory.glob("*.yaml")) + lots:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        question = str(data["question"])
        for number, raw in enumerate(data["exemples"], start=1):
            items.append(
                Item(
                    question,
                    str(raw["texte"]),
                    str(raw["attendu"]),
                    str(raw.get("note", "")),
                    str(raw.get("lieu", "")),
                    str(raw.get("reste", "")),
                    f"{path.relative_to(directory)} #{number}",
                    path.parent.name if path.parent != directory else "",
                )
            )
    return items


def _choice_spec(choice: Any, change: dict[str, Any]) -> ChoiceSpec:
    removed = {normalize(s) for s in change.get("retirer", [])}
    synonyms = tuple(s for s in choice.synonyms if normalize(s) not in removed)
    synonyms += tuple(str(s) for s in change.get("ajouter", []))
    durations = change.get("durees")
    return ChoiceSpec(
        choice.id,
        tuple(choice.label.translations.values()),
        synonyms,
        choice.numbers,
        (float(durations[0]), float(durations[1])) if durations else choice.durations,
    )


def dialog_specs(dialog: Dialog, overlay: dict[str, Any] | None) -> dict[str, QuestionSpec]:
    """One spec per question of the dialog, with the proposed YAML changes applied (None: as shipped)."""
    overlay = overlay or {}
    specs: dict[str, QuestionSpec] = {}
    for node in dialog.nodes.values():
        changes = overlay.get(node.id, {}) or {}
        if node.choices:
            per_choice = changes.get("choix", {}) or {}
            specs[node.id] = QuestionSpec(
                node.id,
                tuple(_choice_spec(c, per_choice.get(c.id, {}) or {}) for c in node.choices),
                levels=bool(changes.get("niveaux", node.levels)),
            )
        elif node.input is not None and node.input.kind == "lieu":
            specs[node.id] = QuestionSpec(node.id, kind=PLACE)
    return specs


def shipped_dialog() -> Dialog:
    dialog, problems = load_dialog(DIALOG)
    assert dialog is not None and not problems, problems
    return dialog


def proposed_overlay() -> dict[str, Any]:
    data = yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


class Readers:
    """The reader on every question of the corpus."""

    def __init__(self, specs: dict[str, QuestionSpec]) -> None:
        self.readers = {qid: QuestionReader(spec) for qid, spec in specs.items()}
        self.readers["resultat"] = QuestionReader(RESULT_SCREEN)

    def read(self, item: Item, today: dt.date = TODAY) -> Answer:
        if item.question == "confirmation":
            answer = read_confirmation(item.text)
            if answer.outcome == TAKE:  # judged against oui / non
                return Answer(TAKE, answer.how, "oui" if answer.choice == "yes" else "non", rest=answer.rest)
            return answer
        return self.readers[item.question].read(item.text, today)


# ---------------------------------------------------------------------------------------- judging

TAKEN_RIGHT = "pris juste"
CONFIRMED_RIGHT = "confirmé juste"
ASIDE_RIGHT = "aparté juste"
ASKED_RIGHT = "redemandé juste"
PLACE_RIGHT = "lieu cherché"
SILENT = "faux silencieux"
CONFIRMED_OTHER = "confirmé autre"
MISSED = "redemandé"
RIGHT = frozenset({TAKEN_RIGHT, CONFIRMED_RIGHT, ASIDE_RIGHT, ASKED_RIGHT, PLACE_RIGHT})


def judge(item: Item, answer: Answer) -> str:
    expected = item.expected
    outcome = answer.outcome
    if expected == OFF_TOPIC:
        if outcome in (TAKE, FREE):
            return SILENT
        if outcome == CONFIRM:
            return CONFIRMED_OTHER
        return ASIDE_RIGHT if outcome == ASIDE else ASKED_RIGHT
    if expected == ASK:
        if outcome in (TAKE, FREE):
            return SILENT
        return CONFIRMED_RIGHT if outcome == CONFIRM else ASIDE_RIGHT if outcome == ASIDE else ASKED_RIGHT
    if expected == "lieu":
        return PLACE_RIGHT if outcome == FREE else SILENT if outcome == TAKE else MISSED
    if outcome == TAKE:
        if answer.choice != expected:
            return SILENT
        if item.rest and normalize(item.rest) not in normalize(answer.rest):
            return MISSED  # « non » understood, the new answer lost
        return TAKEN_RIGHT
    if outcome == CONFIRM:
        return CONFIRMED_RIGHT if answer.first == expected else CONFIRMED_OTHER
    return MISSED


@dataclass
class Tally:
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    silent: list[tuple[Item, Answer]] = field(default_factory=list)
    missed: list[tuple[Item, Answer]] = field(default_factory=list)

    def add(self, item: Item, answer: Answer) -> str:
        verdict = judge(item, answer)
        counter = self.counts.setdefault(item.question, Counter())
        counter[verdict] += 1
        counter["n"] += 1
        if item.expected == OFF_TOPIC:
            counter["hors sujet"] += 1
            counter["hors sujet en aparté"] += answer.outcome == ASIDE
        if verdict == SILENT:
            self.silent.append((item, answer))
        elif verdict not in RIGHT:
            self.missed.append((item, answer))
        return verdict

    def total(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counter in self.counts.values():
            total.update(counter)
        return total


def rate(counter: Counter[str], keys: Iterable[str]) -> float:
    return sum(counter[k] for k in keys) / counter["n"] if counter["n"] else 0.0


def describe(answer: Answer) -> str:
    if answer.outcome == TAKE:
        rest = f" + « {answer.rest} »" if answer.rest else ""
        return f"pris {answer.choice} ({answer.how}){rest}"
    if answer.outcome == CONFIRM:
        return f"confirmer {'/'.join(answer.candidates)} ({answer.how})"
    if answer.outcome == ASIDE:
        return f"aparté {answer.topic} ({answer.how})"
    if answer.outcome == FREE:
        return f"lieu « {answer.rest} »"
    return f"redemandé ({answer.how})"
