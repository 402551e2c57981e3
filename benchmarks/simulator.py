"""Simulator benchmark (issue 4): subscriber provisioning requests per second on 127.0.0.1 with
concurrent clients, against a bare FastAPI endpoint doing one SQLite insert, in the same run.

    .venv/bin/python benchmarks/simulator.py [--seconds 10] [--connections 16]

The bare endpoint is measured in both of its forms: a ``def`` endpoint, which FastAPI runs in its
thread pool (its documented form for a blocking driver such as ``sqlite3``), and an ``async def``
endpoint running the insert on the event loop (the form the simulator's own subscriber routes
take). Every server runs as its own uvicorn process (one worker, h11, SQLite file in WAL mode).
The load generator is raw asyncio HTTP/1.1 keep-alive connections with pre-formatted requests in
this process; its CPU time (``time.process_time``) is printed beside each rate to show it is not
the bottleneck. Target: the simulator at 50% or more of the bare endpoint's rate; the share is
printed against both forms.

Two more lines say what the target asks of the simulator: the rate of the simulator's request
shape alone (an ``async def`` endpoint with its body and response models, a bearer scheme and
the ``Location`` header, no database and no middleware), and the simulator's own work with no
HTTP in front (the middleware's reads and ``SubscribersBackend.provision`` in a warm loop).
Their sum bounds the share any FastAPI route doing that work could reach here, before routing,
middleware and the call log cost anything.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2
from fastapi import Depends, FastAPI, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

# This script shares its name with the package it measures: keep its folder off the import path
# so that ``import simulator`` finds the package.
sys.path[:] = [
    entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent
]

from simulator.subscribers.schemas import SubscriberCreate, SubscriberPublic  # noqa: E402
from simulator.wire import timestamp  # noqa: E402

ADMIN = "bench-admin"
TARGET_SHARE = 0.5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


BARE_FORMS = {
    "def": "bare FastAPI def endpoint + 1 SQLite insert (thread pool)",
    "async": "bare FastAPI async endpoint + 1 SQLite insert (event loop)",
}


def bare_app(db_path: str, form: str) -> object:
    """The baseline: a FastAPI app whose one endpoint inserts one row into SQLite, as a ``def``
    endpoint (run in the thread pool) or an ``async def`` one (run on the event loop)."""
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if not hasattr(local, "db"):
            db = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=30000")
            db.execute("PRAGMA synchronous=NORMAL")
            local.db = db
        found: sqlite3.Connection = local.db
        return found

    setup = sqlite3.connect(db_path)
    setup.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, body TEXT)")
    setup.close()
    app = FastAPI()

    def store(body: dict[str, object]) -> dict[str, int]:
        db = connection()
        db.execute("BEGIN IMMEDIATE")
        cursor = db.execute("INSERT INTO items (body) VALUES (?)", (json.dumps(body),))
        db.execute("COMMIT")
        return {"id": int(cursor.lastrowid or 0)}

    if form == "def":

        @app.post("/items")
        def insert(request: Request, body: dict[str, object]) -> dict[str, int]:
            return store(body)

    else:

        @app.post("/items")
        async def insert_on_the_loop(request: Request, body: dict[str, object]) -> dict[str, int]:
            return store(body)

    return app


SHAPE = "request shape alone (models, bearer, no database)"


def shape_app() -> object:
    """The simulator's request shape with none of its work: an ``async def`` FastAPI endpoint at
    the same path taking the simulator's own body model (``SubscriberCreate``), a bearer security
    dependency and the ``onBehalfOfSubPartnerOrgId`` query parameter, and answering a
    ``SubscriberPublic`` with a ``Location`` header, with no database, no checks, no middleware.
    What this costs plus the simulator's own work (``backend_alone``) bounds what any FastAPI
    route doing that work can reach on this machine."""
    app = FastAPI()
    bearer = Depends(HTTPBearer())

    @app.post("/v1/wholesale/subscribers", response_model_exclude_none=True)
    async def provision(
        body: SubscriberCreate,
        response: Response,
        onBehalfOfSubPartnerOrgId: str | None = None,
        credentials: HTTPAuthorizationCredentials = bearer,
    ) -> SubscriberPublic:
        response.headers["Location"] = "http://127.0.0.1/v1/wholesale/subscribers/shape"
        now = timestamp(datetime.now(UTC))
        return SubscriberPublic(
            id="shape",
            person_id="shape",
            email=body.email,
            customer_id=body.customer_id,
            external_customer_id="bench",
            packages=list(body.packages or []),
            status="provisioned",
            created=now,
            last_status_change=now,
        )

    return app


@dataclass
class Server:
    """A server subprocess."""

    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        """Stop the server."""
        self.process.terminate()
        self.process.wait(timeout=10)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Measurement:
    """One load run against one server."""

    rate: float
    client_cpu: float
    server_cpu_ms: float
    statuses: dict[int, int]


def measured(
    server: Server, make: Callable[[int], bytes], seconds: float, connections: int
) -> Measurement:
    """Load ``server`` and note its CPU time per request as well."""
    before = server.cpu_seconds()
    rate, client_cpu, statuses = load(server.url, make, seconds, connections)
    per_request = (server.cpu_seconds() - before) * 1000 / max(1, sum(statuses.values()))
    return Measurement(rate, client_cpu, per_request, statuses)


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited during start-up")
        try:
            if httpx2.get(f"{url}/openapi.json", timeout=1).status_code == 200:
                return
        except httpx2.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def start_simulator(folder: Path) -> Server:
    """``python -m simulator serve`` on a fresh SQLite file."""
    port = _free_port()
    env = {**os.environ, "RTM_SIM_ADMIN_TOKEN": ADMIN, "RTM_SIM_TRANSITIONS": "immediate"}
    command = [
        sys.executable,
        "-m",
        "simulator",
        "serve",
        "--port",
        str(port),
        "--db",
        f"sqlite:///{folder / 'sim.sqlite'}",
    ]
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    _wait(url, process)
    return Server(url, process)


def start_bare(folder: Path, form: str) -> Server:
    """The bare endpoint, served by uvicorn like the simulator."""
    port = _free_port()
    script = str(Path(__file__).resolve())
    database = str(folder / f"bare-{form}.sqlite")
    command = [sys.executable, script, "--bare-server", str(port), database, form]
    process = subprocess.Popen(command, cwd=folder)
    url = f"http://127.0.0.1:{port}"
    _wait(url, process)
    return Server(url, process)


def serve_bare(port: int, db_path: str, form: str) -> None:
    """Run the bare app (the ``--bare-server`` mode of this script)."""
    import uvicorn

    app = shape_app() if form == "shape" else bare_app(db_path, form)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]


def _request(host: str, path: str, token: str, body: bytes) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _connection(
    port: int,
    make: Callable[[int], bytes],
    counter: list[int],
    statuses: dict[int, int],
    stop: float,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while time.monotonic() < stop:
        counter[0] += 1
        writer.write(make(counter[0]))
        status = await asyncio.wait_for(_response(reader), timeout=30)
        statuses[status] = statuses.get(status, 0) + 1
    writer.close()


async def _response(reader: asyncio.StreamReader) -> int:
    """Read one response; its status."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("server closed the connection")
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return int(status_line.split()[1])


