"""The bot's whole start-up, this checkout against another one (before/after in one run, interleaved, so
both see the same machine load), each run in a fresh interpreter.

    .venv/bin/python bench/bench_startup.py [--baseline DIR] [--runs 7]

``DIR``: another checkout of the bot, e.g. ``git worktree add --detach /tmp/base-startup main``. Each run
starts the production bot as ``cap-quartiers run`` does, against a fake Bot API server on 127.0.0.1 (the
driver's process), and reports:

- imports: ``bot.compose`` and ``bot.tg.app`` (python-telegram-bot, shapely, rapidfuzz, PyYAML…);
- engine: the whole corpus checked and loaded, place index and structures (``build_reloader().start()``
  inside ``gc_paused()``, as ``cap-quartiers run`` does, with its last good copy) — target <= 0.6 s;
  engine_cpu: the same in CPU time;
- ready: the ``Application`` initialised (``getMe``), the storage opened (SQLite, migrations), the admin
  names, the profile published, polling started: "ready" from the top of the child script;
- process: from spawning the interpreter to "ready", seen by the driver (interpreter start included);
- CPU: the child's CPU time up to "ready" (what a loaded machine does not inflate);
- peak RSS: the child's high-water mark once the French word list (loaded in a worker thread after
  "ready") is in memory too — target <= 200 MB.

Each checkout first builds its own place index in a temporary folder (its format may differ); that run is
not counted. Times: min and median of ``--runs``; compare the two lines of one run (the machine is shared)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from tests.tg.fakebotapi import TOKEN, FakeBotApi  # noqa: E402

CHILD = """
import time
started = time.perf_counter()
import asyncio, json, os, resource, sys
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, '.')

def main():
    from bot.compose import build_reloader, open_backend
    from bot.config import Settings
    from bot.tg.app import NetworkConfig, build_application
    imported = time.perf_counter()
    tmp = Path(sys.argv[1])
    settings = replace(Settings.from_env(), db_path=tmp / 'bot.sqlite3', secret_path=tmp / 'secret.key')
    reloader = build_reloader(settings, offer_followup=True)
    engine_cpu = time.process_time()
    try:  # production wraps it so (bot/cli/run.py); a baseline may predate gc_paused
        from bot.base.memory import gc_paused
    except ImportError:
        import contextlib
        gc_paused = contextlib.nullcontext
    with gc_paused():
        engine = reloader.start()
    built = time.perf_counter()
    engine_cpu = time.process_time() - engine_cpu

    async def run():
        network = NetworkConfig(poll_timeout=1.0, rate_limiter=False)
        app = build_application(settings, lambda: open_backend(settings, engine, reloader), network=network)
        await app.initialize()
        if app.post_init is not None:
            await app.post_init(app)
        await app.updater.start_polling(timeout=1, allowed_updates=['message', 'callback_query'])
        await app.start()
        ready = time.perf_counter()
        cpu = time.process_time()
        # the word list loads in a worker thread after "ready": wait for it, it counts in the peak
        await asyncio.get_running_loop().shutdown_default_executor()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        values = {'imports': imported - started, 'engine': built - imported, 'engine_cpu': engine_cpu,
                  'ready': ready - started,
                  'cpu': cpu, 'rss_mb': rss / 1024, 'printed': time.perf_counter() - started}
        print(json.dumps(values), flush=True)
        os._exit(0)  # the driver removes the temporary folder

    asyncio.run(run())

main()
"""

FIELDS = ("imports", "engine", "engine_cpu", "ready", "process", "cpu", "rss_mb")


async def run_once(checkout: Path, tmp: Path, env: dict[str, str]) -> dict[str, float]:
    spawned = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        CHILD,
        str(tmp),
        cwd=checkout,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), timeout=300)
    seen = time.perf_counter() - spawned
    _, stderr = await process.communicate()
    if process.returncode != 0 or not line.strip():
        raise RuntimeError(f"start-up failed in {checkout}:\n{stderr.decode(errors='replace')[-3000:]}")
    values: dict[str, float] = json.loads(line)
    # spawn to "ready": the line is printed once the word list is loaded, after "ready"
    values["process"] = seen - (values["printed"] - values["ready"])
    return values


async def measure(checkouts: dict[str, Path], runs: int, geodata: Path) -> dict[str, list[dict[str, float]]]:
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory(prefix="bench_startup_") as tmp_name:
        tmp = Path(tmp_name)
        async with FakeBotApi() as api:
            envs: dict[str, dict[str, str]] = {}
            for i, name in enumerate(checkouts):
                folder = tmp / str(i)
                folder.mkdir()
                envs[name] = {
                    **os.environ,
                    "TELEGRAM_BOT_TOKEN": TOKEN,
                    "TELEGRAM_API_BASE_URL": api.base_url,
                    "TELEGRAM_API_BASE_FILE_URL": api.base_file_url,
                    "BOT_GEODATA_DIR": str(geodata),
                    "BOT_INDEX_PATH": str(folder / "geodata.index"),
                    "BOT_LOG_LEVEL": "WARNING",
                }
                await run_once(checkouts[name], folder, envs[name])  # builds this checkout's index
            for _ in range(runs):
                for i, (name, checkout) in enumerate(checkouts.items()):
                    samples[name].append(await run_once(checkout, tmp / str(i), envs[name]))
    return samples


def report(samples: dict[str, list[dict[str, float]]]) -> None:
    print(f"{'':14s} {'':6s} " + " ".join(f"{f:>10s}" for f in FIELDS))
    for name, values in samples.items():
        for how, pick in (("min", min), ("median", statistics.median)):
            row = " ".join(f"{pick(v[f] for v in values):10.2f}" for f in FIELDS)
            print(f"{name:14s} {how:6s} {row}")
    print(
        "(seconds, except rss_mb; process: spawn to ready, seen by the driver; "
        f"n={min(len(v) for v in samples.values())} each, interleaved)"
    )
    if len(samples) == 2:
        base, this = (samples[name] for name in samples)
        ratios = " ".join(
            f"{f} {statistics.median(v[f] for v in this) / statistics.median(v[f] for v in base):.2f}x"
            for f in FIELDS
        )
        print(f"this / baseline (medians): {ratios}")
    print("targets: engine <= 0.6 s, rss_mb <= 200")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from bot.config import Settings

    geodata = Settings.from_env().geodata_dir.resolve()
    checkouts = {"this checkout": HERE}
    if args.baseline is not None:
        checkouts = {"baseline": args.baseline.resolve(), **checkouts}
    report(asyncio.run(measure(checkouts, args.runs, geodata)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
