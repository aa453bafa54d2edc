"""`bot admin`: settings checks, the password helper, what is served, and every chart's SQL."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from datasette_auth_passwords.utils import verify_password
from datasette_dashboards import replace_opts_in_query

from bot.admin.build import build_aggregates
from bot.admin.dashboard import ACTOR, DB, metadata
from bot.cli.admin import HOST, serve_args
from bot.cli.main import main
from bot.config import Settings
from bot.storage.sqlite import Storage
from bot.storage.sqlite.stats_source import SqliteStatsSource

from .fixture import NAMES, load_fixture


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    for name in ("BOT_DB_PATH", "BOT_STATS_DB_PATH", "BOT_ADMIN_PASSWORD_HASH"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "var"


def test_hash_password_from_stdin(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("un mot de passe assez long\n"))
    assert main(["admin", "--hash-password"]) == 0
    hashed = capsys.readouterr().out.strip()
    assert hashed.startswith("pbkdf2_sha256$") and verify_password("un mot de passe assez long", hashed)
    monkeypatch.setattr("sys.stdin", io.StringIO("court\n"))
    assert main(["admin", "--hash-password"]) == 1
    assert "au moins 12 caractères" in capsys.readouterr().err


def test_refuses_to_start_without_a_hash_or_the_aggregates(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin"]) == 1
    assert "cap-quartiers admin --hash-password" in capsys.readouterr().err
    monkeypatch.setenv("BOT_ADMIN_PASSWORD_HASH", "nimportequoi")
    assert main(["admin"]) == 1
    assert "ne ressemble pas à un hash" in capsys.readouterr().err
    monkeypatch.setenv("BOT_ADMIN_PASSWORD_HASH", "pbkdf2_sha256$480000$sel$hash")
    assert main(["admin"]) == 1
    assert "cap-quartiers stats --build" in capsys.readouterr().err


def test_serves_only_the_aggregates_immutable_on_localhost(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "bot.sqlite3")
    args = serve_args(settings, tmp_path / "metadata.json", 8001)
    assert args[args.index("--immutable") + 1] == str((tmp_path / "stats.sqlite3").resolve())
    assert args[args.index("--host") + 1] == HOST == "127.0.0.1"
    assert not any("bot.sqlite3" in a for a in args)
    same = Settings(db_path=tmp_path / "bot.sqlite3", stats_db_path=tmp_path / "bot.sqlite3")
    with pytest.raises(Exception, match="n'est jamais servie"):
        serve_args(same, tmp_path / "metadata.json", 8001)


def test_only_the_admin_actor_may_see_or_query() -> None:
    meta = metadata()
    assert meta["allow"] == meta["allow_sql"] == {"id": ACTOR}
    assert meta["databases"][DB]["allow"] == {"id": ACTOR}
    config = meta["plugins"]["datasette-auth-passwords"]
    assert config == {"admin_password_hash": {"$env": "BOT_ADMIN_PASSWORD_HASH"}}


async def test_every_chart_query_runs_on_a_built_database(storage: Storage, tmp_path: Path) -> None:
    await load_fixture(storage)
    path = tmp_path / "stats.sqlite3"
    await build_aggregates(SqliteStatsSource(storage.db), NAMES, path, datetime(2026, 11, 29, tzinfo=UTC))
    dashboard = metadata()["plugins"]["datasette-dashboards"]["usage"]
    cases = [
        {"periode": "mars 2026", "date_debut": "", "date_fin": ""},
        {"periode": "", "date_debut": "2026-03-01", "date_fin": "2026-03-31"},
    ]
    with sqlite3.connect(path) as conn:
        options = [row[0] for row in conn.execute(dashboard["filters"]["periode"]["query"])]
        assert options[0] == "7 derniers jours" and "mars 2026" in options and "2026-03-02" not in options
        for params in cases:
            for slug, chart in dashboard["charts"].items():
                sql = replace_opts_in_query(chart["query"], params)
                needed = {k: v for k, v in params.items() if f":{k}" in sql}
                rows = conn.execute(sql, needed).fetchall()
                if params["periode"] and slug not in ("avis", "suivis", "semaines"):
                    assert rows, slug
        (weeks,) = conn.execute(
            replace_opts_in_query(dashboard["charts"]["semaines"]["query"], cases[1]), cases[1]
        ).fetchall()[0:1]
        assert weeks == ("2026-03-02", 18)
