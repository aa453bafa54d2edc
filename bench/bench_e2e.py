"""End to end: the real bot against a minimal python-telegram-bot echo bot, same fake Bot API server.

    .venv/bin/python bench/bench_e2e.py [--users 1,20,100] [--rounds 2] [--budget 75]
                                        [--mode polling|webhook|both] [--against main] [--think MS]

Each bot runs in its own process (so its CPU time and memory are its own), polling the fake Bot API
server of the tests (``tests/tg/fakebotapi.py``, one instance per bot, in this process) on 127.0.0.1,
rate limiter off, same HTTP pool and concurrency. Rounds are interleaved (echo, bot, echo, bot…) so both
see the same machine load. In a round, N simulated people go through a whole journey at once:

- the bot: the production ``Application`` (``bot.tg.app.build_application``, SQLite in a temporary
  folder, real engine and places): /start, four answers by button, a shared position (taken at once),
  « Ça m'aide » — 7 steps, each waited for until its answer is on screen;
- the echo: one text message -> one ``sendMessage``, 7 times.

Two ways of receiving updates (``--mode``, default both, one after the other): long polling, and webhook
(the fake server POSTs each update to the bot, as Telegram does, and runs a method the bot puts in its
answer — our server carries a press's ``answerCallbackQuery`` there, see ``bot.tg.riding``; the echo uses
PTB's own webhook server).

Per bot and N: steps/s, Bot API calls per step (HTTP requests to the server, ``getUpdates`` apart;
``answerCallbackQuery`` counted, and the figure without it; the answers carried by webhook answers are not
requests, shown apart), median and p95 latency (update pushed to the server -> the call that completes the
step received by the server), CPU per step (the bot process's CPU time over the round / steps); then the
ratios. ``--against REVISION`` (polling only) also runs the bot of that revision (extracted with ``git
archive``, label "before", its ratios to the echo on the "bef/e" lines), interleaved with the two others: a
change measured against the old code in one run, on the same machine load. ``--think MS``: each person
pauses that long before each step (steps/s then include the pauses; read the latencies). Also the bot's
start-up (engine
with the place index, then the Application ready) and its peak RSS. Targets: >= 0.5x the echo's steps/s, <= 2
ms added median latency, <= 1.5 calls per step, start-up <= 0.6 s (place index), RSS <= 200 MB. Bounded: after
``--budget`` seconds no new round starts (each N still gets one round per bot), so a run stays under about 2
minutes even on a loaded machine; the skipped rounds are listed. The simulated people and both fake servers
share this process: on a machine whose cores are busy elsewhere, latencies at N = 20 and 100 measure queueing,
and only the ratios in one run mean something."""

from __future__ import annotations

import argparse
import asyncio
import functools
import io
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from tests.tg.fakebotapi import TOKEN, Call, FakeBotApi, FakeUser  # noqa: E402

ROUBAIX = (50.6965, 3.1653)
JOURNEY_STEPS = 7
JOURNEY_PRESSES = 5  # of those steps, button presses (each answered by answerCallbackQuery)
ROUND_TIMEOUT = 60.0
THINK = [0.0]  # seconds each simulated person waits before a step (--think)
SECRET = "bench-e2e-secret"


