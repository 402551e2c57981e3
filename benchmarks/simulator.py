"""Simulator benchmark (issue 16): subscriber provisioning in the common onboarding case against
a bare FastAPI endpoint and moto's server, in one run, with one load generator.

    .venv/bin/python -m pip install -e '.[bench]'     # moto[server], for the comparison
    .venv/bin/python benchmarks/simulator.py [--seconds 10] [--connections 16] [--existing 5000]

Three servers run as their own processes on 127.0.0.1, one after the other:

- the simulator (``python -m simulator serve``, one uvicorn worker, a fresh SQLite file,
  ``immediate`` transitions) provisioning ``webex_calling`` subscribers, each with the
  customer's location and an extension of its own, on a customer that already holds
  ``--existing`` such subscribers (made first through the same API, not timed);
- a bare FastAPI plain ``def`` endpoint doing one SQLite insert (WAL), served by uvicorn;
- moto's server (``python -m moto.server``, Werkzeug, in memory) answering DynamoDB ``PutItem``
  of an item with the same fields as the subscriber.

The load generator is raw asyncio HTTP/1.1 in this process: ``--connections`` clients, each
sending a request and reading its answer before the next. Clients keep their connection open
(``keep-alive``), except against moto, whose server closes every connection after its answer:
there each request opens a new one (``fresh``). The simulator is measured both ways, so its
rate can be put beside moto's like for like. Targets: the simulator at 1.2x moto's rate or more
and at 0.5x the bare endpoint's or more. The machine's load average is printed: the rates are
only comparable within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
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
from pathlib import Path
from typing import Any

import httpx2

ADMIN = "bench-admin"
MOTO_TARGET = 1.2
BARE_TARGET = 0.5
DYNAMO_AUTH = (
    "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261201/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=bench"
)
"""moto's server picks the service from the credential scope of a SigV4 header (it does not
check the signature unless told to)."""

Make = Callable[[int], bytes]


@dataclass
class Server:
    """A server subprocess on 127.0.0.1."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"http://127.0.0.1:{self.port}"

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

    label: str
    connection: str
    rate: float
    client_cpu: float
    server_cpu_ms: float
    statuses: dict[int, int]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _started(command: list[str], folder: Path, ready: Callable[[str], bool], **env: str) -> Server:
    port = _free_port()
    environment = {**os.environ, **env}
    with (folder / "servers.log").open("ab") as log:
        process = subprocess.Popen(
            [*command, str(port)], cwd=folder, env=environment, stdout=log, stderr=log
        )
    server = Server(port, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[:3]} exited during start-up")
        with contextlib.suppress(httpx2.HTTPError):  # not listening yet: look again
            if ready(server.url):
                return server
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{command[:3]} did not start")


def _answers_openapi(url: str) -> bool:
    return httpx2.get(f"{url}/openapi.json", timeout=2).status_code == 200


# --- the load generator -------------------------------------------------------------------


def _request(port: int, path: str, headers: dict[str, str], body: bytes) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


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


@dataclass
class Load:
    """What one load run shares between its clients."""

    port: int
    make: Make
    fresh: bool
    stop: float
    limit: int
    sent: int = 0
    statuses: dict[int, int] | None = None

    def next(self) -> int | None:
        """The next request's number, or None when the run is over."""
        if self.sent >= self.limit or time.monotonic() >= self.stop:
            return None
        self.sent += 1
        return self.sent


async def _client(load: Load) -> None:
    statuses = load.statuses if load.statuses is not None else {}
    reader, writer = await asyncio.open_connection("127.0.0.1", load.port)
    while (number := load.next()) is not None:
        if load.fresh and number > 1:
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", load.port)
        writer.write(load.make(number))
        status = await asyncio.wait_for(_response(reader), timeout=60)
        statuses[status] = statuses.get(status, 0) + 1
    writer.close()


