"""Billing reports: period rules, lifecycle, signed expiring CSV downloads, user-days."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.simulator.support import Sim, assert_webex_error, customer_body, subscriber_body

URL = "/v1/wholesale/billing/reports"
JANUARY = {"billingStartDate": "2026-01-01", "billingEndDate": "2026-01-31"}


def _history(sim: Sim, headers: dict[str, str]) -> None:
    """Alice holds meetings Jan 1-10, Bob from Jan 11 on; then the clock moves to February."""
    sim.client.post("/_sim/clock", json={"now": "2026-01-01T09:00:00Z"}, headers=sim.admin)
    customer = sim.customer(headers)
    alice = sim.client.post(
        "/v1/wholesale/subscribers", json=subscriber_body(customer["id"]), headers=headers
    ).json()
    sim.advance_clock("P10D")
    sim.client.delete(f"/v1/wholesale/subscribers/{alice['id']}", headers=headers)
    sim.client.post(
        "/v1/wholesale/subscribers",
        json=subscriber_body(customer["id"], "bob@acme.example"),
        headers=headers,
    )
    sim.client.post("/_sim/clock", json={"now": "2026-02-05T09:00:00Z"}, headers=sim.admin)


def _csv(sim: Sim, report: dict[str, Any]) -> list[dict[str, str]]:
    answer = sim.client.get(report["tempDownloadURL"])
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_customer_report_counts_user_days_and_units(sim: Sim) -> None:
    headers = sim.token()
    _history(sim, headers)
    created = sim.client.post(URL, json={**JANUARY, "type": "CUSTOMER"}, headers=headers)
    assert created.status_code == 200, created.text
    assert created.json()["type"] == "CUSTOMER" and created.json()["category"] == "RECONCILIATION"
    report = sim.client.get(f"{URL}/{created.json()['id']}", headers=headers).json()
    assert report["status"] == "COMPLETED"
    rows = _csv(sim, report)
    assert [(r["line_type"], r["package"], r["user_days"], r["billable_units"]) for r in rows] == [
        ("usage", "webex_meetings", "31", "1")
    ]
    assert rows[0]["external_customer_id"] == "ext-1"


def test_user_report_has_one_line_per_subscriber(sim: Sim) -> None:
    headers = sim.token()
    _history(sim, headers)
    created = sim.client.post(URL, json={**JANUARY, "type": "USER"}, headers=headers).json()
    rows = _csv(sim, sim.client.get(f"{URL}/{created['id']}", headers=headers).json())
    assert sorted((r["email"], r["user_days"], r["billable_units"]) for r in rows) == [
        ("alice@acme.example", "10", "1"),
        ("bob@acme.example", "21", "1"),
    ]


def test_download_links_are_signed_and_expire(sim: Sim) -> None:
    headers = sim.token()
    _history(sim, headers)
    created = sim.client.post(URL, json=JANUARY, headers=headers).json()
    link = sim.client.get(f"{URL}/{created['id']}", headers=headers).json()["tempDownloadURL"]
    assert "exp=" in link and "sig=" in link
    assert_webex_error(
        sim.client.get(link.replace("sig=", "sig=0")), 403, "api-download-link-invalid"
    )
    sim.advance_clock("PT2H")
    assert_webex_error(sim.client.get(link), 403, "api-download-link-invalid")
    fresh = sim.client.get(f"{URL}/{created['id']}", headers=headers).json()["tempDownloadURL"]
    assert sim.client.get(fresh).status_code == 200


def test_period_rules_and_overlap(sim: Sim) -> None:
    headers = sim.token()
    sim.client.post("/_sim/clock", json={"now": "2026-02-05T09:00:00Z"}, headers=sim.admin)
    future = sim.client.post(
        URL,
        json={"billingStartDate": "2026-02-01", "billingEndDate": "2026-02-28"},
        headers=headers,
    )
    assert_webex_error(future, 400, "billing-period-invalid")
    backwards = sim.client.post(
        URL,
        json={"billingStartDate": "2026-01-31", "billingEndDate": "2026-01-01"},
        headers=headers,
    )
    assert_webex_error(backwards, 400, "billing-period-invalid")
    not_a_date = sim.client.post(
        URL, json={"billingStartDate": "January", "billingEndDate": "2026-01-31"}, headers=headers
    )
    assert_webex_error(not_a_date, 400, "api-invalid-request")
    assert sim.client.post(URL, json=JANUARY, headers=headers).status_code == 200
    overlap = sim.client.post(
        URL,
        json={"billingStartDate": "2026-01-15", "billingEndDate": "2026-01-20"},
        headers=headers,
    )
    assert_webex_error(overlap, 409, "billing-period-duplicate")
    other_type = sim.client.post(URL, json={**JANUARY, "type": "USER"}, headers=headers)
    assert other_type.status_code == 200


def test_manual_mode_and_failed_outcome_by_fault(sim: Sim) -> None:
    headers = sim.token()
    sim.client.post("/_sim/clock", json={"now": "2026-02-05T09:00:00Z"}, headers=sim.admin)
    sim.transitions("manual")
    created = sim.client.post(URL, json=JANUARY, headers=headers).json()
    pending = sim.client.get(f"{URL}/{created['id']}", headers=headers).json()
    assert pending["status"] == "IN_PROGRESS" and "tempDownloadURL" not in pending
    sim.client.post(f"/_sim/billing/reports/{created['id']}/advance", headers=sim.admin)
    assert sim.client.get(f"{URL}/{created['id']}", headers=headers).json()["status"] == "COMPLETED"
    plan = {"seed": 3, "rules": [{"method": "POST", "route": URL, "outcome": "FAILED"}]}
    assert sim.client.put("/_sim/faults", json=plan, headers=sim.admin).status_code == 200
    sim.transitions("immediate")
    failed = sim.client.post(URL, json={**JANUARY, "type": "USER"}, headers=headers).json()
    report = sim.client.get(f"{URL}/{failed['id']}", headers=headers).json()
    assert report["status"] == "FAILED" and report["errors"][0]["code"] == 7007
    # A failed report does not block a new one for the same period.
    sim.client.put("/_sim/faults", json={"seed": 0, "rules": []}, headers=sim.admin)
    assert (
        sim.client.post(URL, json={**JANUARY, "type": "USER"}, headers=headers).status_code == 200
    )


def test_list_filters_sort_and_delete(sim: Sim) -> None:
    headers = sim.token()
    sim.client.post("/_sim/clock", json={"now": "2026-03-05T09:00:00Z"}, headers=sim.admin)
    february = {"billingStartDate": "2026-02-01", "billingEndDate": "2026-02-28"}
    for body in (february, JANUARY, {**JANUARY, "type": "USER"}):
        assert sim.client.post(URL, json=body, headers=headers).status_code == 200
    listed = sim.client.get(URL, headers=headers).json()["items"]
    assert [r["billingStartDate"] for r in listed] == ["2026-01-01", "2026-01-01", "2026-02-01"]
    users = sim.client.get(URL, params={"type": "USER"}, headers=headers).json()["items"]
    assert len(users) == 1 and users[0]["type"] == "USER"
    by_start = sim.client.get(
        URL, params={"billingStartDate": "2026-02-01"}, headers=headers
    ).json()["items"]
    assert len(by_start) == 1
    done = sim.client.get(URL, params={"status": "COMPLETED"}, headers=headers).json()["items"]
    assert len(done) == 3
    assert_webex_error(
        sim.client.get(URL, params={"sortBy": "name"}, headers=headers), 400, "api-invalid-request"
    )
    assert sim.client.delete(f"{URL}/{users[0]['id']}", headers=headers).status_code == 204
    assert_webex_error(
        sim.client.get(f"{URL}/{users[0]['id']}", headers=headers), 404, "billing-report-not-found"
    )


def test_sub_partner_reports_count_only_that_sub_partners_customers(sim: Sim) -> None:
    org = sim.client.post(
        "/_sim/subPartners", json={"partner": "acme", "name": "East"}, headers=sim.admin
    ).json()["orgId"]
    headers = sim.token()
    sim.client.post("/_sim/clock", json={"now": "2026-01-01T09:00:00Z"}, headers=sim.admin)
    mine = sim.customer(headers, "mine")
    sim.client.post(
        "/v1/wholesale/customers",
        params={"onBehalfOfSubPartnerOrgId": org},
        json=customer_body("theirs"),
        headers=headers,
    )
    theirs = sim.client.get(
        "/v1/wholesale/customers", params={"externalId": "theirs"}, headers=headers
    ).json()["items"][0]
    for customer, email in ((mine, "a@mine.example"), (theirs, "b@theirs.example")):
        body = subscriber_body(customer["id"], email)
        sim.client.post(
            "/v1/wholesale/subscribers",
            params={"onBehalfOfSubPartnerOrgId": org} if customer is theirs else None,
            json=body,
            headers=headers,
        )
    sim.client.post("/_sim/clock", json={"now": "2026-02-05T09:00:00Z"}, headers=sim.admin)
    created = sim.client.post(
        URL, json={**JANUARY, "type": "CUSTOMER", "subPartnerOrgId": org}, headers=headers
    ).json()
    rows = _csv(sim, sim.client.get(f"{URL}/{created['id']}", headers=headers).json())
    assert [r["external_customer_id"] for r in rows if r["line_type"] == "usage"] == ["theirs"]
    listed = sim.client.get(URL, params={"subPartnerOrgId": org}, headers=headers).json()["items"]
    assert [r["id"] for r in listed] == [created["id"]]


def test_partner_report_is_one_line_per_package_for_the_whole_partner(sim: Sim) -> None:
    headers = sim.token()
    _history(sim, headers)  # ext-1: 31 user-days of webex_meetings in January
    sim.client.post("/_sim/clock", json={"now": "2026-01-01T09:00:00Z"}, headers=sim.admin)
    other = sim.customer(headers, "ext-2")
    sim.client.post(
        "/v1/wholesale/subscribers",
        json=subscriber_body(other["id"], "carol@acme.example"),
        headers=headers,
    )
    sim.client.post("/_sim/clock", json={"now": "2026-02-05T09:00:00Z"}, headers=sim.admin)
    created = sim.client.post(URL, json={**JANUARY, "type": "PARTNER"}, headers=headers).json()
    rows = _csv(sim, sim.client.get(f"{URL}/{created['id']}", headers=headers).json())
    assert [
        (r["customer_id"], r["external_customer_id"], r["package"], r["user_days"]) for r in rows
    ] == [("", "", "webex_meetings", "62")]
    assert rows[0]["billable_units"] == "2"
    customer = sim.client.post(URL, json={**JANUARY, "type": "CUSTOMER"}, headers=headers).json()
    by_customer = _csv(sim, sim.client.get(f"{URL}/{customer['id']}", headers=headers).json())
    assert sorted(r["external_customer_id"] for r in by_customer) == ["ext-1", "ext-2"]