# ------------------------------------------------------------------------------------ the bot processes
def child_main(
    kind: str,
    base_url: str,
    webhook_port: int | None = None,
    pool: int | None = None,
    concurrency: int | None = None,
) -> None:
    """Run one bot until stdin closes; answer each "mark" line on stdin with "cpu_seconds maxrss_kb".

    ``webhook_port``: receive updates there (else long polling). ``pool``, ``concurrency``: the real bot's
    HTTP connection pool and updates processed at once (default: the production ``NetworkConfig``); the
    echo always has 64 and 256."""
    import resource
    import threading

    started = time.perf_counter()

    def marks() -> None:
        for _ in sys.stdin:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(f"{time.process_time()} {usage.ru_maxrss}", flush=True)
        os._exit(0)

    async def run() -> None:
        from telegram.ext import Application

        app: Application  # type: ignore[type-arg]
        if kind == "echo":
            from telegram import Update
            from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters
            from telegram.request import HTTPXRequest

            async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
                assert update.effective_message is not None and update.effective_chat is not None
                await context.bot.send_message(update.effective_chat.id, update.effective_message.text or "")

            app = (
                ApplicationBuilder()
                .token(TOKEN)
                .base_url(base_url)
                .request(HTTPXRequest(connection_pool_size=64))
                .concurrent_updates(256)
                .build()
            )
            app.add_handler(MessageHandler(filters.TEXT, echo))
            engine_time = 0.0
        else:
            from bot.compose import build_engine, open_backend
            from bot.config import Settings
            from bot.tg.app import NetworkConfig, build_application

            tmp = Path(tempfile.mkdtemp(prefix="bench_e2e_"))
            settings = replace(
                Settings.from_env(),
                token=TOKEN,
                api_base_url=base_url,
                db_path=tmp / "bot.sqlite3",
                secret_path=tmp / "secret.key",
            )
            engine_started = time.perf_counter()
            engine = build_engine(settings)
            engine_time = time.perf_counter() - engine_started
            network = NetworkConfig(poll_timeout=1.0, rate_limiter=False)
            if pool is not None:
                network = replace(network, pool_size=pool)
            if concurrency is not None:
                network = replace(network, max_concurrent_updates=concurrency)
            app = build_application(settings, lambda: open_backend(settings, engine), network=network)
        await app.initialize()
        if app.post_init is not None:
            await app.post_init(app)
        assert app.updater is not None
        allowed = ["message", "callback_query"]
        if webhook_port is None:
            await app.updater.start_polling(timeout=1, allowed_updates=allowed)
        elif kind == "echo":  # PTB's own webhook server
            await app.updater.start_webhook(
                "127.0.0.1", webhook_port, url_path="hook", secret_token=SECRET, allowed_updates=allowed
            )
        else:  # ours: answers once the update is handled, a press's callback answer in that answer
            from bot.tg.webhook import WebhookServer

            await WebhookServer(app, url_path="hook", secret_token=SECRET).start("127.0.0.1", webhook_port)
        await app.start()
        print(f"ready {time.perf_counter() - started} {engine_time}", flush=True)
        threading.Thread(target=marks, daemon=True).start()
        await asyncio.Event().wait()

    asyncio.run(run())


@dataclass
class BotProcess:
    kind: str
    api: CountingApi
    process: subprocess.Popen[str]
    ready_s: float = 0.0
    engine_s: float = 0.0
    label: str = ""

    @classmethod
    async def start(
        cls,
        kind: str,
        api: CountingApi,
        options: tuple[str, ...] = (),
        *,
        webhook: bool = False,
        code: Path = HERE,
        label: str = "",
    ) -> BotProcess:
        """``options``: more arguments for the child (``--pool 16 --concurrency 64``); ``webhook``: updates
        delivered to a webhook; ``code``: the checkout whose bot is run (``--against``: another revision,
        extracted)."""
        env = dict(os.environ)
        if code != HERE:  # the other revision reads the same data and place index as this checkout
            env.setdefault("BOT_GEODATA_DIR", str(HERE.parent / "shared" / "data"))
            env.setdefault("BOT_INDEX_PATH", str(code / "geodata.index"))
        port = free_port() if webhook else None
        hook = ("--webhook-port", str(port)) if port is not None else ()
        script = str(code / "bench" / "bench_e2e.py")
        process = subprocess.Popen(  # noqa: ASYNC220 (started once, before any measure)
            [sys.executable, script, "--child", kind, "--base-url", api.base_url, *hook, *options],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=code,
            env=env,
        )
        bot = cls(kind, api, process, label=label or kind)
        line = await asyncio.to_thread(bot.readline)
        _, ready, engine = line.split()
        bot.ready_s, bot.engine_s = float(ready), float(engine)
        if port is not None:
            api.deliver_to(f"http://127.0.0.1:{port}/hook", SECRET)
        return bot

    def readline(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.kind} bot stopped")
        return line

    async def mark(self) -> tuple[float, int]:
        assert self.process.stdin is not None
        self.process.stdin.write("mark\n")
        self.process.stdin.flush()
        cpu, rss = (await asyncio.to_thread(self.readline)).split()
        return float(cpu), int(rss)

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ------------------------------------------------------------------------------------ the people
class CountingApi(FakeBotApi):
    """The fake server, plus per chat: how many replies, and when the last one arrived (so that waiting
    for 100 people does not rescan every call recorded)."""

    def __init__(self) -> None:
        super().__init__()
        self.replies: dict[int, int] = {}
        self.last_reply_at: dict[int, float] = {}

    def replied(self, call: Call) -> None:  # before the server wakes the waiting people up
        assert call.chat_id is not None
        self.replies[call.chat_id] = self.replies.get(call.chat_id, 0) + 1
        self.last_reply_at[call.chat_id] = time.perf_counter()


