"""`bot admin` end to end, in headless Chromium with the network cut: wrong password refused, then the
dashboard's charts drawn with the fixture's figures, every script and style served by 127.0.0.1.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the ``admin`` extra; skipped locally without
chromium, an error in CI. The screenshot is kept in ``tmp/test-artifacts/dashboard.png``."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.admin.build import build_aggregates
from bot.cli.admin import hash_password
from bot.config import PROJECT_ROOT, Settings
from bot.storage.sqlite import open_storage
from bot.storage.sqlite.events import SqliteEventLog
from bot.storage.sqlite.stats_source import SqliteStatsSource

from .fixture import NAMES, VERSION, completed, load_fixture

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "un mot de passe assez long"
ARTIFACTS = PROJECT_ROOT / "tmp" / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing: .ci/run installs it (apt-get install chromium)")
    pytest.skip("chromium not installed (apt-get install chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


BUILT_AT = datetime(2026, 11, 29, tzinfo=UTC)


async def prepare(var: Path, *, more_young_people: int = 0) -> None:
    """The fixture (or, with ``more_young_people``, that many more completed conversations in March), then
    the aggregates rebuilt as the bot does every hour."""
    settings = Settings(db_path=var / "bot.sqlite3", secret_path=var / "secret.key")
    async with await open_storage(settings) as storage:
        if more_young_people:
            for i in range(more_young_people):
                log = SqliteEventLog(storage.db, clock=lambda: datetime(2026, 3, 10, tzinfo=UTC))
                await log.record(f"new{i}", VERSION, completed(i))
                await log.aclose()
        else:
            await load_fixture(storage)
        source = SqliteStatsSource(storage.db, storage.events.flush)
        await build_aggregates(source, NAMES, var / "stats.sqlite3", BUILT_AT)


def login(page: Any, server: str, password: str) -> None:
    page.goto(f"{server}/-/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", password)
    page.click("input[type=submit]")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    var = tmp_path / "var"
    asyncio.run(prepare(var))
    port = free_port()
    env = {
        **os.environ,
        "BOT_VAR_DIR": str(var),
        "BOT_ADMIN_PASSWORD_HASH": hash_password(PASSWORD),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("BOT_STATS_DB_PATH", None)
    env.pop("BOT_DB_PATH", None)
    log = (tmp_path / "admin.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "admin", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "admin.log").read_text()) from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_dashboard_in_a_browser_offline(server: str, tmp_path: Path) -> None:
    requested: list[str] = []
    failed: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("request", lambda request: requested.append(request.url))
            page.on("requestfailed", lambda request: failed.append(f"{request.url} {request.failure}"))

            # not logged in: sent to the login page, no data
            page.goto(f"{server}/-/dashboards/usage")
            assert page.url == f"{server}/-/login"
            assert page.request.get(f"{server}/stats/chiffres.json", max_redirects=0).status in (302, 403)

            # a wrong password is refused
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", "pas le bon")
            page.click("input[type=submit]")
            assert page.url == f"{server}/-/login"
            assert "Identifiant ou mot de passe incorrect." in page.content()
            assert "Se connecter" in page.content() and "Invalid" not in page.content()
            page.goto(f"{server}/-/dashboards/usage")
            assert page.url == f"{server}/-/login"

            # the right one opens the dashboard; choose the fixture's month with the period filter
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", PASSWORD)
            page.click("input[type=submit]")
            page.goto(f"{server}/-/dashboards/usage")
            page.select_option("select#periode", "mars 2026")
            page.click("input[type=submit][value=Apply]")
            page.wait_for_url("**periode=mars+2026**")
            for chart in ("parcours", "dispositifs", "quartiers", "communes", "contacts", "semaines", "avis"):
                page.wait_for_selector(f"#chart-{chart} svg text", timeout=30_000)
            page.wait_for_function("document.querySelector('#chart-non_compris table') !== null")

            def texts(chart: str) -> list[str]:
                return [t.strip() for t in page.locator(f"#chart-{chart} svg text").all_text_contents()]

            # the fixture's figures for March 2026 (Paris): 20 people, 10 completed
            assert page.inner_text("#chart-jeunes").strip() == "20"
            assert page.inner_text("#chart-terminees").strip() == "10 / 20"
            assert page.inner_text("#chart-taux").strip() == "50 %"
            funnel = texts("parcours")
            assert {"age", "lieu", "resultat", "20", "13", "10"} <= set(funnel)
            assert {"lieu", "< 5", "7"} <= set(texts("arrets"))  # 3 stopped at « lieu »: masked
            assert {"École de la 2e chance", "Mission Locale", "10"} <= set(texts("dispositifs"))
            assert any(t.startswith("Roubaix-Tourcoing") for t in texts("quartiers"))
            assert {"Roubaix", "10"} <= set(texts("communes"))
            assert {"fiche affichée", "téléphone demandé", "< 5"} <= set(texts("contacts"))
            assert "18" in texts("semaines")  # the week of 2 March
            sources = page.inner_text("#chart-sources")
            assert "lien « mlroubaix »\t10\t10\t100 %" in sources
            assert "affiche du quartier Roubaix-Tourcoing – Blanc Seau (Roubaix)\t< 5\t0\t—" in sources
            misunderstood = page.inner_text("#chart-non_compris")
            assert "« je sais pas trop » : 5" in misunderstood
            assert "bof" not in misunderstood and "Kevin" not in page.content()

            # every table can be downloaded as CSV
            csv = page.request.get(f"{server}/stats/communes.csv?periode=mars+2026")
            assert csv.ok and "mars 2026,59512,Roubaix,10,0" in csv.text()

            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
        finally:
            browser.close()
    outside = [url for url in requested if not url.startswith(server) and not url.startswith("data:")]
    assert not outside, outside  # no CDN, no font service: everything from 127.0.0.1
    # a load cut short by the next navigation (ERR_ABORTED) is not a failure of the page
    assert not [failure for failure in failed if "ERR_ABORTED" not in failure], failed


def test_the_hourly_rebuild_shows_without_restarting(server: str, tmp_path: Path) -> None:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page()
            login(page, server, PASSWORD)
            url = f"{server}/stats/chiffres.json?periode=mars+2026&_shape=array"
            assert page.request.get(url).json()[0]["jeunes"] == 20
            # the bot rebuilds the file while the dashboard runs (a thread: Playwright owns this loop)
            with ThreadPoolExecutor(1) as pool:
                pool.submit(asyncio.run, prepare(tmp_path / "var", more_young_people=5)).result()
            assert page.request.get(url).json()[0]["jeunes"] == 25
            page.goto(f"{server}/-/dashboards/usage?periode=mars+2026")
            page.wait_for_function("document.querySelector('#chart-jeunes p') !== null")
            assert page.inner_text("#chart-jeunes").strip() == "25"
        finally:
            browser.close()
