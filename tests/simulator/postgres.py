"""A throwaway PostgreSQL server for the simulator's tests (Debian's ``postgresql`` binaries).

Started once per test session on 127.0.0.1 with a fresh data directory, ``fsync=off`` (test data
only), and stopped at the end. When the binaries are absent the tests skip with the reason —
except under CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest


def server_binaries() -> Path | None:
    """The newest installed ``/usr/lib/postgresql/<version>/bin`` holding ``postgres``."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


def require_binaries() -> Path:
    """The binaries, or a skip (a failure under CI) naming what is missing."""
    binaries = server_binaries()
    if binaries is not None:
        return binaries
    reason = (
        "PostgreSQL server binaries not found under /usr/lib/postgresql "
        "(apt-get install postgresql)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the PostgreSQL tests")
    pytest.skip(reason)


PORT = 5432
"""Only the number in the socket file's name: the server listens on a Unix socket in its own
private folder and on no TCP port, so no two servers (or other programs) can race for it."""


def _as_server_user(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; Debian's package creates the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def running_postgres(database: str = "sim") -> Iterator[str]:
    """Start a server, create ``database``, yield its SQLAlchemy URL, then stop everything."""
    binaries = require_binaries()
    folder = Path(tempfile.mkdtemp(prefix="rtm-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", PORT
    quiet = {"check": True, "capture_output": True}
    subprocess.run(
        _as_server_user(
            [str(binaries / "initdb"), "-D", str(data), "-U", "rtm", "--auth=trust", "-E", "UTF8"]
        ),
        **quiet,  # type: ignore[call-overload]
    )
    options = f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off -c max_connections=200"
    subprocess.run(
        _as_server_user(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ]
        ),
        **quiet,  # type: ignore[call-overload]
    )
    try:
        with psycopg.connect(
            f"host={folder} port={port} user=rtm dbname=postgres", autocommit=True
        ) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        yield f"postgresql+psycopg://rtm@/{database}?host={folder}&port={port}"
    finally:
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