def reply_calls(api: CountingApi, chat_id: int) -> int:
    return api.replies.get(chat_id, 0)


def replied_times(api: CountingApi, user: FakeUser, expected: int) -> Callable[[], bool]:
    return lambda: reply_calls(api, user.id) >= expected


def has_button(user: FakeUser, label: str) -> Callable[[], bool]:
    return lambda: any(label.casefold() in b.casefold() for b in user.buttons())


async def step(
    api: CountingApi, user: FakeUser, action: Callable[[], object], done: Callable[[], bool]
) -> float:
    """Do ``action`` (which pushes one update) and wait until ``done``; the latency is from the push to
    the last call the bot made to this chat when ``done`` became true."""
    if THINK[0]:
        await asyncio.sleep(THINK[0])
    pushed = time.perf_counter()
    await action()  # type: ignore[misc]
    await api.wait_until(done, within=ROUND_TIMEOUT)
    return api.last_reply_at[user.id] - pushed


async def journey(api: CountingApi, user: FakeUser) -> list[float]:
    latencies = [
        await step(api, user, lambda: user.send("/start"), has_button(user, "18 à 25 ans")),
        await step(api, user, lambda: user.press("18 à 25 ans"), has_button(user, "plus d'un an")),
        await step(api, user, lambda: user.press("plus d'un an"), has_button(user, "Aucun diplôme")),
        await step(api, user, lambda: user.press("Aucun diplôme"), has_button(user, "Trouver un travail")),
    ]
    asked = lambda: "Tu habites où" in user.last_text()  # noqa: E731
    latencies.append(await step(api, user, lambda: user.press("Trouver un travail"), asked))
    # a shared position is taken at once (« J'ai compris : … »), then the result summary
    latencies.append(
        await step(api, user, lambda: user.share_location(*ROUBAIX), has_button(user, "Ça m'aide"))
    )
    thanked = lambda: any("Merci" in t for t in user.texts()[-2:])  # noqa: E731
    latencies.append(await step(api, user, lambda: user.press("Ça m'aide"), thanked))
    return latencies


async def echoes(api: CountingApi, user: FakeUser) -> list[float]:
    latencies = []
    for i in range(JOURNEY_STEPS):
        expected = reply_calls(api, user.id) + 1
        latencies.append(
            await step(
                api, user, functools.partial(user.send, f"bonjour {i}"), replied_times(api, user, expected)
            )
        )
    return latencies


@dataclass
class Round:
    steps: int
    seconds: float
    calls: int
    callback_answers: int
    riding: int  # methods carried by webhook answers (not requests)
    latencies: list[float]
    cpu: float


