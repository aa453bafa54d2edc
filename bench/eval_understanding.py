"""How well typed answers are understood, measured on tests/understanding/corpus (616 answers typed the
way 16–25-year-olds type), per question of dialogs/orientation.yaml.

    .venv/bin/python bench/eval_understanding.py [--half tune|check|fresh|reserve|all] [--engine] [--places]

--reader (the default): the reader (`bot.understanding`) on the shipped dialog's questions with the changes
   proposed in tests/understanding/proposed_orientation_changes.yaml; also shown on the dialog as shipped.
--engine (the main measure): the real Engine end to end, with the real place index when ../shared/data
   exists (else the tests' fake places): a Text event at each question, its replies, state and facts
   classified; also how often the first place offered is in the expected commune.
--places: at « Tu habites où ? », also resolve with the real place index (needs ../shared/data) and count
   the items whose first candidate is in the expected commune.
Dates are read at 2026-11-29. Prints per question: taken right, confirmed with the right option first,
silently wrong, asked again, off-topic handled as small talk; totals; the list of silent mistakes."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.knowledge.types import PlaceResolver
from bot.matching.normalize import normalize
from bot.understanding import FREE
from tests.understanding.engine_driver import EngineDriver, real_places
from tests.understanding.harness import (
    ASIDE_RIGHT,
    ASKED_RIGHT,
    CONFIRMED_OTHER,
    CONFIRMED_RIGHT,
    MISSED,
    PLACE_RIGHT,
    QUESTIONS,
    RIGHT,
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


# ------------------------------------------------------------------------------ the engine


def engine_figures(items: list[Item], places: PlaceResolver | None, *, details: bool) -> None:
    """The main measure: every item through the real Engine (a Text event at its question)."""
    driver = EngineDriver(places)
    tally = Tally()
    found = typed_places = 0
    wrong_places: list[str] = []
    for item in items:
        seen = driver.see(item)
        tally.add(item, seen.answer)
        if item.question == "lieu" and item.expected == "lieu":
            typed_places += 1
            if normalize(seen.first_commune).startswith(normalize(item.place)):
                found += 1
            else:
                wrong_places.append(f"  « {item.text} » attendu {item.place} -> {seen.first_commune or '—'}")
    where = "vrai index des lieux" if driver.real_places else "faux résolveur des tests"
    print_tally(f"moteur, de bout en bout ({where})", tally, details=details)
    print(f"lieux : bonne commune proposée en premier {found}/{typed_places}")
    if details:
        print("\n".join(wrong_places))
    started = time.perf_counter()
    EngineDriver(places)
    print(f"moteur prêt (dialogue lu, lecteurs construits) en {(time.perf_counter() - started) * 1e3:.0f} ms")


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


def load_places(index_dir: Path) -> PlaceResolver | None:
    places = real_places(index_dir)
    if places is None:
        print("(données ouvertes absentes de ../shared/data : faux résolveur des tests)")
    return places


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
    parser.add_argument("--engine", action="store_true", help="measure the real engine end to end")
    parser.add_argument("--reader", action="store_true", help="measure the reader (default)")
    parser.add_argument("--places", action="store_true", help="resolve places with the real index")
    parser.add_argument("--details", action="store_true", help="also list the misses that were not silent")
    args = parser.parse_args()
    items = [i for i in load_corpus() if args.half == "all" or i.half == args.half]
    print(f"corpus : {len(items)} réponses (moitié : {args.half}), lues au {TODAY.isoformat()}")
    index_dir = tempfile.TemporaryDirectory(prefix="eval-places-")
    places = load_places(Path(index_dir.name)) if args.places or args.engine else None
    if args.engine:
        engine_figures(items, places, details=args.details)
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
    index_dir.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
