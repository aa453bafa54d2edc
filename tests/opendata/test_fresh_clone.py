"""The deployment quality bar: from a copy of the repository with no ``../shared`` beside it,
``geodata fetch`` from a mirror (a local HTTP server with fixture copies) then the README's run command
(no token: the terminal chat) reaches the first question."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.opendata.conftest import write_manifest
from tests.opendata.server import Files, FileServer

REPO = Path(__file__).resolve().parents[2]


def copy_of_the_repository(target: Path) -> Path:
    """The files a clone would have (tracked and new, not ignored), without var/ or .venv/."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO, check=True, capture_output=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def test_fetch_then_run_reaches_the_first_question(tmp_path: Path, files: Files, server: FileServer) -> None:
    clone = copy_of_the_repository(tmp_path / "machine" / "cap-quartiers")
    assert not (clone.parent / "shared").exists()
    data = tmp_path / "machine" / "donnees"
    manifest = write_manifest(tmp_path / "manifest.yaml", files.content)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BOT_", "TELEGRAM_")) and key != "PYTHONPATH"
    }
    env["BOT_GEODATA_DIR"] = str(data)

    fetched = subprocess.run(
        [sys.executable, "-m", "bot", "geodata", "fetch", "--manifest", str(manifest), "--from", server.url],
        cwd=clone, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert (clone / "var" / "geodata.index").is_file()

    ran = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=clone, env=env, input="/start\n", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "Pas de TELEGRAM_BOT_TOKEN" in ran.stdout
    assert "Tu as quel âge ?" in ran.stdout
    assert "Index des lieux absent" not in ran.stdout