def load(
    port: int, make: Make, connections: int, *, fresh: bool, seconds: float, limit: int
) -> tuple[float, float, dict[int, int]]:
    """Requests per second, the client's CPU share, and the status counts of one run that ends
    after ``seconds`` or ``limit`` requests."""
    shared = Load(port, make, fresh, time.monotonic() + seconds, limit, statuses={})
    cpu, wall = time.process_time(), time.perf_counter()

    async def run() -> None:
        await asyncio.gather(*(_client(shared) for _ in range(connections)))

    asyncio.run(run())
    elapsed = time.perf_counter() - wall
    statuses = shared.statuses or {}
    return sum(statuses.values()) / elapsed, (time.process_time() - cpu) / elapsed, statuses


def measured(
    label: str, server: Server, make: Make, args: argparse.Namespace, *, fresh: bool
) -> Measurement:
    """Load ``server`` for ``args.seconds``; its rate and its CPU time per request."""
    before = server.cpu_seconds()
    rate, client_cpu, statuses = load(
        server.port, make, args.connections, fresh=fresh, seconds=args.seconds, limit=10**9
    )
    per_request = (server.cpu_seconds() - before) * 1000 / max(1, sum(statuses.values()))
    kind = "fresh" if fresh else "keep-alive"
    return Measurement(label, kind, rate, client_cpu, per_request, statuses)


# --- the simulator ------------------------------------------------------------------------

ADDRESS = {
    "addressLine1": "1 Main St",
    "city": "Austin",
    "stateOrProvince": "TX",
    "zipOrPostalCode": "78701",
    "country": "US",
}


def _calling_customer(http: httpx2.Client) -> tuple[str, str, str]:
    """A partner token, and a provisioned calling customer's id and its location's id."""
    minted = http.post(
        "/_sim/tokens",
        json={"partner": "bench", "role": "full_admin", "provisioningId": "bench"},
        headers={"Authorization": f"Bearer {ADMIN}"},
    )
    auth = {"Authorization": f"Bearer {minted.json()['token']}"}
    location = {"name": "Head Office", "address": ADDRESS, "timezone": "America/Chicago"}
    customer = {
        "provisioningId": "bench",
        "packages": ["webex_calling"],
        "externalId": "bench",
        "address": ADDRESS,
        "customerInfo": {"name": "Bench", "primaryEmail": "owner@bench.example"},
        "provisioningParameters": {"calling": {"location": {**location, "language": "en_us"}}},
    }
    created = http.post("/v1/wholesale/customers", json=customer, headers=auth)
    held = http.get(created.json()["url"], headers=auth).json()
    found = http.get("/v1/locations", params={"orgId": held["orgId"]}, headers=auth).json()
    return auth["Authorization"].split()[1], held["id"], found["items"][0]["id"]


