"""The real simulator as a subprocess on 127.0.0.1, for end-to-end tests.

``sim_server`` starts ``python -m simulator serve`` on a free port with a fresh SQLite file and
yields a :class:`SimServer`: its ``url``, its ``admin_token`` (read from what the server printed)
and :meth:`SimServer.mint` to get partner tokens. The importer's end-to-end tests reuse it;
``server`` is one shared by a module's tests, and ``browser`` Debian's chromium
(tests/e2e/chromium.py).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest

from tests.e2e.chromium import browser  # noqa: F401  (the fixture, for every browser test)
from tests.simulator.support import PROVISIONING_ID

STARTUP_SECONDS = 30.0


@contextmanager
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 where nothing listens: bound (so nobody else can take it) but never
    listening, so a connection to it is refused for as long as the block runs."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        port: int = held.getsockname()[1]
        yield port


class ServerProcess:
    """A server this test started as a subprocess (the simulator, the portal)."""

    process: subprocess.Popen[bytes]

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


@dataclass
class SimServer(ServerProcess):
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

    def ready_for_assist(self, partner: str, order_number: str | None = None) -> str:
        """A fresh token of ``partner``, which has ordered A-Wholesale and done its readiness
        (ready for Setup Assist)."""
        token = self.mint(partner)
        auth = {"Authorization": f"Bearer {token}"}
        with httpx2.Client(base_url=self.url, headers=auth) as http:
            number = order_number or f"AW-{partner}"
            order = {"sku": "A-Wholesale", "quantity": 1, "orderNumber": number}
            http.post("/v1/wholesale/setupAssist/entitlement", json=order).raise_for_status()
            ready = {"pstnConnectivity": True, "hostingRequirements": True, "ossBss": True}
            http.put("/v1/wholesale/setupAssist/readiness", json=ready).raise_for_status()
        return token


def start_simulator(
    folder: Path,
    db_url: str,
    port: int | None = None,
    *extra: str,
    program: tuple[str, ...] = (sys.executable, "-m", "simulator"),
    settings: dict[str, str] | None = None,
) -> SimServer:
    """Start ``python -m simulator serve`` (or ``program serve``, e.g. ``rtm sim``) with only
    the ``RTM_SIM_*`` ``settings`` given, and wait until it answers. Without ``port`` the server
    binds port 0 itself and the test reads the port it printed (no pick-then-bind race)."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTM_SIM_")}
    env |= {"PYTHONUNBUFFERED": "1", **(settings or {})}
    command = [*program, "serve", "--port", str(port or 0)]
    command += ["--db", db_url, *extra]
    serial = len(list(folder.glob("stdout-*.txt")))
    stdout, stderr = folder / f"stdout-{serial}.txt", folder / f"stderr-{serial}.txt"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=err)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"simulator exited: {stderr.read_text()}")
        url, token = _printed(stdout)
        if url and token and _answers(url):
            return SimServer(url, token, db_url, process, folder)
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"simulator did not start within {STARTUP_SECONDS} s: {stderr.read_text()}")


def _printed(path: Path) -> tuple[str | None, str | None]:
    """The URL and the admin token the simulator printed, once it has."""
    text = path.read_text(errors="replace")
    found = re.search(r"^Simulator on (http://\S+)", text, re.MULTILINE)
    return (found.group(1) if found else None), _printed_admin_token(path)


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


def serving(folder: Path) -> Iterator[SimServer]:
    """A real simulator on a free port and a fresh SQLite file in ``folder``, stopped after
    (for a fixture)."""
    server = start_simulator(folder, f"sqlite:///{folder / 'sim.sqlite'}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sim_server(tmp_path: Path) -> Iterator[SimServer]:
    """A real simulator on a free port and a fresh SQLite file."""
    yield from serving(tmp_path)


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SimServer]:
    """A real simulator on a free port and a fresh SQLite file, shared by a module's tests (the
    dashboard's browser tests)."""
    yield from serving(tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]))
