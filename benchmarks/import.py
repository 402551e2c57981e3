"""Importer benchmark (issue 6): subscribers per second against a local simulator that adds
50 ms to every call, the importer at ``--concurrency 16`` versus a sequential
one-request-at-a-time client in the same run; and, with no added latency, the importer's
client-side CPU time per request.

    .venv/bin/python benchmarks/import.py [--subscribers 10000] [--sequential 300]

Last, the HTTP client alone against a minimal HTTP/1.1 server process (what httpx2 costs). The
simulator runs as its own process (``python -m simulator serve``) on a temporary SQLite
file, so the CPU time measured here (``time.process_time`` of this process) is the client's
alone. The sequential client is timed on ``--sequential`` subscribers (at 50 ms a call, 10,000
would take over eight minutes); its rate is what the comparison uses.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

from bulk.client import ApiSession, WholesaleClient, open_http_client
from bulk.importer import Importer, ImportOptions, ImportRun, ProvisioningJournal, build_plan
from bulk.workbook.rows import CustomerRow, ParsedWorkbook, SubscriberRow

ADMIN = "bench-admin"
TARGET_SPEEDUP = 10.0

PROVISIONING_ID = "bench-template"
"""The customer template the benchmark's partners are given (and send)."""
BENCH_TEMPLATE = {"role": "full_admin", "provisioningId": PROVISIONING_ID}


@dataclass
class Server:
    """A simulator subprocess."""

    url: str
    process: subprocess.Popen[bytes]

    def admin(self, method: str, path: str, body: object) -> dict[str, object]:
        answer = httpx2.request(
            method, self.url + path, json=body, headers={"Authorization": f"Bearer {ADMIN}"}
        )
        answer.raise_for_status()
        return dict(answer.json())

    def token(self, partner: str) -> str:
        return str(
            self.admin("POST", "/_sim/tokens", {"partner": partner, **BENCH_TEMPLATE})["token"]
        )

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the simulator process has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def latency(self, ms: int) -> None:
        rules = [{"method": "*", "route": "/v1/*", "latencyMs": ms}] if ms else []
        self.admin("PUT", "/_sim/faults", {"seed": 1, "rules": rules})


def start_server(folder: Path) -> Server:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "RTM_SIM_ADMIN_TOKEN": ADMIN,
        "RTM_SIM_TRANSITIONS": "immediate",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simulator",
            "serve",
            "--port",
            str(port),
            "--db",
            f"sqlite:///{folder / 'sim.sqlite'}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx2.get(url + "/_sim/clock", headers={"Authorization": f"Bearer {ADMIN}"})
            return Server(url, process)
        except httpx2.TransportError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("the simulator did not start")


MINIMAL_SERVER = r"""
import asyncio, sys
BODY = b'{"id":"s1","email":"a@b.c","status":"provisioned","packages":["webex_meetings"]}'
ANSWER = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (
    len(BODY), BODY)
async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            size = [int(h.split(b":")[1]) for h in head.split(b"\r\n")
                    if h.lower().startswith(b"content-length:")]
            if size:
                await reader.readexactly(size[0])
            writer.write(ANSWER)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", int(sys.argv[1]))
    async with server:
        await server.serve_forever()
asyncio.run(main())
"""


