"""Cost of one dialog turn: the pure engine alone, then the whole service with the SQLite store.

Run: .venv/bin/python bench/bench_engine.py   (needs the geodata folder for the place step)
Prints p50/p99 per turn and turns/s; Telegram caps a bot near 30 messages/s, the design asks 100x that."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.compose import build_engine
from bot.config import Settings
from bot.engine import events as ev
from bot.engine.core import Engine
from bot.services.conversation import ConversationService
from bot.storage.sqlite import open_storage

CONVERSATION: list[ev.Event] = [
    ev.Start("src_affiche"),
    ev.Text("j'ai 19ans"),
    ev.Text("arrêté depuis longtemps"),
    ev.Choose("diplome", "aucun"),
    ev.Text("apprentisage"),
    ev.Text("roubais"),
    ev.Text("oui"),
    ev.More(),
]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    return f"p50 {p50 * 1000:.3f} ms  p99 {p99 * 1000:.3f} ms  ({len(ordered)} turns)"


def bench_engine(engine: Engine, rounds: int) -> list[float]:
    samples: list[float] = []
    for _ in range(rounds):
        state = None
        for event in CONVERSATION:
            started = time.perf_counter()
            result = engine.step(state, event)
            state = type(result.state).from_dict(result.state.to_dict())
            samples.append(time.perf_counter() - started)
    return samples


async def bench_service(engine: Engine, rounds: int) -> tuple[list[float], float]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "bench.sqlite3", secret_path=Path(tmp) / "secret.key")
        storage = await open_storage(settings)
        service = ConversationService(engine, storage.sessions, storage.events)
        samples: list[float] = []
        wall = time.perf_counter()
        for i in range(rounds):
            for event in CONVERSATION:
                started = time.perf_counter()
                await service.handle(f"user{i}", event)
                samples.append(time.perf_counter() - started)
        wall = time.perf_counter() - wall
        await storage.aclose()
        return samples, wall


def main() -> None:
    settings = Settings.from_env()
    started = time.perf_counter()
    engine = build_engine(settings)
    print(f"start-up (corpus + place index + structures): {time.perf_counter() - started:.2f} s")
    bench_engine(engine, 20)  # warm-up
    samples = bench_engine(engine, 500)
    print(f"engine step (pure, with state JSON round trip): {percentiles(samples)}")
    print(f"  → {len(samples) / sum(samples):,.0f} turns/s on one core")
    service_samples, wall = asyncio.run(bench_service(engine, 300))
    print(f"service turn (SQLite state save + batched events): {percentiles(service_samples)}")
    print(f"  → {len(service_samples) / wall:,.0f} turns/s sequential; Telegram's cap is ~30 messages/s")


if __name__ == "__main__":
    main()
