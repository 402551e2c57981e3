"""The four scenario packs load from the control plane and from the dashboard, and each holds
what it promises: every customer status and projects in several phases (classroom), requests
on either side of the deadline across a holiday (deadline-drill), a month of billing history
(billing-month), faults on (flaky-network)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.simulator.support import ADMIN, bearer
from tests.simulator.ui_support import Browser, dashboard_app

PACKS = {
    "classroom": {"partners": 3, "customers": 18, "subscribers": 54},
    "deadline-drill": {"partners": 1, "customers": 2, "subscribers": 36},
    "billing-month": {"partners": 1, "customers": 2, "subscribers": 18},
    "flaky-network": {"partners": 1, "customers": 1, "subscribers": 4},
}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A fresh simulator."""
    with dashboard_app(tmp_path) as test_client:
        yield test_client


def _load(client: TestClient, name: str) -> dict[str, Any]:
    answer = client.post(f"/_sim/scenarios/{name}", headers=bearer(ADMIN))
    assert answer.status_code == 200, answer.text
    loaded: dict[str, Any] = answer.json()
    return loaded


@pytest.mark.parametrize("name", sorted(PACKS))
def test_each_pack_loads_from_the_control_plane_and_the_dashboard(
    client: TestClient, name: str
) -> None:
    loaded = _load(client, name)
    assert {k: loaded[k] for k in ("partners", "customers", "subscribers")} == PACKS[name]
    faults = client.get("/_sim/faults", headers=bearer(ADMIN)).json()
    assert bool(faults["rules"]) == (name == "flaky-network"), faults
    # A fault (429, 503) would say nothing about whether the token is accepted:
    # switch them off, then every handed-out token must be accepted (all roles may list).
    client.put("/_sim/faults", json={"seed": 0, "rules": []}, headers=bearer(ADMIN))
    assert loaded["tokens"]
    for owner, token in loaded["tokens"].items():
        answer = client.get("/v1/wholesale/customers", headers=bearer(token))
        assert answer.status_code == 200, (owner, answer.text)
    trainer = Browser(client)
    trainer.login_admin()
    page = trainer.load(name).text
    assert f"Scenario {name} loaded." in page
    expected = PACKS[name]
    words = [
        f"{expected[k]} {k if expected[k] != 1 else k[:-1]}"  # "1 partner", "4 subscribers"
        for k in ("partners", "customers", "subscribers")
    ]
    shown = f"<p>{' · '.join(words)}</p>"
    assert shown in page


def test_the_classroom_has_every_status_and_projects_in_several_phases(
    client: TestClient,
) -> None:
    tokens = _load(client, "classroom")["tokens"]
    statuses: set[str] = set()
    phases: set[tuple[str, str, int | None]] = set()
    for owner, token in tokens.items():
        if not owner.endswith("/full_admin"):
            continue
        customers = client.get("/v1/wholesale/customers", headers=bearer(token)).json()
        statuses |= {c["status"] for c in customers["items"]}
        requests = client.get("/v1/wholesale/setupAssist/requests", headers=bearer(token)).json()
        phases |= {(r["sku"], r["status"], r.get("currentPhase")) for r in requests["items"]}
    assert statuses == {
        "provisioned",
        "provisioning",
        "provisioned_with_errors",
        "error",
        "updating",
        "deleting",
        "pending_rpl_review",
    }
    running = {(sku, phase) for sku, status, phase in phases if phase is not None}
    assert {sku for sku, _ in running} == {"EXPRESS", "STANDARD"}
    assert len({phase for sku, phase in running if sku == "STANDARD"}) >= 3
    assert len({phase for sku, phase in running if sku == "EXPRESS"}) == 2
    assert {"submitted", "completed", "cancelled"} <= {status for _, status, _ in phases}


def _drill_request(
    client: TestClient, token: str, external_id: str, location: str, day: str
) -> Any:
    headers = bearer(token)
    customer = client.get(
        "/v1/wholesale/customers", params={"externalId": external_id}, headers=headers
    ).json()["items"][0]
    found = client.get(
        "/v1/locations", params={"orgId": customer["orgId"], "name": location}, headers=headers
    ).json()["items"][0]
    body = {
        "customerId": customer["id"],
        "locationId": found["id"],
        "requestedCompletionDate": day,
        "contact": {"name": "Trainee", "email": "trainee@drill-retail.example"},
    }
    return client.post("/v1/wholesale/setupAssist/requests", json=body, headers=headers)


