"""The commands shown to people work as written on a fresh machine (after ``make setup``).

Every ``cap-quartiers …`` (or ``.venv/bin/cap-quartiers …``) written in code in the README, the docs and
the comments of the shipped YAML parses with the real CLI parser; every ``make …`` is a target of the
Makefile; the counsellors' guides and the YAML comments never use ``python -m bot`` (it needs the virtual
environment's Python); the cheap commands of the counsellors' guides are run; the console script exists."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from bot.cli.main import COMMANDS, build_parser, chosen_command, main

DOCS = [Path("README.md"), *sorted(p for p in Path("docs").glob("*.md") if p.name != "architecture.md")]
SHIPPED_YAML = sorted([*Path("dialogs").rglob("*.yaml"), *Path("knowledge").rglob("*.yaml")])
# what counsellors read: only the forms that work without knowing about virtual environments
COUNSELLORS = [
    Path("docs/dialogues.md"),
    Path("docs/guide-conseiller.md"),
    Path("docs/connaissances-lieux.md"),
    Path("docs/rechargement.md"),
    *SHIPPED_YAML,
]
_CODE = re.compile(r"```[^\n]*\n(.*?)```|`([^`\n]+)`", re.S)
_COMMAND = re.compile(r"(?:^|(?<=[\s(]))(?:\S*/bin/)?cap-quartiers( [^\n]*)?$", re.M)
_MAKE = re.compile(r"(?:^|(?<=[\s(]))make ([a-z][a-z-]*)")
_PLACEHOLDER = re.compile(r"[<\[…$]|\bFICHIER\b|\bURL\b|\bDIR\b")
CHEAP = {"validate", "test-dialogs"}  # run for real: they only read the shipped files


def _code(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yaml":  # comments only
        return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
    return [m.group(1) or m.group(2) for m in _CODE.finditer(text)]


def _commands(path: Path) -> list[str]:
    found: list[str] = []
    for code in _code(path):
        for line in code.splitlines():
            for match in _COMMAND.finditer(line):
                rest = re.split(r"\s+#\s|\\\||\s·\s|\s+puis\s+|\s;\s|\s\(", match.group(1) or "")[0].strip()
                words = rest.split()
                if words and (words[0] in COMMANDS or words[0] == "--help"):  # not a user or image name
                    found.append(rest)
    return found


def _all_commands() -> list[tuple[str, str]]:
    return [(str(path), command) for path in DOCS + SHIPPED_YAML for command in _commands(path)]


def test_commands_are_found() -> None:
    commands = {c for _, c in _all_commands()}
    assert {"validate", "graph --out docs/orientation.mmd", "knowledge review --json"} <= commands


@pytest.mark.parametrize(("where", "command"), _all_commands(), ids=lambda v: v)
def test_every_command_parses(where: str, command: str) -> None:
    # optional parts (« [--source DIR] ») left out, placeholders (« … », « <texte> », « URL ») filled in
    words = shlex.split(re.sub(r"\[[^\]]*\]", "", command))
    if not words or _PLACEHOLDER.search(words[0]) or words == ["--help"]:
        return
    argv = ["1" if _PLACEHOLDER.search(word) else word for word in words]  # « 1 »: a text or a number
    parser = build_parser(chosen_command(argv))
    try:
        parser.parse_args(argv)
    except SystemExit as exc:
        pytest.fail(f"{where} : « cap-quartiers {command} » ne passe pas ({exc.code})")


def test_every_make_target_exists() -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", Path("Makefile").read_text(encoding="utf-8"), re.M))
    for path in DOCS + SHIPPED_YAML:
        for code in _code(path):
            for target in _MAKE.findall(code):
                assert target in targets, f"{path} : « make {target} » n'existe pas dans le Makefile"
    assert {"setup", "validate", "scenarios", "chat", "graph"} <= targets


@pytest.mark.parametrize("path", COUNSELLORS, ids=str)
def test_counsellors_never_read_python_m_bot(path: Path) -> None:
    if path.exists():
        assert "python -m bot" not in path.read_text(encoding="utf-8")


def test_cheap_commands_of_the_guide_run(capsys: pytest.CaptureFixture[str]) -> None:
    ran = 0
    for path in COUNSELLORS:
        if not path.exists() or path.suffix != ".md":
            continue
        for command in _commands(path):
            argv = shlex.split(command)
            if argv and argv[0] in CHEAP and not _PLACEHOLDER.search(command) and "--out" not in argv:
                assert main(argv) == 0, f"{path} : cap-quartiers {command}"
                ran += 1
    assert ran >= 1
    capsys.readouterr()


def test_the_console_script_works() -> None:
    script = Path(".venv/bin/cap-quartiers")
    if not script.exists():
        if os.environ.get("CI"):
            raise RuntimeError("make setup installs .venv/bin/cap-quartiers")
        pytest.skip("no .venv (make setup)")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: cap-quartiers")
    assert "validate" in done.stdout and "graph" in done.stdout
