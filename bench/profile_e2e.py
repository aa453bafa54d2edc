"""Where the bot's CPU goes during journeys: a sampling profile of the real bot, grouped by what it does.

    .venv/bin/python bench/profile_e2e.py [--users 20] [--seconds 15] [--py-spy PATH] [--raw OUT]
                                          [--mode polling|webhook]

Starts the real bot as ``bench_e2e.py`` does (its own process, production ``Application``, SQLite, fake
Bot API server on 127.0.0.1, rate limiter off), plays journeys of N people at once for ``--seconds``, and
samples the bot process meanwhile with py-spy (a sampling profiler that attaches to a running process:
``pip install py-spy`` in any environment; it is not a dependency of the bot). Prints the share of the
event loop thread's samples per kind of work, the split of one Bot API call, and the CPU per step.

Samples are taken by wall clock on threads that are not idle; the event loop thread holds almost all the
CPU (the aiosqlite thread about 5 %, measured from /proc), so its shares are shares of the CPU."""

from __future__ import annotations

import argparse
import asyncio
import collections
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_e2e import BotProcess, CountingApi, one_round

# (label, substrings of a stack): a sample goes to the first label one of whose substrings is in its stack
WORK = (
    ("conversation service: engine step", ("Engine.step",)),
    ("conversation service: state load/save, usage log", ("ConversationService.",)),
    ("getUpdates (HTTP + parsing the updates)", ("get_updates",)),
    ("Bot API calls: answerCallbackQuery", ("answer_callback_query",)),
    ("Bot API calls: sendMessage", ("Bot.send_message",)),
    ("Bot API calls: editMessageText", ("Bot.edit_message_text",)),
    ("Bot API calls: others", ("Bot._post",)),
    ("rendering replies (bot/tg/render.py)", ("bot/tg/render.py",)),
    ("edge logic (bot/tg, outside calls)", ("bot/tg/",)),
    ("python-telegram-bot dispatch", ("telegram/ext/",)),
    ("Bot API HTTP in the loop's callbacks (aiohttp reading answers)", ("aiohttp/",)),
    ("event loop", ("asyncio/",)),
)
ONE_CALL = (
    ("kernel: socket send", ("_SelectorSocketTransport.write",)),
    ("parsing the result (de_json)", ("de_json",)),
    ("encoding the request", ("RequestData", "urlencode", "_insert_defaults", "FormData", "aiohttp/payload")),
    ("aiohttp: connection pool", ("aiohttp/connector",)),
    ("aiohttp: writing the request", ("aiohttp/http_writer",)),
    ("aiohttp: reading the answer", ("aiohttp/client_proto", "aiohttp/streams", "read")),
    ("aiohttp: request and response objects, URL", ("aiohttp/client_reqrep", "yarl/")),
    ("aiohttp: session", ("aiohttp/client.py",)),
    ("python-telegram-bot (Bot, ExtBot, request wrapper)", ("telegram/",)),
)


def share(lines: list[tuple[str, int]], rules: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    total = sum(n for _, n in lines)
    if not total:
        print("  (no samples)")
        return
    counts: collections.Counter[str] = collections.Counter()
    for stack, n in lines:
        label = next((name for name, keys in rules if any(k in stack for k in keys)), "other")
        counts[label] += n
    for label, n in counts.most_common():
        print(f"  {n / total * 100:5.1f} %  {label}")


async def drive(users: int, seconds: float, py_spy: str, raw: Path, webhook: bool) -> None:
    async with CountingApi() as api:
        bot = await BotProcess.start("bot", api, webhook=webhook)
        try:
            await one_round(bot, 1, 1)  # warm-up
            profiler = subprocess.Popen(  # noqa: ASYNC220 (started once, before the journeys)
                [
                    py_spy,
                    "record",
                    "--pid",
                    str(bot.process.pid),
                    "--duration",
                    str(int(seconds)),
                    "--rate",
                    "200",
                    "--format",
                    "raw",
                    "--output",
                    str(raw),
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            next_id, steps, cpu = 1000, 0, 0.0
            started = time.perf_counter()
            while time.perf_counter() - started < seconds:
                measured = await one_round(bot, users, next_id)
                next_id += users
                steps, cpu = steps + measured.steps, cpu + measured.cpu
            await asyncio.to_thread(profiler.wait)
            print(f"{steps} steps by {users} people at once: {cpu / steps * 1000:.2f} ms CPU per step")
        finally:
            bot.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--py-spy", default=shutil.which("py-spy"), help="the py-spy program")
    parser.add_argument("--raw", type=Path, help="keep the collapsed stacks there (flamegraph input)")
    parser.add_argument("--mode", choices=("polling", "webhook"), default="polling")
    args = parser.parse_args()
    if not args.py_spy:
        print(
            "py-spy not found: pip install py-spy (in any environment), then --py-spy PATH", file=sys.stderr
        )
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        raw = args.raw or Path(tmp) / "stacks.txt"
        asyncio.run(drive(args.users, args.seconds, args.py_spy, raw, args.mode == "webhook"))
        loop_thread: list[tuple[str, int]] = []
        for line in raw.read_text().splitlines():
            stack, _, n = line.rpartition(" ")
            if "child_main" in stack and "threading.py" not in stack:  # the event loop thread
                loop_thread.append((stack, int(n)))
    print("event loop thread, share of its samples:")
    share(loop_thread, WORK)
    print("one Bot API call (sendMessage, editMessageText, answerCallbackQuery…), share of its samples:")
    share([(s, n) for s, n in loop_thread if "Bot._post" in s and "get_updates" not in s], ONE_CALL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
