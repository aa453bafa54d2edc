"""`cap-quartiers graph --format svg|html [--stats 30j]`: a real picture drawn by Graphviz, with the
buttons of each question, opened in headless Chromium; the usage figures come from a real SQLite usage log
through the admin StatsSource (« < 5 » below five). Without Graphviz: the Mermaid text and a clear note.

Needs Graphviz's ``dot`` and Debian's ``chromium`` (``.ci/run`` installs both): skipped locally without
them, an error in CI. The screenshot is kept in ``tmp/test-artifacts/graph.png``."""

from __future__ import annotations

import asyncio
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.admin.paths import START, read_traffic, shown
from bot.admin.periods import Window
from bot.cli.main import main
from bot.config import PROJECT_ROOT, Settings
from bot.engine import facts as f
from bot.storage.sqlite import open_storage
from bot.storage.sqlite.events import SqliteEventLog
from bot.storage.sqlite.stats_source import SqliteStatsSource

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "tmp" / "test-artifacts"
VERSION = "orientation@1"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND"]


def _need(tool: str, present: bool) -> None:
    if not present:
        if os.environ.get("CI"):
            raise RuntimeError(f"{tool} is missing: .ci/run installs it")
        pytest.skip(f"{tool} not installed")


def _need_dot() -> None:
    _need("graphviz (dot)", shutil.which("dot") is not None)


def _journey(nodes: list[str], done: bool) -> list[f.Fact]:
    facts: list[f.Fact] = [f.ConversationStarted(source=None, qpv=None)]
    facts += [f.NodeReached(node) for node in nodes]
    if done:
        facts.append(f.Completed(nodes[-1]))
    return facts


PATH = ["accueil", "age", "scolarite", "diplome", "projet", "lieu", "resultat"]


async def _record(settings: Settings, now: datetime) -> None:
    storage = await open_storage(settings)
    try:
        log = SqliteEventLog(storage.db, clock=lambda: now - timedelta(days=2))
        for i in range(9):  # 9 people to the result
            await log.record(f"u{i:02d}", VERSION, _journey(PATH, done=True))
        for i in range(6):  # 6 stop at « lieu »
            await log.record(f"l{i:02d}", VERSION, _journey(PATH[:6], done=False))
        for i in range(2):  # 2 younger than 16: a path too small to show
            await log.record(f"m{i:02d}", VERSION, [*_journey(PATH[:3], False), f.NodeReached("moins_16")])
        old = SqliteEventLog(storage.db, clock=lambda: now - timedelta(days=90))
        for i in range(7):  # outside the 30 days
            await old.record(f"o{i:02d}", VERSION, _journey(PATH[:2], done=False))
        await log.flush()
        await old.flush()
    finally:
        await storage.aclose()


@pytest.fixture
def usage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("BOT_DB_PATH", str(tmp_path / "bot.sqlite3"))
    monkeypatch.setenv("BOT_SECRET_PATH", str(tmp_path / "secret.key"))
    monkeypatch.delenv("BOT_DATABASE_URL", raising=False)
    settings = Settings.from_env()
    asyncio.run(_record(settings, datetime.now(UTC)))
    return settings


def test_traffic_counts_people_per_arrow_and_stops_masked_below_five(usage: Settings) -> None:
    async def read():  # type: ignore[no-untyped-def]
        from bot.storage.sqlite import open_database

        db = await open_database(usage.db_path)
        try:
            now = datetime.now(UTC)
            return await read_traffic(SqliteStatsSource(db), Window(now - timedelta(days=30), now, "30 j"))
        finally:
            await db.close()

    found = asyncio.run(read())
    assert shown(found.conversations) == "17"
    assert shown(found.arrows[(START, "accueil")]) == "17"
    assert shown(found.arrows[("accueil", "age")]) == "17"  # the 7 older ones are outside the window
    assert shown(found.arrows[("lieu", "resultat")]) == "9"
    assert shown(found.arrows[("scolarite", "moins_16")]) == "< 5"
    assert shown(found.left["lieu"]) == "6"
    assert shown(found.left["moins_16"]) == "< 5"
    assert "resultat" not in found.left  # completed conversations did not stop


def test_without_graphviz_the_mermaid_text_comes_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no « dot » program to be found
    assert main(["graph", "--format", "svg", "--out", str(tmp_path / "schema.svg")]) == 0
    captured = capsys.readouterr()
    assert "Graphviz n'est pas installé (le programme dot est introuvable)" in captured.err
    assert "sudo apt install graphviz" in captured.err
    assert not (tmp_path / "schema.svg").exists()
    assert (tmp_path / "schema.mmd").read_text(encoding="utf-8").startswith("%% Schéma du dialogue")
    assert main(["graph", "--format", "html", "--out", str(tmp_path / "schema.html")]) == 0
    page = (tmp_path / "schema.html").read_text(encoding="utf-8")
    assert "<pre>%% Schéma du dialogue" in page and "Graphviz n&#x27;est pas installé" in page


def test_svg_is_a_real_picture_with_the_buttons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _need_dot()
    assert main(["graph", "--out", str(tmp_path / "schema.svg")]) == 0  # format from the extension
    svg = (tmp_path / "schema.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "</svg>" in svg
    for text in ("▸ Moins de 16 ans", "▸ Apprentissage / alternance", "age == &#39;moins_16&#39;", "sinon"):
        assert text in svg, text


def test_html_with_stats_opens_in_chromium(usage: Settings, tmp_path: Path) -> None:
    _need_dot()
    _need("chromium", Path(CHROMIUM).exists())
    sync_api = pytest.importorskip("playwright.sync_api")
    page_path = tmp_path / "schema.html"
    assert main(["graph", "--format", "html", "--stats", "30j", "--out", str(page_path)]) == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.goto(page_path.as_uri())
            texts = page.locator("svg g.node text").all_text_contents()
            edges = page.locator("svg g.edge text").all_text_contents()
            stats = page.locator("p.stats").inner_text()
            box = page.locator("svg").bounding_box()
            page.screenshot(path=str(ARTIFACTS / "graph.png"), full_page=True)
        finally:
            browser.close()
    assert box is not None and box["width"] > 300 and box["height"] > 600
    joined = " ".join(texts)
    for node in [*PATH, "moins_16", "resultat_moins_16"]:
        assert node in texts, node
    for label in ("▸ Moins de 16 ans", "▸ 18 à 25 ans", "▸ Trouver un travail", "✎ saisie : lieu"):
        assert label in joined, label
    assert "arrêtés ici : 6" in joined and "arrêtés ici : < 5" in joined
    assert "17 pers." in edges and "9 pers." in edges
    assert any("age == 'moins_16'" in e for e in edges) and any("< 5 pers." in e for e in edges)
    assert "17 conversations" in stats and "moins de cinq personnes" in stats
