"""A throwaway PostgreSQL server for the tests: its own cluster (``initdb``) in a temporary folder, on
127.0.0.1 and a free port, started once per test session and stopped at the end (``pg_ctl``).

The binaries come from Debian's ``postgresql`` package (``/usr/lib/postgresql/<version>/bin``; ``.ci/run``
installs it). ``initdb`` refuses to run as root: as root the cluster belongs to the ``postgres`` system user.
Without PostgreSQL the tests that need it are skipped locally and FAIL in CI (``CI=true``)."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

_counter = itertools.count(1)


def find_bin_dir() -> Path | None:
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name),
        reverse=True,
    )
    if candidates:
        return candidates[0].parent
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason} (.ci/run installs Debian's postgresql)")
    pytest.skip(f"PostgreSQL not available: {reason}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    bin_dir: Path
    root: Path
    port: int
    as_user: str | None  # run the server as this system user (we are root)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_user is not None:
            command = ["runuser", "-u", self.as_user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stdout}\n{result.stderr}")

    def start(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"
        )
        options = (
            f"-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start"
        )

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)

    def create_database(self) -> str:
        name = f"test_{os.getpid()}_{next(_counter)}"
        self._client("createdb", name)
        return name

    def drop_database(self, name: str) -> None:
        self._client("dropdb", "--force", "--if-exists", name)

    def _client(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", *args]
        subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        import asyncpg  # noqa: F401
    except ModuleNotFoundError:
        unavailable("the asyncpg driver is not installed (pip install '.[postgres]')")
    bin_dir = find_bin_dir()
    if bin_dir is None:
        unavailable("initdb not found (apt-get install postgresql)")
        raise AssertionError  # unreachable: skip/fail raise
    as_user = None
    root = Path(tempfile.mkdtemp(prefix="capq-pg-"))
    if os.geteuid() == 0:
        as_user = "postgres"
        shutil.chown(root, user=as_user)
    server = PostgresServer(bin_dir, root, free_port(), as_user)
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
        unavailable(str(exc))
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    name = postgres_server.create_database()
    try:
        yield postgres_server.url(name)
    finally:
        postgres_server.drop_database(name)