def load(
    url: str, make: Callable[[int], bytes], seconds: float, connections: int
) -> tuple[float, float, dict[int, int]]:
    """Requests per second, the client's CPU share, and the status counts."""
    port = int(url.rsplit(":", 1)[1])
    counter: list[int] = [0]
    statuses: dict[int, int] = {}
    cpu, wall = time.process_time(), time.perf_counter()
    stop = time.monotonic() + seconds

    async def run() -> None:
        await asyncio.gather(
            *(_connection(port, make, counter, statuses, stop) for _ in range(connections))
        )

    asyncio.run(run())
    elapsed = time.perf_counter() - wall
    return sum(statuses.values()) / elapsed, (time.process_time() - cpu) / elapsed, statuses


def prepare_simulator(client: Any) -> tuple[str, str]:
    """A partner token and a provisioned customer to add subscribers to (``client``: an httpx2
    client, or Starlette's test client, with the simulator's base URL)."""
    admin = {"Authorization": f"Bearer {ADMIN}"}
    token = client.post(
        "/_sim/tokens",
        json={"partner": "bench", "role": "full_admin", "provisioningId": "bench"},
        headers=admin,
    ).json()["token"]
    customer = {
        "provisioningId": "bench",
        "packages": ["webex_meetings"],
        "externalId": "bench",
        "address": {
            "addressLine1": "1 Main St",
            "city": "Austin",
            "stateOrProvince": "TX",
            "zipOrPostalCode": "78701",
            "country": "US",
        },
        "customerInfo": {"name": "Bench", "primaryEmail": "owner@bench.example"},
    }
    auth = {"Authorization": f"Bearer {token}"}
    url = client.post("/v1/wholesale/customers", json=customer, headers=auth).json()["url"]
    customer_id = client.get(url, headers=auth).json()["id"]
    return token, customer_id


def measure_bare(folder: Path, form: str, seconds: float, connections: int) -> Measurement:
    """The bare endpoint under load."""
    bare = start_bare(folder, form)
    try:
        body = b'{"email": "someone@bench.example", "package": "webex_meetings"}'
        host = bare.url.removeprefix("http://")
        return measured(bare, lambda n: _request(host, "/items", "x", body), seconds, connections)
    finally:
        bare.stop()


def subscribers(url: str, token: str, customer_id: str) -> Callable[[int], bytes]:
    """The load's requests: a new subscriber of ``customer_id`` each."""
    host = url.removeprefix("http://")

    def subscriber(n: int) -> bytes:
        payload = {
            "customerId": customer_id,
            "email": f"user{n}@bench.example",
            "packages": ["webex_meetings"],
            "provisioningParameters": {"firstName": "U", "lastName": str(n)},
        }
        return _request(host, "/v1/wholesale/subscribers", token, json.dumps(payload).encode())

    return subscriber


