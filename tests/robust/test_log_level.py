"""``BOT_LOG_LEVEL`` is applied to the root logger; ``-v`` still forces DEBUG."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.cli.main import configure_logging


@pytest.fixture(autouse=True)
def restore_levels() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in ("", "httpx", "telegram")]
    saved = [logger.level for logger in loggers]
    yield
    for logger, level in zip(loggers, saved, strict=True):
        logger.setLevel(level)


@pytest.mark.parametrize(
    ("env", "verbose", "expected"),
    [
        ({"BOT_LOG_LEVEL": "warning"}, False, logging.WARNING),
        ({"BOT_LOG_LEVEL": "ERROR"}, False, logging.ERROR),
        ({"BOT_LOG_LEVEL": "DEBUG"}, False, logging.DEBUG),
        ({}, False, logging.INFO),
        ({"BOT_LOG_LEVEL": "ERROR"}, True, logging.DEBUG),
    ],
)
def test_level_applied(env: dict[str, str], verbose: bool, expected: int) -> None:
    configure_logging(verbose, env)
    assert logging.getLogger().level == expected
    assert logging.getLogger("bot.tg.app").getEffectiveLevel() == expected
    # httpx never logs request URLs (they hold the token), whatever the level
    assert logging.getLogger("httpx").level >= logging.WARNING
    # nor does the library dump the updates it receives (what people typed)
    assert logging.getLogger("telegram").getEffectiveLevel() >= logging.INFO
