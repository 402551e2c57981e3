"""Billing end to end through the CLI (subprocesses) against the real simulator server:
``rtm import`` provisions two customers and submits an Express and a Standard Setup Assist
request; after month end ``rtm billing report`` downloads the CUSTOMER report and
``rtm billing reconcile`` finds no difference. Then one subscriber's package is changed behind
the journal's back (a direct API PUT): next month's report reconciles to exactly that
difference, exit 1.

The simulator clock is moved far from the real date (to March 2027) before the import, as
trainers do: the journal records the server's own ``submittedAt`` / ``acceptedAt`` of each
Setup Assist request, so reconciliation expects the charges in the simulator's month, not the
machine's."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx2

from tests.bulk.validator_support import minimal_rows, write_book
from tests.e2e.conftest import SimServer

PARTNER_TOML = """[partner]
name = "acme"
currency = "USD"
discount = "0.30"
a_wholesale_ordered = true
provisioning_id = "ZjViMzYxODctYzhkZC00NzI3LThiMmYtZjljNDQ3ZjI5MDQ2"

[readiness]
pstn_connectivity = true
hosting_requirements = true
oss_bss = true
"""


def rtm(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m bulk ARGS`` as a partner runs it (no terminal)."""
    env = {**os.environ, "CI": "1"}
    return subprocess.run(
        [sys.executable, "-m", "bulk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=cwd,
    )


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def onboarding_rows(first: dt.date) -> dict[str, list[dict[str, Any]]]:
    """c1: seven calling subscribers at HQ (Standard); c2: three at Depot (Express)."""
    rows = minimal_rows()
    customer, location, assist = rows["Customers"][0], rows["Locations"][0], rows["Setup Assist"][0]
    rows["Customers"].append({**customer, "external_id": "c2", "name": "Bolt"})
    rows["Locations"].append({**location, "customer_external_id": "c2", "name": "Depot"})
    rows["Subscribers"] = [
        {
            "customer_external_id": ext,
            "email": f"user{n}@{ext}.example.com",
            "first_name": "Ann",
            "last_name": f"Lee{n}",
            "package": "webex_calling",
            "location_name": place,
            "extension": str(100 + n),
        }
        for ext, place, seats in (("c1", "HQ", 7), ("c2", "Depot", 3))
        for n in range(seats)
    ]
    completion = first + dt.timedelta(days=60)
    rows["Setup Assist"] = [
        {**assist, "requested_completion_date": completion},
        {
            **assist,
            "customer_external_id": "c2",
            "location_name": "Depot",
            "requested_completion_date": completion,
        },
    ]
    return rows


def admin_call(server: SimServer, method: str, path: str, body: dict[str, Any]) -> None:
    """A control-plane call that must succeed."""
    httpx2.request(
        method, f"{server.url}{path}", json=body, headers=server.admin()
    ).raise_for_status()


def set_clock(server: SimServer, when: str) -> None:
    """Put the simulator clock at ``when``."""
    admin_call(server, "POST", "/_sim/clock", {"now": when})


def ready_partner(server: SimServer) -> str:
    """acme, with a 30 % discount, A-Wholesale ordered and readiness done; its token."""
    admin_call(server, "PUT", "/_sim/transitions", {"mode": "immediate", "delaySeconds": 0})
    admin_call(server, "PUT", "/_sim/assist/partners/acme/terms", {"discount": "0.30"})
    return server.ready_for_assist("acme", "CCW-E2E")


def report_and_reconcile(
    server: SimServer, token: str, start: dt.date, end: dt.date, folder: Path, name: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """``rtm billing report`` then ``rtm billing reconcile --json``."""
    csv_file = folder / f"{name}.csv"
    report = rtm(
        "billing",
        "report",
        "--url",
        server.url,
        "--token",
        token,
        "--start",
        str(start),
        "--end",
        str(end),
        "--type",
        "CUSTOMER",
        "-o",
        str(csv_file),
        cwd=folder,
    )
    assert report.returncode == 0, report.stderr
    assert csv_file.is_file() and "Saved billing report" in report.stdout
    out = folder / f"{name}.json"
    reconciled = rtm(
        "billing",
        "reconcile",
        "--report",
        str(csv_file),
        "--journal",
        str(folder / "journal.sqlite"),
        "--partner",
        str(folder / "partner.toml"),
        "--json",
        str(out),
        "-o",
        str(folder / f"{name}.xlsx"),
        "--url",
        server.url,
        "--token",
        token,
        cwd=folder,
    )
    assert reconciled.returncode in (0, 1), reconciled.stderr
    document: dict[str, Any] = json.loads(out.read_text())
    return reconciled, document


def change_a_package(server: SimServer, token: str) -> str:
    """Move one of c1's subscribers from webex_calling to webex_meetings; its email."""
    with httpx2.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}) as http:
        found = http.get("/v1/wholesale/subscribers", params={"email": "user0@c1.example.com"})
        subscriber = found.json()["items"][0]
        answer = http.put(
            f"/v1/wholesale/subscribers/{subscriber['id']}", json={"packages": ["webex_meetings"]}
        )
        assert answer.status_code == 200, answer.text
        return str(subscriber["email"])


