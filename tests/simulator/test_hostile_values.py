"""Hostile values in the simulator (issue 18): the API accepts and keeps every formula-like,
HTML, right-to-left, zero-width, emoji and 10,000-character value exactly, refuses control
characters with ``cell-forbidden-character``, serves its billing CSV neutralised for
spreadsheets, and the dashboard and call log show such values as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.bulk.spreadsheet_safety import CORPUS, injected_html, runs_as_formula
from tests.simulator.support import (
    ADMIN,
    PROVISIONING_ID,
    Sim,
    assert_webex_error,
    bearer,
    customer_body,
    subscriber_body,
)
from tests.simulator.ui_support import Browser, dashboard_app

KEPT = [
    text for kind in ("formula", "html", "bidi", "zero_width", "emoji") for text in CORPUS[kind]
]
"""Every corpus string the API must accept and keep exactly."""


@pytest.mark.parametrize("text", KEPT, ids=range(len(KEPT)))
def test_the_api_accepts_and_keeps_every_hostile_value(sim: Sim, text: str) -> None:
    headers = sim.token()
    customer = sim.customer(headers, external_id=text)
    assert customer["externalId"] == text
    listed = sim.client.get(
        "/v1/wholesale/customers", params={"externalId": text}, headers=headers
    ).json()["items"]
    assert [c["id"] for c in listed] == [customer["id"]]


def test_a_10000_character_value_is_refused_never_a_server_error(sim: Sim) -> None:
    """The rulebook's length limit refuses it before it reaches a column (on PostgreSQL a
    varchar overflow would otherwise be a 500)."""
    headers = sim.token()
    long = CORPUS["long"][0]
    answer = sim.client.post("/v1/wholesale/customers", json=customer_body(long), headers=headers)
    assert_webex_error(answer, 400, "cell-too-long")


def test_formula_like_emails_are_accepted_exactly(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers, "@SUM(1+1)*cmd|' /C calc'!A0")
    for email in ("=1+2@sec.example.com", "+tag@sec.example.com", "-x@sec.example.com"):
        body = subscriber_body(customer["id"], email)
        answer = sim.client.post("/v1/wholesale/subscribers", json=body, headers=headers)
        assert answer.status_code in (200, 201), answer.text
        assert answer.json()["email"] == email


@pytest.mark.parametrize("text", CORPUS["control"], ids=range(len(CORPUS["control"])))
def test_control_characters_are_refused_in_every_text_field(sim: Sim, text: str) -> None:
    headers = sim.token()
    bodies: list[dict[str, Any]] = [customer_body(text)]
    named = customer_body("ext-2")
    named["customerInfo"]["name"] = text
    addressed = customer_body("ext-3")
    addressed["address"]["addressLine1"] = text
    bodies += [named, addressed]
    for body in bodies:
        answer = sim.client.post("/v1/wholesale/customers", json=body, headers=headers)
        refused = assert_webex_error(answer, 400, "cell-forbidden-character")
        assert "U+00" in refused["errors"][0]["description"]
    customer = sim.customer(headers, "ext-4")
    answer = sim.client.post(
        "/v1/wholesale/subscribers",
        json=subscriber_body(customer["id"], provisioningParameters={"firstName": text}),
        headers=headers,
    )
    assert_webex_error(answer, 400, "cell-forbidden-character")
    listed = sim.client.get("/v1/wholesale/customers", headers=headers).json()["items"]
    assert [c["externalId"] for c in listed] == ["ext-4"]  # nothing stored


def _billing_csv(sim: Sim, headers: dict[str, str], kind: str) -> list[list[str]]:
    body = {"billingStartDate": "2026-01-01", "billingEndDate": "2026-01-31", "type": kind}
    created = sim.client.post("/v1/wholesale/billing/reports", json=body, headers=headers)
    report = sim.client.get(
        f"/v1/wholesale/billing/reports/{created.json()['id']}", headers=headers
    ).json()
    served = sim.client.get(report["tempDownloadURL"])
    assert served.status_code == 200, served.text
    return list(csv.reader(io.StringIO(served.text)))


def test_billing_csv_shows_formula_like_values_as_text(sim: Sim) -> None:
    headers = sim.token()
    sim.client.post("/_sim/clock", json={"now": "2026-01-01T09:00:00Z"}, headers=sim.admin)
    hostile = "@SUM(1+1)*cmd|' /C calc'!A0"
    customer = sim.customer(headers, hostile)
    sim.client.post(
        "/v1/wholesale/subscribers",
        json=subscriber_body(customer["id"], "=1+2@sec.example.com"),
        headers=headers,
    )
    sim.client.post("/_sim/clock", json={"now": "2026-02-05T09:00:00Z"}, headers=sim.admin)
    header, *lines = _billing_csv(sim, headers, "USER")
    assert lines
    row = dict(zip(header, lines[0], strict=True))
    assert row["external_customer_id"] == "'" + hostile
    assert row["email"] == "'=1+2@sec.example.com"
    assert [cell for line in lines for cell in line if runs_as_formula(cell)] == []
    listed = sim.client.get("/v1/wholesale/subscribers", headers=headers).json()["items"]
    assert listed[0]["email"] == "=1+2@sec.example.com"  # the API keeps the exact value


def test_dashboard_and_call_log_show_hostile_values_as_text(tmp_path: Path) -> None:
    with dashboard_app(tmp_path) as client:
        token = _partner_with_hostile_customers(client)
        client.get(
            "/v1/wholesale/customers",
            params={"externalId": "<script>alert(1)</script>"},
            headers=bearer(token),
        )
        trainer = Browser(client)
        trainer.login_admin()
        calls = trainer.get("/ui/calls")
        assert calls.status_code == 200
        assert injected_html(calls.text) == []
        assert "alert(1)" in calls.text or "alert%281%29" in calls.text
        partner = Browser(client)
        partner.login_partner(token)
        page = partner.get("/ui/partners/1/customers")
        assert page.status_code == 200
        assert injected_html(page.text) == []
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "@SUM(1+1)*cmd|&#39; /C calc&#39;!A0" in page.text
        filtered = partner.get("/ui/partners/1/customers", externalId='"><svg onload=alert(1)>')
        assert injected_html(filtered.text) == []


def _partner_with_hostile_customers(client: TestClient) -> str:
    answer = client.post(
        "/_sim/tokens",
        json={"partner": "acme", "role": "full_admin", "provisioningId": PROVISIONING_ID},
        headers=bearer(ADMIN),
    )
    token: str = answer.json()["token"]
    for text in CORPUS["html"] + ["@SUM(1+1)*cmd|' /C calc'!A0"]:
        created = client.post(
            "/v1/wholesale/customers", json=customer_body(text), headers=bearer(token)
        )
        assert created.status_code == 202, created.text
    return token
