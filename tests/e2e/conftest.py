"""The real simulator as a subprocess on 127.0.0.1, for end-to-end tests.

``sim_server`` starts ``python -m simulator serve`` on a free port with a fresh SQLite file and
yields a :class:`SimServer`: its ``url``, its ``admin_token`` (read from what the server printed)
and :meth:`SimServer.mint` to get partner tokens. The importer's end-to-end tests reuse it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest

from tests.simulator.support import PROVISIONING_ID

STARTUP_SECONDS = 30.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class SimServer:
    """A running simulator process."""

    url: str
    admin_token: str
    db_url: str
    process: subprocess.Popen[bytes]
    folder: Path

    def mint(self, partner: str = "acme", role: str = "full_admin") -> str:
        """A fresh partner token (the partner is created if new, and holds a customer template
        with :data:`PROVISIONING_ID`)."""
        answer = httpx2.post(
            f"{self.url}/_sim/tokens",
            json={"partner": partner, "role": role, "provisioningId": PROVISIONING_ID},
            headers={"Authorization": f"Bearer {self.admin_token}"},
        )
        answer.raise_for_status()
        token: str = answer.json()["token"]
        return token

    def admin(self) -> dict[str, str]:
        """Headers carrying the admin token."""
        return {"Authorization": f"Bearer {self.admin_token}"}

    def kill(self) -> None:
        """SIGKILL the server (no chance to flush or clean up) and wait for it."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop the server politely, then firmly."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_simulator(folder: Path, db_url: str, port: int | None = None, *extra: str) -> SimServer:
    """Start ``python -m simulator serve`` and wait until it answers."""
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTM_SIM_")}
    env["PYTHONUNBUFFERED"] = "1"
    command = [
        sys.executable,
        "-m",
        "simulator",
        "serve",
        "--port",
        str(port),
        "--db",
        db_url,
        *extra,
    ]
    with (
        (folder / f"stdout-{port}.txt").open("wb") as out,
        (folder / f"stderr-{port}.txt").open("wb") as err,
    ):
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=err)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"simulator exited: {(folder / f'stderr-{port}.txt').read_text()}")
        token = _printed_admin_token(folder / f"stdout-{port}.txt")
        if token and _answers(url):
            return SimServer(url, token, db_url, process, folder)
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"simulator did not start within {STARTUP_SECONDS} s")


def _printed_admin_token(path: Path) -> str | None:
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("Admin token for /_sim: "):
            return line.rsplit(" ", 1)[1]
    return None


def _answers(url: str) -> bool:
    try:
        return httpx2.get(f"{url}/openapi.json", timeout=2).status_code == 200
    except httpx2.HTTPError:
        return False


@pytest.fixture
def sim_server(tmp_path: Path) -> Iterator[SimServer]:
    """A real simulator on a free port and a fresh SQLite file."""
    server = start_simulator(tmp_path, f"sqlite:///{tmp_path / 'sim.sqlite'}")
    try:
        yield server
    finally:
        server.stop()