async def one_round(bot: BotProcess, users: int, first_id: int) -> Round:
    api = bot.api
    people = [api.user(first_id + i) for i in range(users)]
    calls_before = len(api.calls)
    cpu_before, _ = await bot.mark()
    started = time.perf_counter()
    run = journey if bot.kind == "bot" else echoes
    results = await asyncio.gather(*(run(api, person) for person in people))
    seconds = time.perf_counter() - started
    if bot.kind == "bot":  # a press is answered alongside its replies: count the answers still on the way

        def answered() -> bool:
            made = sum(1 for c in api.calls[calls_before:] if c.method == "answerCallbackQuery")
            return made >= users * JOURNEY_PRESSES

        await api.wait_until(answered, within=ROUND_TIMEOUT)
    cpu_after, _ = await bot.mark()
    made = [c for c in api.calls[calls_before:] if c.method != "getUpdates"]
    new_calls = [c for c in made if not c.riding]
    return Round(
        steps=users * JOURNEY_STEPS,
        seconds=seconds,
        calls=len(new_calls),
        callback_answers=sum(1 for c in new_calls if c.method == "answerCallbackQuery"),
        riding=len(made) - len(new_calls),
        latencies=[lat for person in results for lat in person],
        cpu=cpu_after - cpu_before,
    )


@dataclass
class Figures:
    steps_per_s: float
    calls_per_step: float
    calls_without_answers: float
    riding: float
    median_ms: float
    p95_ms: float
    cpu_ms: float


def figures(rounds: list[Round]) -> Figures:
    steps = sum(r.steps for r in rounds)
    latencies = sorted(lat for r in rounds for lat in r.latencies)
    return Figures(
        steps_per_s=steps / sum(r.seconds for r in rounds),
        calls_per_step=sum(r.calls for r in rounds) / steps,
        calls_without_answers=sum(r.calls - r.callback_answers for r in rounds) / steps,
        riding=sum(r.riding for r in rounds) / steps,
        median_ms=statistics.median(latencies) * 1000,
        p95_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000,
        cpu_ms=sum(r.cpu for r in rounds) / steps * 1000,
    )


@dataclass
class ModeResult:
    rows: list[tuple[int, dict[str, Figures]]]  # N, then figures by label (echo, bot, before)
    skipped: list[str]
    bot_engine_s: float
    bot_ready_s: float
    rss_kb: dict[str, int]


async def run_mode(
    webhook: bool, user_counts: list[int], rounds: int, budget: float, against: Path | None = None
) -> ModeResult:
    """``against``: an extracted older revision whose bot plays too (label "before"), interleaved with
    the two others, so a change is measured against it in the same run."""
    deadline = time.perf_counter() + budget
    skipped: list[str] = []
    async with CountingApi() as echo_api, CountingApi() as bot_api, CountingApi() as before_api:
        echo = await BotProcess.start("echo", echo_api, webhook=webhook)
        bot = await BotProcess.start("bot", bot_api, webhook=webhook)
        processes = [echo, bot]
        if against is not None:
            processes.append(await BotProcess.start("bot", before_api, code=against, label="before"))
        try:
            for process in processes:  # warm-up: one journey each (imports, first queries, SQLite pages)
                await one_round(process, 1, 1)
            next_id = 1000
            rows: list[tuple[int, dict[str, Figures]]] = []
            for users in user_counts:
                done: dict[str, list[Round]] = {process.label: [] for process in processes}
                for r in range(rounds):
                    if r and time.perf_counter() > deadline:
                        skipped.append(f"N={users}: {rounds - r} round(s) of {rounds} skipped (time budget)")
                        break
                    for process in processes if r % 2 == 0 else processes[::-1]:
                        done[process.label].append(await one_round(process, users, next_id))
                        next_id += users
                rows.append((users, {label: figures(measured) for label, measured in done.items()}))
            rss = {process.label: (await process.mark())[1] for process in processes}
        finally:
            for process in processes:
                process.stop()
    return ModeResult(rows, skipped, bot.engine_s, bot.ready_s, rss)