def test_the_deadline_drill_sits_on_the_line_across_thanksgiving(client: TestClient) -> None:
    token = _load(client, "deadline-drill")["tokens"]["drillco/full_admin"]
    seeded = client.get("/v1/wholesale/setupAssist/requests", headers=bearer(token)).json()
    assert sorted(r["requestedCompletionDate"] for r in seeded["items"]) == [
        "2026-11-25",
        "2026-11-27",
    ]
    assert all(r["requestedCompletionDate"] == r["earliestCompletionDate"] for r in seeded["items"])
    early = _drill_request(client, token, "drill-us-retail", "Store 2", "2026-11-26")
    assert early.status_code == 400
    assert early.json()["errors"][0]["code"] == "assist-deadline"
    assert "2026-11-27" in early.json()["message"]
    past = _drill_request(client, token, "drill-us-retail", "Store 3", "2026-11-17")
    assert past.json()["errors"][0]["code"] == "assist-date-past"
    on_time = _drill_request(client, token, "drill-us-retail", "Store 2", "2026-11-27")
    assert on_time.status_code == 201, on_time.text
    london = _drill_request(client, token, "drill-uk-office", "Soho", "2026-11-26")
    assert london.status_code == 201, london.text


def test_the_billing_month_bills_october_as_its_comment_says(client: TestClient) -> None:
    token = _load(client, "billing-month")["tokens"]["ledger/full_admin"]
    headers = bearer(token)
    admin = bearer(ADMIN)
    client.put("/_sim/transitions", json={"mode": "immediate"}, headers=admin)
    body = {"billingStartDate": "2026-10-01", "billingEndDate": "2026-10-31", "type": "PARTNER"}
    created = client.post("/v1/wholesale/billing/reports", json=body, headers=headers)
    assert created.status_code == 200, created.text
    report = client.get(f"/v1/wholesale/billing/reports/{created.json()['id']}", headers=headers)
    assert report.json()["status"] == "COMPLETED"
    text = client.get(report.json()["tempDownloadURL"]).text
    rows = list(csv.DictReader(io.StringIO(text)))
    usage = {
        (r["external_customer_id"], r["package"]): (int(r["user_days"]), int(r["billable_units"]))
        for r in rows
        if r["line_type"] == "usage"
    }
    # A PARTNER report is the partner-level breakdown: one line per package, no customer.
    assert usage == {
        ("", "webex_calling"): (6 * 31 + 11 + 19 + 2 * 17, 9),
        ("", "webex_suite"): (20, 1),
        ("", "webex_meetings"): (3 * 27 + 4 * 20 + 13, 6),
    }
    charges = sorted(
        (r["sku"], r["quantity"], r["amount"], r["charge_date"])
        for r in rows
        if r["line_type"] == "one_time"
    )
    assert charges == [
        ("EXPRESS", "1", "174.30", "2026-10-06"),
        ("STANDARD", "9", "283.50", "2026-10-20"),
    ]
    seeded = client.get(
        "/v1/wholesale/billing/reports", params={"type": "CUSTOMER"}, headers=headers
    ).json()
    assert [r["status"] for r in seeded["items"]] == ["COMPLETED"]


def test_the_flaky_network_pack_injects_429_and_503(client: TestClient) -> None:
    token = _load(client, "flaky-network")["tokens"]["flaky/full_admin"]
    plan = client.get("/_sim/faults", headers=bearer(ADMIN)).json()
    assert sorted(r.get("status") or 0 for r in plan["rules"]) == [0, 429, 503]
    seen: dict[int, str] = {}
    for attempt in range(40):
        answer = client.post(
            "/v1/wholesale/subscribers",
            json={"customerId": "none", "email": f"u{attempt}@x.example"},
            headers=bearer(token),
        )
        if answer.status_code in (429, 503):
            seen[answer.status_code] = answer.headers["Retry-After"]
    assert seen == {429: "1", 503: "2"}
