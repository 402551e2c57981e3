"""The same load runs distributed: Locust's master and a worker with ``bulk/load/locustfile.py``
(as docs/load.md shows), against a real simulator."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import httpx2

from bulk.load import LOCUSTFILE
from tests.e2e.conftest import SimServer


def _master_port() -> int:
    """A port for Locust's master, whose ZeroMQ sockets take a fixed port and the next one
    and cannot be handed a bound socket or port 0: the one pick-then-bind left in the suite
    (docs/testing.md), narrowed by checking both ports are free right now."""
    for _ in range(20):
        with socket.socket() as first, socket.socket() as second:
            first.bind(("127.0.0.1", 0))
            port: int = first.getsockname()[1]
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise AssertionError("no two adjacent free ports on 127.0.0.1 in 20 tries")


LOCUST = str(Path(sys.executable).with_name("locust"))


def test_master_and_worker_onboard_and_verify(sim_server: SimServer, tmp_path: Path) -> None:
    httpx2.put(
        f"{sim_server.url}/_sim/transitions", json={"mode": "immediate"}, headers=sim_server.admin()
    ).raise_for_status()
    port = str(_master_port())
    locustfile = str(LOCUSTFILE)
    worker_log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [LOCUST, "-f", locustfile, "--worker", "--master-port", port],
        stdout=worker_log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    summary = tmp_path / "summary.json"
    try:
        master = subprocess.run(
            [
                LOCUST,
                "-f",
                locustfile,
                "--master",
                "--master-bind-port",
                port,
                "--headless",
                "--expect-workers",
                "1",
                "-u",
                "3",
                "-r",
                "3",
                "-t",
                "20s",
                "-H",
                sim_server.url,
                "--rtm-customers",
                "5",
                "--rtm-billing-every",
                "5",
                "--rtm-admin-token",
                sim_server.admin_token,
                "--rtm-run-tag",
                "dist",
                "--rtm-summary-json",
                str(summary),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            cwd=tmp_path,
            check=False,
        )
        worker.wait(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker_log.close()
    assert master.returncode == 0, master.stderr[-2000:]
    assert "customer.create" in master.stdout + master.stderr
    document = json.loads(summary.read_text(encoding="utf-8"))
    (process,) = document["processes"]
    assert process["acknowledged"]["customers"] == 5
    assert process["acknowledged"]["billing"] == 1
    assert document["errors"] == {}
    log = (tmp_path / "worker.log").read_text(encoding="utf-8")
    assert "load process 0:" in log and "nothing missing" in log
