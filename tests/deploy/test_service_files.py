"""The systemd unit and the container file: checked with the real tools when present
(`systemd-analyze verify`, `hadolint`), and structurally in every case."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
UNIT = DEPLOY / "cap-quartiers.service"
CONTAINERFILE = REPO / "deploy" / "Containerfile"
SYSTEM_UNITS = Path("/usr/lib/systemd/system")


def tool(name: str) -> str:
    """The tool's path; in CI a missing tool fails the test, locally it skips."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing in CI (.ci/run installs it)")
        pytest.skip(f"{name} not installed")
    return found


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"key outside a section: {line}"
        key, sep, value = line.partition("=")
        assert sep, f"not a key=value line: {line}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def verify(unit_text: str, tmp_path: Path, name: str = "cap-quartiers.service") -> str:
    """`systemd-analyze verify` in a scratch root holding the deploy/ units (``name`` replaced by
    ``unit_text``), stand-ins for the programs they start, and the system's own units."""
    analyze = tool("systemd-analyze")
    if not SYSTEM_UNITS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SYSTEM_UNITS} is missing in CI (Debian's systemd package provides it)")
        pytest.skip("no systemd unit directory on this machine")
    root = tmp_path / "root"
    shutil.copytree(SYSTEM_UNITS, root / "usr/lib/systemd/system", symlinks=True)
    units = root / "etc/systemd/system"
    units.mkdir(parents=True)
    for path in DEPLOY.glob("cap-quartiers*.*"):
        if path.suffix in (".service", ".timer"):
            text = unit_text if path.name == name else path.read_text(encoding="utf-8")
            (units / path.name).write_text(text, encoding="utf-8")
            for key in ("ExecStart", "ExecStartPost", "ExecReload"):
                for command in parse_unit(text).get("Service", {}).get(key, []):
                    executable = root / command.split()[0].lstrip("/")
                    executable.parent.mkdir(parents=True, exist_ok=True)
                    executable.write_text("#!/bin/sh\n", encoding="utf-8")
                    executable.chmod(0o755)
    result = subprocess.run(
        [analyze, "--man=no", "verify", f"--root={root}", f"/etc/systemd/system/{name}"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return f"{result.returncode}\n{result.stdout}{result.stderr}".strip()


@pytest.mark.parametrize(
    "name", ["cap-quartiers.service", "cap-quartiers-backup.service", "cap-quartiers-backup.timer"]
)
def test_systemd_accepts_the_units_without_a_single_warning(name: str, tmp_path: Path) -> None:
    assert verify((DEPLOY / name).read_text(encoding="utf-8"), tmp_path, name) == "0"


def test_systemd_verify_would_catch_a_mistake(tmp_path: Path) -> None:
    broken = UNIT.read_text(encoding="utf-8").replace("ProtectSystem=strict", "ProtectSystem=stricte")
    assert "Failed to parse protect system value, ignoring: stricte" in verify(broken, tmp_path)


def test_the_unit_restarts_runs_unprivileged_and_keeps_its_state() -> None:
    service = parse_unit(UNIT.read_text(encoding="utf-8"))["Service"]
    assert service["Restart"] == ["on-failure"]
    assert service["User"] == ["cap-quartiers"] and service["Group"] == ["cap-quartiers"]
    assert service["StateDirectory"] == ["cap-quartiers"]
    assert service["EnvironmentFile"] == ["/etc/cap-quartiers/env"]
    assert service["ExecStart"][0].endswith("cap-quartiers run")
    environment = dict(item.split("=", 1) for item in service["Environment"])
    assert environment["BOT_VAR_DIR"] == "/var/lib/cap-quartiers"
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "CapabilityBoundingSet": "",
        "UMask": "0077",
    }.items():
        assert service[key] == [value], key


def test_hadolint_finds_nothing_in_the_container_file() -> None:
    result = subprocess.run([tool("hadolint"), str(CONTAINERFILE)], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")


def test_hadolint_would_catch_a_mistake() -> None:
    bad = "FROM python\nRUN pip install cap-quartiers\n"
    result = subprocess.run([tool("hadolint"), "-"], input=bad, capture_output=True, text=True)
    assert result.returncode != 0 and "DL3006" in result.stdout


def test_the_container_installs_only_what_running_needs_and_runs_unprivileged() -> None:
    lines = [line.strip() for line in CONTAINERFILE.read_text(encoding="utf-8").splitlines()]
    text = "\n".join(lines)
    assert "pip install --no-cache-dir ." in text and "[dev" not in text
    users = [line for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("USER root", "USER 0", "USER 0:0")
    assert "COPY dialogs ./dialogs" in text and "COPY knowledge ./knowledge" in text
    assert 'VOLUME ["/var/lib/cap-quartiers"]' in text
    assert "BOT_VAR_DIR=/var/lib/cap-quartiers" in text
    assert lines[-1] == 'CMD ["run"]' and 'ENTRYPOINT ["cap-quartiers"]' in text