def calling_subscribers(port: int, token: str, customer_id: str, location_id: str) -> Make:
    """The simulator's requests: subscriber ``n``, a new ``webex_calling`` subscriber with the
    customer's location and an extension of its own."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def subscriber(n: int) -> bytes:
        payload = {
            "customerId": customer_id,
            "email": f"user{n}@bench.example",
            "packages": ["webex_calling"],
            "provisioningParameters": {
                "firstName": "U",
                "lastName": str(n),
                "locationId": location_id,
                "extension": str(1_000_000 + n),
            },
        }
        return _request(port, "/v1/wholesale/subscribers", headers, json.dumps(payload).encode())

    return subscriber


def measure_simulator(folder: Path, args: argparse.Namespace) -> list[Measurement]:
    """The simulator, filled with ``args.existing`` subscribers, under load both ways."""
    command = [sys.executable, "-m", "simulator", "serve", "--db"]
    command += [f"sqlite:///{folder / 'sim.sqlite'}", "--port"]
    sim = _started(
        command,
        folder,
        _answers_openapi,
        RTM_SIM_ADMIN_TOKEN=ADMIN,
        RTM_SIM_TRANSITIONS="immediate",
    )
    try:
        with httpx2.Client(base_url=sim.url, timeout=30) as http:
            token, customer_id, location_id = _calling_customer(http)
        make = calling_subscribers(sim.port, token, customer_id, location_id)
        counter = iter(range(10**9))
        numbered: Make = lambda _: make(next(counter))  # noqa: E731  every run, new numbers
        _, _, filled = load(
            sim.port, numbered, args.connections, fresh=False, seconds=3600, limit=args.existing
        )
        if set(filled) != {200}:
            raise SystemExit(f"filling the simulator answered {filled}")
        label = f"simulator: webex_calling subscriber ({args.existing:,} held)"
        return [
            measured(label, sim, numbered, args, fresh=False),
            measured(label, sim, numbered, args, fresh=True),
        ]
    finally:
        sim.stop()


# --- the bare endpoint --------------------------------------------------------------------


def bare_app(db_path: str) -> Any:
    """The baseline: a FastAPI app whose one plain ``def`` endpoint (run in the thread pool)
    inserts one row into SQLite."""
    from fastapi import FastAPI

    local = threading.local()
    setup = sqlite3.connect(db_path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, body TEXT)")
    setup.close()
    app = FastAPI()

    @app.post("/items")
    def insert(body: dict[str, object]) -> dict[str, int]:
        if not hasattr(local, "db"):
            local.db = sqlite3.connect(db_path, isolation_level=None)
            local.db.execute("PRAGMA busy_timeout=30000")
            local.db.execute("PRAGMA synchronous=NORMAL")
        local.db.execute("BEGIN IMMEDIATE")
        cursor = local.db.execute("INSERT INTO items (body) VALUES (?)", (json.dumps(body),))
        local.db.execute("COMMIT")
        return {"id": int(cursor.lastrowid or 0)}

    return app


def serve_bare(db_path: str, port: int) -> None:
    """Run the bare app (the ``--bare-server`` mode of this script)."""
    import uvicorn

    uvicorn.run(bare_app(db_path), host="127.0.0.1", port=port, log_level="warning")


def measure_bare(folder: Path, args: argparse.Namespace) -> Measurement:
    """The bare endpoint under load."""
    script = str(Path(__file__).resolve())
    command = [sys.executable, script, "--bare-server", str(folder / "bare.sqlite")]
    bare = _started(command, folder, _answers_openapi)
    body = json.dumps(
        {"email": "someone@bench.example", "packages": ["webex_calling"], "extension": "1001"}
    ).encode()
    headers = {"Content-Type": "application/json"}
    try:
        make: Make = lambda _: _request(bare.port, "/items", headers, body)  # noqa: E731
        return measured(
            "bare FastAPI def endpoint + 1 SQLite insert", bare, make, args, fresh=False
        )
    finally:
        bare.stop()


# --- moto ---------------------------------------------------------------------------------


def _dynamo_headers(operation: str) -> dict[str, str]:
    return {
        "Authorization": DYNAMO_AUTH,
        "X-Amz-Date": "20261201T000000Z",
        "X-Amz-Target": f"DynamoDB_20120810.{operation}",
        "Content-Type": "application/x-amz-json-1.0",
    }


def _dynamo(url: str, operation: str, body: dict[str, Any]) -> httpx2.Response:
    return httpx2.post(url, json=body, headers=_dynamo_headers(operation), timeout=60)


def _lists_tables(url: str) -> bool:
    return _dynamo(url, "ListTables", {}).status_code == 200


def _create_table(url: str) -> None:
    table = {
        "TableName": "subscribers",
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    _dynamo(url, "CreateTable", table).raise_for_status()


def put_items(port: int) -> Make:
    """moto's requests: DynamoDB ``PutItem`` of an item with the subscriber's fields."""
    headers = _dynamo_headers("PutItem")

    def put(n: int) -> bytes:
        item = {
            "id": f"sub-{n}",
            "customerId": "bench",
            "email": f"user{n}@bench.example",
            "package": "webex_calling",
            "firstName": "U",
            "lastName": str(n),
            "locationId": "head-office",
            "extension": str(1_000_000 + n),
        }
        body = {"TableName": "subscribers", "Item": {k: {"S": v} for k, v in item.items()}}
        return _request(port, "/", headers, json.dumps(body).encode())

    return put


def measure_moto(folder: Path, args: argparse.Namespace) -> Measurement:
    """moto's server under load, a new connection a request (it closes every one)."""
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p"]
    moto = _started(command, folder, _lists_tables)
    try:
        _create_table(moto.url)
        label = "moto server: DynamoDB PutItem (in memory)"
        return measured(label, moto, put_items(moto.port), args, fresh=True)
    finally:
        moto.stop()


