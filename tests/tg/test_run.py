"""`python -m bot run`: settings checks before anything talks to Telegram."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace

import pytest

from bot.cli import run as run_cmd
from bot.cli.main import main
from bot.config import Settings
from bot.errors import ConfigError

TOKEN = "123456:SECRET-token"


def settings(**changes: object) -> Settings:
    return replace(Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN}), **changes)  # type: ignore[arg-type]


def test_polling_by_default() -> None:
    assert run_cmd.webhook_settings(settings(), None) is None


def test_webhook_needs_https_and_a_secret() -> None:
    with pytest.raises(ConfigError, match="BOT_WEBHOOK_SECRET"):
        run_cmd.webhook_settings(settings(), "https://bot.example.fr/tg")
    with pytest.raises(ConfigError, match="invalide"):
        run_cmd.webhook_settings(settings(webhook_secret="abc"), "http://bot.example.fr/tg")
    with pytest.raises(ConfigError, match="caractères"):
        run_cmd.webhook_settings(settings(webhook_secret="pas de blancs"), "https://bot.example.fr/tg")
    ok = settings(webhook_secret="abc_DEF-123", webhook_url="https://bot.example.fr/hook/tg")
    assert run_cmd.webhook_settings(ok, None) == ("https://bot.example.fr/hook/tg", "hook/tg")


def test_token_never_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "POST https://api/bot%s/sendMessage", (TOKEN,), None
    )
    assert run_cmd.TokenFilter(TOKEN).filter(record)
    assert TOKEN not in record.getMessage() and "<jeton>" in record.getMessage()


def test_token_never_reaches_a_logged_traceback() -> None:
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")  # as PTB's InvalidToken says
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "start failed", None, sys.exc_info())
    assert run_cmd.TokenFilter(TOKEN).filter(record)
    printed = logging.Formatter().format(record)
    assert "RuntimeError: The token `<jeton>` was rejected" in printed and TOKEN not in printed


def test_without_token_the_terminal_chat_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    calls: list[Settings] = []

    def fake_chat(s: Settings, dialog_path: object = None) -> int:
        calls.append(s)
        return 0

    monkeypatch.setattr("bot.console.chat.run_chat", fake_chat)
    assert main(["run"]) == 0
    assert calls and "TELEGRAM_BOT_TOKEN" in capsys.readouterr().out


def test_webhook_without_secret_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.delenv("BOT_WEBHOOK_SECRET", raising=False)
    assert main(["run", "--webhook", "https://bot.example.fr/tg"]) == 1
    assert "BOT_WEBHOOK_SECRET" in capsys.readouterr().err


def test_harmless_telegram_refusals_are_recognised() -> None:
    from telegram.error import BadRequest

    from bot.tg.sender import is_harmless

    assert is_harmless(BadRequest("Message is not modified: specified new message content and reply markup"))
    assert is_harmless(BadRequest("Query is too old and response timeout expired or query id is invalid"))
    assert not is_harmless(BadRequest("Can't parse entities: unsupported start tag"))