def report(mode: str, result: ModeResult) -> None:
    print(f"== {mode}")
    print(
        f"{'N':>4} {'bot':>6} {'steps/s':>8} {'calls/step':>10} {'w/o answerCbQ':>13} {'riding':>6} "
        f"{'median ms':>9} {'p95 ms':>8} {'CPU ms/step':>11}"
    )
    for users, by_label in result.rows:
        e = by_label["echo"]
        for name, f in by_label.items():
            print(
                f"{users:>4} {name:>6} {f.steps_per_s:8.1f} {f.calls_per_step:10.2f} "
                f"{f.calls_without_answers:13.2f} {f.riding:6.2f} {f.median_ms:9.2f} {f.p95_ms:8.2f} "
                f"{f.cpu_ms:11.2f}"
            )
        for name, f in by_label.items():
            if name == "echo":
                continue
            speed, calls = f.steps_per_s / e.steps_per_s, f.calls_per_step / e.calls_per_step
            label = "ratio" if name == "bot" else f"{name[:3]}/e"
            print(
                f"{users:>4} {label:>6} {speed:7.2f}x {calls:9.2f}x {'':13} {'':6} "
                f"{f.median_ms - e.median_ms:+7.2f}ms {f.p95_ms - e.p95_ms:+6.2f}ms "
                f"{f.cpu_ms / e.cpu_ms:10.2f}x"
            )
    print(
        f"bot start-up: engine (corpus + place index + structures) {result.bot_engine_s:.2f} s, "
        f"Application ready {result.bot_ready_s:.2f} s after the process started (imports included)"
    )
    print("peak RSS: " + ", ".join(f"{label} {kb / 1024:.0f} MB" for label, kb in result.rss_kb.items()))
    for line in result.skipped:
        print(line)


async def main_async(
    modes: list[str], user_counts: list[int], rounds: int, budget: float, against: Path | None = None
) -> int:
    for mode in modes:
        report(mode, await run_mode(mode == "webhook", user_counts, rounds, budget, against))
    print(
        "targets: steps/s >= 0.5x echo, added median <= 2 ms, <= 1.5 calls/step, "
        "place index start-up <= 0.6 s (bench_startup.py), RSS <= 200 MB"
    )
    return 0


def extract(revision: str, into: Path) -> Path:
    """The bot, its content and this bench at ``revision`` (``git archive``), with the place index of
    this checkout when it is of the same format (else the child rebuilds one in its folder)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "bot", "dialogs", "knowledge", "bench", "tests"],
        cwd=HERE,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    index = HERE / "var" / "geodata.index"
    if index.exists():
        shutil.copy(index, into / "geodata.index")
    return into


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", default="1,20,100")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--budget", type=float, default=75.0, help="per mode: seconds after which no new round starts"
    )
    parser.add_argument("--mode", choices=("polling", "webhook", "both"), default="both")
    parser.add_argument(
        "--against",
        metavar="REVISION",
        help="also run the bot of this revision (e.g. main), interleaved (polling only)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        metavar="MS",
        help="a pause before each step, as a person takes between two taps (steps/s then include it)",
    )
    parser.add_argument("--child", choices=("echo", "bot"))
    parser.add_argument("--base-url")
    parser.add_argument("--webhook-port", type=int)
    parser.add_argument("--pool", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--concurrency", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child, args.base_url, args.webhook_port, args.pool, args.concurrency)
        return 0
    started = time.perf_counter()
    users = [int(n) for n in args.users.split(",")]
    THINK[0] = args.think / 1000
    if args.against:
        if args.mode == "webhook":
            parser.error("--against runs in polling mode (an older revision may not serve a webhook)")
        with tempfile.TemporaryDirectory() as tmp:
            before = extract(args.against, Path(tmp))
            code = asyncio.run(main_async(["polling"], users, args.rounds, args.budget, before))
    else:
        modes = ["polling", "webhook"] if args.mode == "both" else [args.mode]
        code = asyncio.run(main_async(modes, users, args.rounds, args.budget))
    print(f"total {time.perf_counter() - started:.0f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