SIMULATED_DAY = dt.date(2027, 3, 1)
"""The simulated day, whatever the machine's date (the test passes on any date, March 2027
included: then the journal's days merely cannot tell the two clocks apart). The first of a
month, so the month's report charges every subscriber for the whole month (no
``reconcile-partial-usage`` warning)."""


def server_days(journal: Path) -> set[tuple[str | None, str | None]]:
    """The (submission, acceptance) UTC days the journal recorded for the assist orders."""
    with closing(sqlite3.connect(journal)) as db:
        rows = db.execute("SELECT submitted_at, accepted_at FROM assist_orders").fetchall()
    return {(s and s[:10], a and a[:10]) for s, a in rows}


def test_import_report_reconcile_then_a_change_behind_the_journals_back(
    sim_server: SimServer, tmp_path: Path
) -> None:
    first = SIMULATED_DAY.replace(day=1)
    second, third = next_month(first), next_month(next_month(first))
    token = ready_partner(sim_server)
    set_clock(sim_server, f"{SIMULATED_DAY}T00:00:30Z")
    (tmp_path / "partner.toml").write_text(PARTNER_TOML)
    book = write_book(tmp_path / "onboarding.xlsx", onboarding_rows(first))
    imported = rtm(
        "import",
        str(book),
        "--url",
        sim_server.url,
        "--token",
        token,
        "--partner",
        str(tmp_path / "partner.toml"),
        "--journal",
        str(tmp_path / "journal.sqlite"),
        "--as-of",
        str(SIMULATED_DAY),
        cwd=tmp_path,
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    day = str(SIMULATED_DAY)
    assert server_days(tmp_path / "journal.sqlite") == {(day, day)}  # the server's clock

    set_clock(sim_server, f"{second}T09:00:00Z")
    clean, document = report_and_reconcile(
        sim_server, token, first, second - dt.timedelta(days=1), tmp_path, "month-1"
    )
    assert clean.returncode == 0, clean.stdout
    assert document["ok"] is True and document["differences"] == []
    summary = document["summary"]
    assert summary["one_time_lines"] == 2
    assert Decimal(summary["one_time_total"]) == Decimal("174.30") + 7 * Decimal("31.50")

    set_clock(sim_server, f"{second + dt.timedelta(days=1)}T09:00:00Z")
    email = change_a_package(sim_server, token)
    set_clock(sim_server, f"{third}T09:00:00Z")
    changed, document = report_and_reconcile(
        sim_server, token, second, third - dt.timedelta(days=1), tmp_path, "month-2"
    )
    assert changed.returncode == 1, changed.stdout
    assert [(d["code"], d["customer_external_id"], d["item"]) for d in document["differences"]] == [
        ("reconcile-unexpected-charge", "c1", "package webex_meetings")
    ]
    assert document["differences"][0]["amount"] == "8.40"  # one webex_meetings unit at 30 % off
    assert "reconcile-unexpected-charge" in changed.stdout
    assert email == "user0@c1.example.com"