def measure_simulator(folder: Path, seconds: float, connections: int) -> Measurement:
    """Subscriber provisioning on the simulator under load."""
    sim = start_simulator(folder)
    try:
        with httpx2.Client(base_url=sim.url) as client:
            token, customer_id = prepare_simulator(client)
        return measured(sim, subscribers(sim.url, token, customer_id), seconds, connections)
    finally:
        sim.stop()


def measure_shape(folder: Path, seconds: float, connections: int) -> Measurement:
    """The request shape alone (:func:`shape_app`) under the simulator's load."""
    shape = start_bare(folder, "shape")
    try:
        return measured(shape, subscribers(shape.url, "x", "bench"), seconds, connections)
    finally:
        shape.stop()


def backend_alone(folder: Path, count: int = 2000) -> tuple[float, float]:
    """Milliseconds per call of the simulator's own work with no HTTP in front: the middleware's
    settings and token read, and ``SubscribersBackend.provision`` (body checks and the
    transaction), in this process on a SQLite file of its own."""
    from starlette.testclient import TestClient

    from simulator.app import create_app
    from simulator.auth import look_up
    from simulator.middleware import settings_and_token
    from simulator.settings import Settings
    from simulator.subscribers.models import SubscribersBackend
    from simulator.subscribers.schemas import SubscriberCreate

    settings = Settings(
        db_url=f"sqlite:///{folder / 'alone.sqlite'}",
        admin_token=ADMIN,
        transition_mode="immediate",
    )
    app = create_app(settings)
    runtime = app.state.runtime
    with TestClient(app) as client:
        token, customer_id = prepare_simulator(client)
    bodies = [
        SubscriberCreate.model_validate(
            {
                "customerId": customer_id,
                "email": f"alone{n}@bench.example",
                "packages": ["webex_meetings"],
                "provisioningParameters": {"firstName": "U", "lastName": str(n)},
            }
        )
        for n in range(count)
    ]
    started = time.perf_counter()
    for _ in range(count):
        settings_and_token(runtime, token)
    reads = (time.perf_counter() - started) * 1000 / count
    principal = look_up(runtime, token).principal
    assert principal is not None
    backend = SubscribersBackend(runtime, principal)
    started = time.perf_counter()
    for body in bodies:
        backend.provision(body, None)
    provisioning = (time.perf_counter() - started) * 1000 / count
    runtime.store.dispose()
    return reads, provisioning


def main() -> None:
    """Run both measurements and print the comparison."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--bare-server", nargs=3, metavar=("PORT", "DB", "FORM"))
    args = parser.parse_args()
    if args.bare_server:
        serve_bare(int(args.bare_server[0]), args.bare_server[1], args.bare_server[2])
        return
    with tempfile.TemporaryDirectory(prefix="rtm-bench-sim-") as folder:
        bares = {
            form: measure_bare(Path(folder), form, args.seconds, args.connections)
            for form in BARE_FORMS
        }
        sim = measure_simulator(Path(folder), args.seconds, args.connections)
        shape = measure_shape(Path(folder), args.seconds, args.connections)
        reads, provisioning = backend_alone(Path(folder))
    print(f"connections {args.connections}, {args.seconds:.0f} s each, {os.cpu_count()} cores")
    rows = [(BARE_FORMS[form], run) for form, run in bares.items()]
    for label, run in [*rows, ("simulator subscriber provision", sim), (SHAPE, shape)]:
        print(
            f"{label:<61} {run.rate:6.0f} req/s  server CPU {run.server_cpu_ms:5.2f} ms/req  "
            f"client CPU {run.client_cpu:4.0%}  {run.statuses}"
        )
    for form, bare in bares.items():
        share = sim.rate / bare.rate
        verdict = "met" if share >= TARGET_SHARE else "NOT met"
        print(
            f"simulator / bare {form:<5} = {share:.2f} "
            f"(target >= {TARGET_SHARE:.2f}: {verdict}; "
            f"server CPU per request {bare.server_cpu_ms / sim.server_cpu_ms:.2f})"
        )
    print(
        f"simulator's own work, no HTTP (in this process): settings + token read "
        f"{reads:.3f} ms, provisioning (checks + transaction) {provisioning:.3f} ms per subscriber"
    )
    own = reads + provisioning
    bound = shape.server_cpu_ms + own
    print(
        f"bound for a FastAPI route doing the simulator's work: request shape "
        f"{shape.server_cpu_ms:.2f} ms + own work {own:.2f} ms = {bound:.2f} ms of server CPU "
        f"per request, a share of at most {bares['async'].server_cpu_ms / bound:.2f} of the bare "
        f"async endpoint (before routing, middleware, call log); the simulator spends "
        f"{sim.server_cpu_ms:.2f} ms"
    )
    runs = [sim, shape, *bares.values()]
    if any(set(run.statuses) != {200} for run in runs):
        raise SystemExit("unexpected statuses in the run")


if __name__ == "__main__":
    main()
