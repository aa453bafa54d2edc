"""One Bot API call through python-telegram-bot: its default httpx client against ours on aiohttp.

    .venv/bin/python bench/bench_http.py [--calls 1500] [--rounds 3] [--concurrency 1,20]

The fake Bot API server of the tests (``tests/tg/fakebotapi.py``) runs in a child process on 127.0.0.1, so
the CPU time of this process is the client's alone: a ``Bot`` (PTB's encoding, parsing and request wrapper
included) sends ``sendMessage`` with an inline keyboard, ``--calls`` times per round, one at a time or
``--concurrency`` at once, with ``HTTPXRequest`` (PTB's default) then ``bot.tg.http.AiohttpRequest``,
rounds interleaved. Prints per client: calls/s, CPU per call, median and p95 latency; then the ratios
(aiohttp / httpx) of each round and their median. Same pool size and timeouts for both."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup  # noqa: E402
from telegram.request import BaseRequest, HTTPXRequest  # noqa: E402

from bot.tg.http import AiohttpRequest  # noqa: E402
from tests.tg.fakebotapi import TOKEN, FakeBotApi  # noqa: E402

KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton(label, callback_data=f"v1:q:{i}")]
        for i, label in enumerate(("Oui", "Non", "Je sais pas"))
    ]
)
TEXT = "Tu as quitté l'école depuis combien de temps ? Réponds avec un bouton ou écris-le."


def serve() -> None:
    """The child: the fake server on a free port, printed on stdout; runs until stdin closes."""

    async def run() -> None:
        async with FakeBotApi() as api:
            print(api.port, flush=True)
            await asyncio.to_thread(sys.stdin.read)

    asyncio.run(run())


def make(kind: str) -> BaseRequest:
    if kind == "httpx":
        return HTTPXRequest(
            connection_pool_size=64,
            connect_timeout=5.0,
            read_timeout=10.0,
            write_timeout=10.0,
            pool_timeout=3.0,
        )
    return AiohttpRequest(
        connection_pool_size=64, connect_timeout=5.0, read_timeout=10.0, write_timeout=10.0, pool_timeout=3.0
    )


async def one_round(kind: str, port: int, calls: int, concurrency: int) -> tuple[float, float, list[float]]:
    """(calls/s, CPU ms per call, latencies in ms) for ``calls`` sendMessage through ``kind``."""
    bot = Bot(
        TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=make(kind), get_updates_request=make(kind)
    )
    latencies: list[float] = []
    async with bot:
        for i in range(20):  # warm-up: connections opened, code paths run once
            await bot.send_message(i + 1, TEXT, reply_markup=KEYBOARD)

        async def worker(chat: int, count: int) -> None:
            for _ in range(count):
                started = time.perf_counter()
                await bot.send_message(chat, TEXT, reply_markup=KEYBOARD)
                latencies.append((time.perf_counter() - started) * 1000)

        each = calls // concurrency
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker(c + 1, each) for c in range(concurrency)))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    done = each * concurrency
    return done / wall, cpu / done * 1000, latencies


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", default="1,20")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return 0
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        for concurrency in (int(n) for n in args.concurrency.split(",")):
            print(f"== {concurrency} call(s) at once, {args.calls} calls a round, {args.rounds} rounds")
            print(f"{'client':>8} {'calls/s':>9} {'CPU ms/call':>12} {'median ms':>10} {'p95 ms':>8}")
            ratios: list[tuple[float, float, float]] = []
            for _ in range(args.rounds):
                measured = {
                    kind: asyncio.run(one_round(kind, port, args.calls, concurrency))
                    for kind in ("httpx", "aiohttp")
                }
                for kind, (rate, cpu, lat) in measured.items():
                    p95 = statistics.quantiles(lat, n=20)[-1]
                    print(f"{kind:>8} {rate:9.0f} {cpu:12.3f} {statistics.median(lat):10.2f} {p95:8.2f}")
                (h_rate, h_cpu, h_lat), (a_rate, a_cpu, a_lat) = measured["httpx"], measured["aiohttp"]
                ratios.append(
                    (a_rate / h_rate, a_cpu / h_cpu, statistics.median(a_lat) / statistics.median(h_lat))
                )
            rates, cpus, lats = zip(*ratios, strict=True)
            print(
                f"aiohttp / httpx, median of {args.rounds} rounds: calls/s {statistics.median(rates):.2f}x, "
                f"CPU per call {statistics.median(cpus):.2f}x, median latency {statistics.median(lats):.2f}x "
                f"(rounds: {', '.join(f'{r:.2f}' for r in rates)} calls/s)"
            )
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
