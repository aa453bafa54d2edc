"""`python -m bot --help` lists every command without importing them (no PTB, shapely, aiosqlite)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli.main import COMMANDS, main

PROBE = """
import sys
from bot.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted(m for m in ("telegram", "shapely", "aiosqlite", "rapidfuzz", "yaml", "bot.engine.core")
               if m in sys.modules)
print("HEAVY:" + ",".join(heavy))
"""


def loaded(*args: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("HEAVY:"))
    return [m for m in line.removeprefix("HEAVY:").split(",") if m]


def test_help_imports_no_command() -> None:
    assert loaded("--help") == []
    assert loaded() == []  # no command: the help too


def test_a_command_imports_only_what_it_needs() -> None:
    heavy = loaded("validate", "--help")
    assert "yaml" in heavy and "telegram" not in heavy and "aiosqlite" not in heavy


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_its_own_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["-v", name, "--help"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: cap-quartiers {name}")