# --- the report ---------------------------------------------------------------------------


def _verdict(share: float, target: float) -> str:
    return f"{share:.2f} (target >= {target}: {'met' if share >= target else 'NOT met'})"


def report(runs: list[Measurement], args: argparse.Namespace) -> None:
    """The table and the shares."""
    load_1, load_5, _ = os.getloadavg()
    print(
        f"{args.connections} connections, {args.seconds:.0f} s a run, {os.cpu_count()} cores, "
        f"load average {load_1:.2f} / {load_5:.2f} (1 / 5 min) at the end"
    )
    print(
        f"{'server':<58} {'connection':<10} {'req/s':>7} {'srv ms/req':>10} {'srv busy':>8} "
        f"{'client CPU':>10}"
    )
    for run in runs:
        busy = run.rate * run.server_cpu_ms / 1000
        print(
            f"{run.label:<58} {run.connection:<10} {run.rate:7.0f} {run.server_cpu_ms:10.2f} "
            f"{busy:8.0%} {run.client_cpu:10.0%}  {run.statuses}"
        )
    print(
        "srv ms/req: the server process's CPU time per request; srv busy: the share of one core "
        "it used (well under 100% means it waited: for the disk, a lock or the loaded machine)"
    )
    sim, sim_fresh, bare, moto = runs
    like = _verdict(sim_fresh.rate / moto.rate, MOTO_TARGET)
    print(f"simulator / moto, both fresh connections: {like}")
    print(
        f"simulator keep-alive / moto fresh:        {_verdict(sim.rate / moto.rate, MOTO_TARGET)}"
    )
    print(
        f"simulator / bare def, both keep-alive:    {_verdict(sim.rate / bare.rate, BARE_TARGET)}"
    )
    by_cpu = (moto.server_cpu_ms / sim.server_cpu_ms, bare.server_cpu_ms / sim.server_cpu_ms)
    print("by server CPU per request (the rates with a core each):")
    print(f"  simulator / moto {_verdict(by_cpu[0], MOTO_TARGET)}")
    print(f"  simulator / bare def {_verdict(by_cpu[1], BARE_TARGET)}")


def main() -> None:
    """Run the three measurements and print the comparison."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--existing", type=int, default=5000)
    parser.add_argument("--bare-server", nargs=2, metavar=("DB", "PORT"))
    args = parser.parse_args()
    if args.bare_server:
        serve_bare(args.bare_server[0], int(args.bare_server[1]))
        return
    if importlib.util.find_spec("moto") is None:
        raise SystemExit("moto is not installed: .venv/bin/python -m pip install -e '.[bench]'")
    with tempfile.TemporaryDirectory(prefix="rtm-bench-sim-") as folder:
        runs = measure_simulator(Path(folder), args)
        runs += [measure_bare(Path(folder), args), measure_moto(Path(folder), args)]
    report(runs, args)
    if any(set(run.statuses) != {200} for run in runs):
        raise SystemExit("unexpected statuses in the run")


if __name__ == "__main__":
    main()
