"""The real simulator process: persistence across SIGKILL, concurrent writers, the CLI."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.e2e.conftest import SimServer, start_simulator
from tests.simulator.postgres import running_postgres
from tests.simulator.support import customer_body, subscriber_body


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _provision(server: SimServer, token: str) -> dict[str, Any]:
    """Provision customers, subscribers, a location and a report; return every id."""
    with httpx2.Client(base_url=server.url, headers=_auth(token)) as client:
        client.put(
            "/_sim/transitions", json={"mode": "immediate"}, headers=server.admin()
        ).raise_for_status()
        client.post(
            "/_sim/clock", json={"now": "2026-03-02T10:00:00Z"}, headers=server.admin()
        ).raise_for_status()
        customers = []
        for ext in ("persist-1", "persist-2"):
            answer = client.post("/v1/wholesale/customers", json=customer_body(ext))
            assert answer.status_code == 202
            customers.append(answer.json()["url"].rsplit("/", 1)[1])
        org = client.get(f"/v1/wholesale/customers/{customers[0]}").json()["orgId"]
        subscribers = []
        for index in range(3):
            body = subscriber_body(customers[index % 2], email=f"p{index}@persist.example")
            answer = client.post("/v1/wholesale/subscribers", json=body)
            assert answer.status_code == 200, answer.text
            subscribers.append(answer.json()["id"])
        location = client.post(
            "/v1/locations",
            params={"orgId": org},
            json={
                "name": "Branch",
                "timeZone": "Europe/Paris",
                "preferredLanguage": "fr_fr",
                "announcementLanguage": "fr_fr",
                "address": {
                    "address1": "1 Rue X",
                    "city": "Paris",
                    "state": "IDF",
                    "postalCode": "75001",
                    "country": "FR",
                },
            },
        ).json()["id"]
        report = client.post(
            "/v1/wholesale/billing/reports",
            json={"billingStartDate": "2026-02-01", "billingEndDate": "2026-02-28"},
        ).json()["id"]
    return {
        "customers": customers,
        "subscribers": subscribers,
        "location": location,
        "report": report,
    }


def test_everything_acknowledged_survives_sigkill(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'sim.sqlite'}"
    first = start_simulator(tmp_path, db_url)
    try:
        token = first.mint("acme", "full_admin")
        ids = _provision(first, token)
    finally:
        first.kill()
    second = start_simulator(tmp_path, db_url)
    try:
        assert second.admin_token == first.admin_token
        with httpx2.Client(base_url=second.url, headers=_auth(token)) as client:
            for customer in ids["customers"]:
                got = client.get(f"/v1/wholesale/customers/{customer}")
                assert got.status_code == 200 and got.json()["status"] == "provisioned"
            listed = client.get("/v1/wholesale/subscribers").json()["items"]
            assert [s["id"] for s in listed] == ids["subscribers"]
            assert client.get(f"/v1/locations/{ids['location']}").json()["name"] == "Branch"
            report = client.get(f"/v1/wholesale/billing/reports/{ids['report']}").json()
            assert report["status"] == "COMPLETED"
            assert httpx2.get(report["tempDownloadURL"]).status_code == 200
            clock = client.get("/_sim/clock", headers=second.admin()).json()
            assert clock["now"].startswith("2026-03-02")
    finally:
        second.stop()


def test_concurrent_writers_lose_nothing(sim_server: SimServer) -> None:
    token = sim_server.mint()
    with httpx2.Client(base_url=sim_server.url, headers=_auth(token)) as client:
        client.put("/_sim/transitions", json={"mode": "immediate"}, headers=sim_server.admin())
        url = client.post("/v1/wholesale/customers", json=customer_body("busy")).json()["url"]
        customer_id = client.get(url).json()["id"]

    def provision(worker: int) -> list[str]:
        made = []
        with httpx2.Client(base_url=sim_server.url, headers=_auth(token), timeout=30) as mine:
            for index in range(10):
                body = subscriber_body(customer_id, email=f"w{worker}-{index}@busy.example")
                answer = mine.post("/v1/wholesale/subscribers", json=body)
                assert answer.status_code == 200, answer.text
                made.append(answer.json()["id"])
        return made

    with ThreadPoolExecutor(max_workers=8) as pool:
        acknowledged = {s for batch in pool.map(provision, range(8)) for s in batch}
    with httpx2.Client(base_url=sim_server.url, headers=_auth(token)) as client:
        seen: set[str] = set()
        next_url: str | None = "/v1/wholesale/subscribers?max=100"
        while next_url:
            answer = client.get(next_url)
            seen |= {s["id"] for s in answer.json()["items"]}
            link = answer.headers.get("Link")
            next_url = link[1 : link.index(">")] if link else None
    assert len(acknowledged) == 80
    assert seen == acknowledged


def test_token_command_prints_the_token_alone_on_its_last_line(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "token",
            "--partner",
            "acme",
            "--role",
            "read_only_admin",
            "--db",
            db_url,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("rtm_") and " " not in token
    server = start_simulator(tmp_path, db_url)
    try:
        listed = httpx2.get(f"{server.url}/v1/wholesale/customers", headers=_auth(token))
        assert listed.status_code == 200
        refused = httpx2.post(
            f"{server.url}/v1/wholesale/customers", json=customer_body(), headers=_auth(token)
        )
        assert refused.status_code == 403
    finally:
        server.stop()


def test_workers_need_postgresql(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "serve",
            "--workers",
            "2",
            "--db",
            f"sqlite:///{tmp_path / 'x.sqlite'}",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "needs PostgreSQL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.postgres
def test_several_workers_on_postgresql_answer_the_same(tmp_path: Path) -> None:
    with running_postgres("workers") as db_url:
        server = start_simulator(tmp_path, db_url, None, "--workers", "2")
        try:
            token = server.mint()
            with httpx2.Client(base_url=server.url, headers=_auth(token)) as client:
                client.put(
                    "/_sim/transitions",
                    json={"mode": "clock", "delaySeconds": 60},
                    headers=server.admin(),
                )
                url = client.post("/v1/wholesale/customers", json=customer_body("w")).json()["url"]
                # Many fresh connections spread over both workers: all see the same state.
                for _ in range(10):
                    assert httpx2.get(url, headers=_auth(token)).json()["status"] == "provisioning"
                client.post("/_sim/clock", json={"advance": "PT61S"}, headers=server.admin())
                for _ in range(10):
                    assert httpx2.get(url, headers=_auth(token)).json()["status"] == "provisioned"
                plan = {"seed": 1, "rules": [{"method": "GET", "route": "/v1/*", "status": 503}]}
                client.put("/_sim/faults", json=plan, headers=server.admin())
                for _ in range(6):
                    assert httpx2.get(url, headers=_auth(token)).status_code == 503
        finally:
            server.stop()


def test_serve_seeds_a_scenario(tmp_path: Path) -> None:
    server = start_simulator(
        tmp_path, f"sqlite:///{tmp_path / 'seeded.sqlite'}", None, "--scenario", "smoke"
    )
    try:
        printed = next(tmp_path.glob("stdout-*.txt")).read_text()
        assert "Scenario smoke: 2 partners, 2 customers, 2 subscribers" in printed
        listed = httpx2.get(
            f"{server.url}/v1/wholesale/customers", headers=_auth("smoke-acme-full-admin")
        )
        assert {c["externalId"] for c in listed.json()["items"]} == {"acme-pizza", "acme-bakery"}
    finally:
        server.stop()


def test_unusable_database_or_settings_are_one_clear_line(tmp_path: Path) -> None:
    token = ["token", "--partner", "a", "--role", "full_admin", "--db"]
    cases = [
        ([*token, "nonsense"], "cannot use the database nonsense"),
        (["serve", "--port", "70000"], "invalid settings"),
        (
            ["serve", "--db", "mysql://root:hunter2@127.0.0.1/rtm"],
            "cannot use the database mysql://root:***@127.0.0.1/rtm: the simulator runs on SQLite "
            "or PostgreSQL",
        ),
    ]
    # A PostgreSQL driver SQLAlchemy knows but this environment lacks (the project installs
    # only psycopg), so the case always runs.
    missing = [
        d for d in ("psycopg2cffi", "pg8000", "asyncpg") if importlib.util.find_spec(d) is None
    ]
    assert missing, "every candidate PostgreSQL driver is installed: name another"
    cases.append(
        (
            [*token, f"postgresql+{missing[0]}://rtm:hunter2@127.0.0.1/rtm"],
            f"postgresql+{missing[0]}://rtm:***@127.0.0.1/rtm: its driver is not installed",
        )
    )
    for args, expected in cases:
        result = subprocess.run(
            [sys.executable, "-m", "simulator", *args], capture_output=True, text=True, cwd=tmp_path
        )
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr
        assert "hunter2" not in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