def client_costs(requests: int = 4000, concurrency: int = 16) -> list[tuple[str, float, float]]:
    """(client, CPU ms per request, requests/s) against a minimal keep-alive HTTP/1.1 server in
    another process: what the HTTP client itself costs, apart from any simulator."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", MINIMAL_SERVER, str(port)])
    url = f"http://127.0.0.1:{port}"
    body = {"customerId": "c", "email": "a@b.c", "packages": ["webex_meetings"]}

    async def raw(http: httpx2.AsyncClient) -> None:
        (await http.post("/v1/wholesale/subscribers", json=body)).json()

    async def full(http: httpx2.AsyncClient) -> None:
        await WholesaleClient(ApiSession(http, "token")).create_subscriber(body)

    async def measure(http: httpx2.AsyncClient, call: Any) -> tuple[float, float]:
        slots = asyncio.Semaphore(concurrency)

        async def one() -> None:
            async with slots:
                await call(http)

        await asyncio.gather(*(one() for _ in range(200)))  # warm the pool
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(one() for _ in range(requests)))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        return cpu / requests * 1000, requests / wall

    async def all_clients() -> list[tuple[str, float, float]]:
        found: list[tuple[str, float, float]] = []
        cases: tuple[tuple[str, Callable[[], httpx2.AsyncClient], Any], ...] = (
            ("httpx2.AsyncClient() defaults", lambda: httpx2.AsyncClient(base_url=url), raw),
            ("httpx2 as open_http_client tunes it", lambda: open_http_client(url), raw),
            ("full path: WholesaleClient.create_subscriber", lambda: open_http_client(url), full),
        )
        for name, make, call in cases:
            async with make() as http:
                found.append((name, *await measure(http, call)))
        return found

    try:
        time.sleep(0.5)
        return asyncio.run(all_clients())
    finally:
        server.kill()
        server.wait(10)


def workload(prefix: str, subscribers: int, customers: int = 10) -> ParsedWorkbook:
    """``customers`` meetings customers sharing ``subscribers`` subscribers."""
    rows = ParsedWorkbook()
    for c in range(customers):
        rows.customers.append(
            CustomerRow(
                row=c + 2,
                external_id=f"{prefix}-c{c}",
                name=f"Bench {c}",
                primary_email=f"admin{c}@{prefix}.example.com",
                language="en_US",
                address_line1="1 Main Street",
                city="Austin",
                state="TX",
                postal_code="78701",
                country="US",
                packages=("webex_meetings",),
            )
        )
    for s in range(subscribers):
        rows.subscribers.append(
            SubscriberRow(
                row=s + 2,
                customer_external_id=f"{prefix}-c{s % customers}",
                email=f"user{s:06d}@{prefix}.example.com",
                first_name="Bench",
                last_name=f"User{s}",
                package="webex_meetings",
            )
        )
    return rows


async def importer_run(
    server: Server, rows: ParsedWorkbook, concurrency: int, folder: Path
) -> tuple[float, float, int]:
    """(wall seconds, client CPU seconds, HTTP requests) of one import."""
    token = server.token(f"importer-{concurrency}-{time.monotonic_ns()}")
    journal = folder / f"journal-{time.monotonic_ns()}.sqlite"
    async with open_http_client(server.url, concurrency=concurrency) as http:
        session = ApiSession(http, token)
        api = WholesaleClient(session, poll_interval=0.05)
        with ProvisioningJournal(journal) as book:
            options = ImportOptions(
                concurrency=concurrency, provisioning_id=PROVISIONING_ID, poll_interval=0.05
            )
            run = ImportRun(api, book, options)
            cpu, wall = time.process_time(), time.perf_counter()
            report = await Importer(run).execute(build_plan(rows), workbook="bench", url=server.url)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if not report.ok:
        raise SystemExit(f"import failed: {report.failed[:3]}")
    return wall, cpu, session.requests_sent


def sequential_run(server: Server, rows: ParsedWorkbook, count: int) -> float:
    """Seconds a plain one-request-at-a-time client needs for ``count`` subscribers (after
    creating their customers): subscribers per second is ``count / seconds``."""
    token = server.token(f"sequential-{time.monotonic_ns()}")
    headers = {"Authorization": f"Bearer {token}"}
    with httpx2.Client(base_url=server.url, headers=headers, timeout=60) as http:
        ids: dict[str, str] = {}
        for customer in rows.customers:
            body = {
                "provisioningId": PROVISIONING_ID,
                "externalId": customer.external_id,
                "packages": list(customer.packages),
                "address": {
                    "addressLine1": customer.address_line1,
                    "city": customer.city,
                    "stateOrProvince": customer.state,
                    "zipOrPostalCode": customer.postal_code,
                    "country": customer.country,
                },
                "customerInfo": {"name": customer.name, "primaryEmail": customer.primary_email},
            }
            answer = http.post("/v1/wholesale/customers", json=body)
            answer.raise_for_status()
            ids[customer.external_id] = answer.headers["Location"].rsplit("/", 1)[-1]
        started = time.perf_counter()
        for subscriber in rows.subscribers[:count]:
            body = {
                "customerId": ids[subscriber.customer_external_id],
                "email": subscriber.email,
                "packages": [subscriber.package],
                "provisioningParameters": {
                    "firstName": subscriber.first_name,
                    "lastName": subscriber.last_name,
                },
            }
            http.post("/v1/wholesale/subscribers", json=body).raise_for_status()
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--sequential", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--cpu-subscribers", type=int, default=3_000)
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rtm-bench-import-") as name:
        folder = Path(name)
        server = start_server(folder)
        try:
            server.latency(args.latency_ms)
            seq_seconds = sequential_run(server, workload("seq", args.sequential), args.sequential)
            seq_rate = args.sequential / seq_seconds
            before = server.cpu_seconds()
            wall, _, requests = asyncio.run(
                importer_run(server, workload("imp", args.subscribers), args.concurrency, folder)
            )
            server_ms = (server.cpu_seconds() - before) / requests * 1000
            rate = args.subscribers / wall
            server.latency(0)
            before = server.cpu_seconds()
            cpu_wall, cpu, cpu_requests = asyncio.run(
                importer_run(
                    server, workload("cpu", args.cpu_subscribers), args.concurrency, folder
                )
            )
            bare_server_ms = (server.cpu_seconds() - before) / cpu_requests * 1000
        finally:
            server.process.terminate()
            server.process.wait(10)
    speedup = rate / seq_rate
    verdict = "met" if speedup >= TARGET_SPEEDUP else "NOT met"
    lines = [
        ("latency added per call", f"{args.latency_ms} ms"),
        (
            "sequential client",
            f"{args.sequential} subscribers in {seq_seconds:.1f} s = {seq_rate:.1f}/s",
        ),
        (
            f"importer --concurrency {args.concurrency}",
            f"{args.subscribers} subscribers in {wall:.1f} s = {rate:.1f}/s "
            f"({requests} HTTP requests)",
        ),
        ("speed-up", f"{speedup:.1f}x (target >= {TARGET_SPEEDUP:.0f}x: {verdict})"),
        (
            "client CPU, no added latency",
            f"{cpu / cpu_requests * 1000:.2f} ms per request ({cpu:.1f} s for {cpu_requests} "
            f"requests in {cpu_wall:.1f} s; journal writes and planning included)",
        ),
        (
            "simulator CPU per request",
            f"{server_ms:.2f} ms with the latency rule, {bare_server_ms:.2f} ms without "
            f"(one simulator process caps near {1000 / server_ms:.0f} requests/s)",
        ),
    ]
    for name, cpu_ms, per_second in client_costs():
        lines.append((name, f"{cpu_ms:.2f} ms CPU per request, {per_second:,.0f} requests/s"))
    for label, text in lines:
        print(f"{label:<44} {text}")
    if args.strict and speedup < TARGET_SPEEDUP:
        sys.exit(1)


if __name__ == "__main__":
    main()
