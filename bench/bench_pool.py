"""HTTP connection pool x updates processed at once: which setting serves the journeys best.

    .venv/bin/python bench/bench_pool.py [--users 1,20,100] [--rounds 4] [--configs 64/256,16/64,...]

Each setting is the real bot (``bench_e2e.py``'s child: production ``Application``, SQLite, engine, places)
in its own process, against its own fake Bot API server on 127.0.0.1, rate limiter off. For each N, the
settings play rounds in turn (A B C…, then …C B A, so the machine's load falls on all alike), each round N
people doing the whole journey of ``bench_e2e.py`` at once (at N = 1, more rounds: about 140 steps per
setting). Printed per N and setting: steps/s, median and p95 latency, CPU per step, and the ratios to the
first setting (the reference) paired round by round — their median and range: a setting is better only
when its whole range is.

Why the pool matters for CPU: before every request, httpcore looks at *every* connection of the pool to
see whether it expired (two system calls each), so a pool grown to 64 connections by a burst costs more per
call than one of 16. Why it cannot be tiny: a call waits for a free connection (``pool_timeout``), and
with the real Telegram a call holds its connection for a network round trip (tens of ms), not the 0.1 ms
of this loopback server — see ``docs/performance.md`` for the sizing that follows."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_e2e import JOURNEY_STEPS, BotProcess, CountingApi, Round, figures, one_round

DEFAULT_CONFIGS = "64/256,32/128,16/64,16/256,8/32"


@dataclass
class Setting:
    pool: int
    concurrency: int

    @property
    def name(self) -> str:
        return f"pool {self.pool:>3} / {self.concurrency:>3} at once"


async def main_async(settings: list[Setting], user_counts: list[int], rounds: int) -> None:
    apis = [CountingApi() for _ in settings]
    bots: list[BotProcess] = []
    for api in apis:
        await api.__aenter__()
    try:
        for setting, api in zip(settings, apis, strict=True):
            options = ("--pool", str(setting.pool), "--concurrency", str(setting.concurrency))
            bots.append(await BotProcess.start("bot", api, options))
        for bot in bots:  # warm-up: imports, first queries, SQLite pages
            await one_round(bot, 1, 1)
        next_id = 1000
        for users in user_counts:
            done: list[list[Round]] = [[] for _ in bots]
            for r in range(rounds_for(users, rounds)):
                order = list(range(len(bots)))
                for index in order if r % 2 == 0 else reversed(order):
                    done[index].append(await one_round(bots[index], users, next_id))
                    next_id += users
            report(users, settings, done)
    finally:
        for bot in bots:
            bot.stop()
        for api in apis:
            await api.__aexit__(None, None, None)


def report(users: int, settings: list[Setting], done: list[list[Round]]) -> None:
    """Per setting, the figures over all its rounds, then its ratios to the reference *round by round*
    (each round paired with the reference's round of the same pass, a few seconds apart): the median and
    the range of the paired ratios tell an effect from the machine's noise."""
    results = [figures(measured) for measured in done]
    print(f"N = {users}")
    print(
        f"  {'setting':<26}{'steps/s':>9}{'median ms':>11}{'p95 ms':>9}{'CPU ms/step':>13}"
        "   paired with the first: steps/s ratio, CPU ratio (median [min-max])"
    )
    for setting, f, measured in zip(settings, results, done, strict=True):
        speed = [_rate(mine) / _rate(ref) for mine, ref in zip(measured, done[0], strict=True)]
        cpu = [mine.cpu / ref.cpu for mine, ref in zip(measured, done[0], strict=True)]
        print(
            f"  {setting.name:<26}{f.steps_per_s:9.1f}{f.median_ms:11.2f}{f.p95_ms:9.1f}{f.cpu_ms:13.2f}"
            f"   {_spread(speed)}   {_spread(cpu)}",
            flush=True,
        )


def _rate(measured: Round) -> float:
    return measured.steps / measured.seconds


def _spread(ratios: list[float]) -> str:
    return f"{statistics.median(ratios):4.2f}x [{min(ratios):4.2f}-{max(ratios):4.2f}]"


def rounds_for(users: int, rounds: int) -> int:
    """At least ``rounds``, and enough for about 140 steps per setting (a round of one person is short)."""
    return max(rounds, -(-140 // (users * JOURNEY_STEPS)))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", default="1,20,100")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument(
        "--configs", default=DEFAULT_CONFIGS, help="pool/concurrency pairs, the first is the reference"
    )
    args = parser.parse_args()
    settings = [Setting(*map(int, pair.split("/"))) for pair in args.configs.split(",")]
    started = time.perf_counter()
    asyncio.run(main_async(settings, [int(n) for n in args.users.split(",")], args.rounds))
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
