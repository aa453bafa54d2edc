"""How well typed answers are understood, measured on tests/understanding/corpus (616 answers typed the
way 16–25-year-olds type), per question of dialogs/orientation.yaml.

    .venv/bin/python bench/eval_understanding.py [--half tune|check|fresh|reserve|all] [--engine] [--places]

--reader (the default): the reader (`bot.understanding`) on the shipped dialog's questions with the changes
   proposed in tests/understanding/proposed_orientation_changes.yaml; also shown on the dialog as shipped.
--engine: the current engine end to end (a Text event at each question; its replies and state classified).
--places: at « Tu habites où ? », also resolve with the real place index (needs ../shared/data) and count
   the items whose first candidate is in the expected commune.
Dates are read at 2026-11-29. Prints per question: taken right, confirmed with the right option first,
silently wrong, asked again, off-topic handled as small talk; totals; the list of silent mistakes."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.engine import events as ev
from bot.engine import wording
from bot.engine.core import Engine, Knowledge
from bot.engine.replies import Message
from bot.engine.state import State
from bot.knowledge.dispositifs import load_catalogue
from bot.knowledge.types import PlaceResolver
from bot.matching.normalize import normalize
from bot.understanding import CONFIRM, FREE, TAKE, UNKNOWN, Answer
from tests.understanding.harness import (
    ASIDE_RIGHT,
    ASKED_RIGHT,
    CONFIRMED_OTHER,
    CONFIRMED_RIGHT,
    MISSED,
    PLACE_RIGHT,
    QUESTIONS,
    RIGHT,
    ROOT,
    SILENT,
    TAKEN_RIGHT,
    TODAY,
    Item,
    Readers,
    Tally,
    describe,
    dialog_specs,
    load_corpus,
    proposed_overlay,
    rate,
    shipped_dialog,
)

COLUMNS = (
    ("pris juste", (TAKEN_RIGHT,)),
    ("confirmé juste", (CONFIRMED_RIGHT,)),
    ("redemandé/aparté juste", (ASKED_RIGHT, ASIDE_RIGHT, PLACE_RIGHT)),
    ("faux silencieux", (SILENT,)),
    ("confirmé autre", (CONFIRMED_OTHER,)),
    ("redemandé (raté)", (MISSED,)),
)


def print_tally(title: str, tally: Tally, *, details: bool) -> None:
    print(f"\n== {title}")
    header = f"{'question':<13}{'n':>5}{'juste':>8}" + "".join(f"{name:>24}" for name, _ in COLUMNS)
    print(header + f"{'hors sujet en aparté':>24}")
    rows = [(q, tally.counts[q]) for q in QUESTIONS if q in tally.counts] + [("TOTAL", tally.total())]
    for question, counter in rows:
        cells = "".join(f"{sum(counter[k] for k in keys):>24}" for _, keys in COLUMNS)
        aside = f"{counter['hors sujet en aparté']}/{counter['hors sujet']}"
        print(f"{question:<13}{counter['n']:>5}{rate(counter, RIGHT):>8.1%}{cells}{aside:>24}")
    total = tally.total()
    print(f"juste {rate(total, RIGHT):.1%} · faux silencieux {rate(total, (SILENT,)):.1%}")
    if tally.silent:
        print("faux silencieux :")
        for item, answer in tally.silent:
            print(f"  [{item.question}] « {item.text} » attendu {item.expected} -> {describe(answer)}")
    if details and tally.missed:
        print("autres ratés :")
        for item, answer in tally.missed:
            print(f"  [{item.question}] « {item.text} » attendu {item.expected} -> {describe(answer)}")


# ------------------------------------------------------------------------------ current engine


class EngineDriver:
    """The shipped engine, driven to each question once; each item is one Text event from there."""

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
        assert state.options, "the place « roubaix » must be offered for confirmation"
        self.at["confirmation"] = state
        state = self.engine.step(state, ev.Pick("lieu", 0)).state
        assert state.node == "resultat"
        self.at["resultat"] = state

    def read(self, item: Item) -> Answer:
        before = self.at[item.question]
        result = self.engine.step(before, ev.Text(item.text))
        after = result.state
        if item.question == "confirmation":
            said = " ".join(r.text for r in result.replies if isinstance(r, Message))
            return self._confirmation(before, after, item, said)
        if item.question == "resultat":
            if after.node == self.dialog.start and not after.answers:
                return Answer(TAKE, "words", "recommencer")
            return Answer(UNKNOWN, "none")
        if item.question == "lieu":
            if after.options and after.options[0].action.startswith("place"):
                return Answer(FREE, "text", rest=item.text)
            return Answer(UNKNOWN, "none")
        node = self.dialog.node(item.question)
        if after.node != before.node and node.variable in after.answers:
            value = after.answers[node.variable]
            choice = next(c.id for c in node.choices if c.value == value)
            return Answer(TAKE, "words", choice)
        offered = [o.action.removeprefix("choice:") for o in after.options if o.action.startswith("choice:")]
        if offered:
            return Answer(CONFIRM, "words", None, 0.5, tuple(offered))
        return Answer(UNKNOWN, "none")

    def _confirmation(self, before: State, after: State, item: Item, said: str) -> Answer:
        if after.node == "resultat":
            return Answer(TAKE, "yesno", "oui")
        if after.node == "lieu" and not after.options and wording.PLACE_RETRY in said:
            return Answer(TAKE, "yesno", "non")
        if after.options and after.options != before.options:
            # read as a new place: right when the person said no and gave that place
            labels = " ".join(o.label for o in after.options)
            if item.rest and normalize(item.rest) in normalize(labels):
                return Answer(TAKE, "yesno", "non", rest=labels)
            return Answer(CONFIRM, "words", None, 0.5, ("autre lieu",))
        return Answer(UNKNOWN, "none")


def time_reads(items: list[Item], readers: Readers) -> str:
    """Per-answer cost with every cache emptied before each read (a text never seen before).

    CPU time of this process (time.process_time): on a loaded 2-core machine wall-clock percentiles
    mostly measure the scheduler; the wall-clock median is shown beside it."""
    from bot.matching.normalize import normalize as cached_normalize
    from bot.understanding.text import words as cached_words

    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(3):
        for item in items:
            cached_words.cache_clear()
            cached_normalize.cache_clear()
            for reader in readers.readers.values():
                reader.index._spelling.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            readers.read(item)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
    cpu.sort()
    wall.sort()
    p50, p99 = cpu[len(cpu) // 2] * 1e3, cpu[int(len(cpu) * 0.99)] * 1e3
    return (
        f"lecture à froid (CPU) : p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {cpu[-1] * 1e3:.3f} ms"
        f" · médiane horloge {wall[len(wall) // 2] * 1e3:.3f} ms ({len(cpu)} lectures)"
    )


def load_places() -> PlaceResolver | None:
    from bot.config import Settings
    from bot.errors import KnowledgeError
    from bot.knowledge.geo import load_resolver

    try:
        return load_resolver(Settings.from_env())
    except KnowledgeError as error:
        print(f"(index des lieux indisponible : {error})")
        return None


def place_check(items: list[Item], readers: Readers, places: PlaceResolver) -> None:
    found = total = 0
    wrong: list[str] = []
    for item in items:
        if item.question != "lieu" or item.expected != "lieu":
            continue
        total += 1
        answer = readers.read(item)
        candidates = places.resolve(answer.rest, limit=5) if answer.outcome == FREE else []
        first = candidates[0].place.commune if candidates else "—"
        if normalize(first).startswith(normalize(item.place)):  # « Paris 19e Arrondissement » is Paris
            found += 1
        else:
            wrong.append(f"  « {item.text} » attendu {item.place} -> {first}")
    title = "lieux (résolveur actuel, texte passé par le lecteur)"
    print(f"\n== {title} : bonne commune en premier {found}/{total}")
    print("\n".join(wrong))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", choices=("tune", "check", "fresh", "reserve", "all"), default="all")
    parser.add_argument("--engine", action="store_true", help="measure the current engine (baseline)")
    parser.add_argument("--reader", action="store_true", help="measure the reader (default)")
    parser.add_argument("--places", action="store_true", help="resolve places with the real index")
    parser.add_argument("--details", action="store_true", help="also list the misses that were not silent")
    args = parser.parse_args()
    items = [i for i in load_corpus() if args.half == "all" or i.half == args.half]
    print(f"corpus : {len(items)} réponses (moitié : {args.half}), lues au {TODAY.isoformat()}")
    places = load_places() if args.places or args.engine else None
    if args.engine:
        driver = EngineDriver(places)
        tally = Tally()
        for item in items:
            tally.add(item, driver.read(item))
        where = "vrai résolveur" if driver.real_places else "faux résolveur des tests"
        print_tally(f"moteur actuel, de bout en bout ({where})", tally, details=args.details)
    if args.reader or not args.engine:
        dialog = shipped_dialog()
        for title, overlay in (
            ("lecteur, dialogue tel que livré", None),
            ("lecteur, avec les changements proposés du YAML", proposed_overlay()),
        ):
            started = time.perf_counter()
            readers = Readers(dialog_specs(dialog, overlay))
            built = (time.perf_counter() - started) * 1e3
            tally = Tally()
            for item in items:
                tally.add(item, readers.read(item))
            print_tally(title, tally, details=args.details)
            print(f"préparation des questions : {built:.1f} ms · {time_reads(items, readers)}")
        if places is not None:
            place_check(items, readers, places)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
