"""Tokens, roles, scopes and partner isolation."""

from __future__ import annotations

import pytest

from simulator.auth import ROLE_SCOPES, Role, Scope, hash_token
from simulator.db.tables import Token
from tests.simulator.support import Sim, assert_webex_error, bearer, customer_body, subscriber_body

# (method, path, scope it needs, body) for one representative operation per scope.
OPERATIONS = [
    ("GET", "/v1/wholesale/customers", Scope.CUSTOMERS_READ),
    ("POST", "/v1/wholesale/customers", Scope.CUSTOMERS_WRITE),
    ("GET", "/v1/wholesale/subscribers", Scope.SUBSCRIBERS_READ),
    ("POST", "/v1/wholesale/subscribers/validate", Scope.SUBSCRIBERS_WRITE),
    ("GET", "/v1/wholesale/billing/reports", Scope.BILLING_READ),
    ("POST", "/v1/wholesale/billing/reports", Scope.BILLING_WRITE),
    ("GET", "/v1/wholesale/subPartners", Scope.SUB_PARTNERS_READ),
    ("GET", "/v1/locations", Scope.LOCATIONS_READ),
    ("POST", "/v1/locations", Scope.LOCATIONS_WRITE),
]
BODIES = {
    "/v1/wholesale/customers": customer_body("matrix"),
    "/v1/wholesale/subscribers/validate": {"email": "x@acme.example"},
    "/v1/wholesale/billing/reports": {
        "billingStartDate": "2025-01-01",
        "billingEndDate": "2025-01-31",
    },
    "/v1/locations": {},
}


def test_role_matrix() -> None:
    assert ROLE_SCOPES[Role.FULL_ADMIN] == frozenset(Scope)
    assert Scope.BILLING_WRITE not in ROLE_SCOPES[Role.PROVISIONING_ADMIN]
    assert Scope.CUSTOMERS_WRITE in ROLE_SCOPES[Role.PROVISIONING_ADMIN]
    assert all(s.value.endswith("_read") for s in ROLE_SCOPES[Role.READ_ONLY_ADMIN])


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_403_exactly_without_the_scope(sim: Sim, role: Role) -> None:
    headers = sim.token(role=role.value)
    for method, path, scope in OPERATIONS:
        answer = sim.client.request(method, path, json=BODIES.get(path), headers=headers)
        if scope in ROLE_SCOPES[role]:
            assert answer.status_code not in (401, 403), (role, path, answer.text)
        else:
            body = assert_webex_error(answer, 403, "api-forbidden")
            assert scope.value in body["message"]


def test_missing_or_unknown_token_is_401(sim: Sim) -> None:
    assert_webex_error(sim.client.get("/v1/wholesale/customers"), 401, "api-unauthorized")
    unknown = sim.client.get("/v1/wholesale/customers", headers=bearer("nope"))
    assert_webex_error(unknown, 401, "api-unauthorized")
    basic = sim.client.get("/v1/wholesale/customers", headers={"Authorization": "Basic abc"})
    assert_webex_error(basic, 401, "api-unauthorized")


def test_only_token_hashes_are_stored(sim: Sim) -> None:
    answer = sim.client.post(
        "/_sim/tokens", json={"partner": "acme", "role": "full_admin"}, headers=sim.admin
    )
    token = answer.json()["token"]
    runtime = sim.client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.store.transaction() as session:
        stored = [t.token_hash for t in session.query(Token).all()]
    assert stored == [hash_token(token)]
    assert token not in stored


def test_another_partners_resources_answer_404(sim: Sim) -> None:
    acme, globex = sim.token("acme"), sim.token("globex")
    customer = sim.customer(acme)
    subscriber = sim.client.post(
        "/v1/wholesale/subscribers", json=subscriber_body(customer["id"]), headers=acme
    ).json()
    report = sim.client.post(
        "/v1/wholesale/billing/reports",
        json={"billingStartDate": "2025-01-01", "billingEndDate": "2025-01-31"},
        headers=acme,
    ).json()
    location = sim.location_id(acme, customer["orgId"])
    probes = [
        ("GET", f"/v1/wholesale/customers/{customer['id']}"),
        ("PUT", f"/v1/wholesale/customers/{customer['id']}"),
        ("DELETE", f"/v1/wholesale/customers/{customer['id']}"),
        ("GET", f"/v1/wholesale/subscribers/{subscriber['id']}"),
        ("DELETE", f"/v1/wholesale/subscribers/{subscriber['id']}"),
        ("POST", f"/v1/subscribers/{subscriber['id']}/emails/consentMove"),
        ("GET", f"/v1/wholesale/billing/reports/{report['id']}"),
        ("DELETE", f"/v1/wholesale/billing/reports/{report['id']}"),
        ("GET", f"/v1/locations/{location}"),
    ]
    for method, path in probes:
        body = {"packages": ["webex_meetings"]} if method == "PUT" else None
        code = "billing-report-not-found" if "billing" in path else "api-not-found"
        assert_webex_error(sim.client.request(method, path, json=body, headers=globex), 404, code)
    listed = sim.client.get("/v1/locations", params={"orgId": customer["orgId"]}, headers=globex)
    assert_webex_error(listed, 404, "api-not-found")
    foreign = sim.client.post(
        "/v1/wholesale/subscribers",
        json=subscriber_body(customer["id"], "g@x.example"),
        headers=globex,
    )
    assert_webex_error(foreign, 404, "api-not-found")
    assert sim.client.get("/v1/wholesale/customers", headers=globex).json()["items"] == []
    assert sim.client.get("/v1/wholesale/subscribers", headers=globex).json()["items"] == []
    assert sim.client.get("/v1/wholesale/billing/reports", headers=globex).json()["items"] == []
    # The same externalId is free for another partner.
    assert (
        sim.client.post("/v1/wholesale/customers", json=customer_body(), headers=globex).status_code
        == 202
    )


def test_rate_limited_token_gets_429_with_retry_after(sim: Sim) -> None:
    headers = sim.token(rateLimitPerMinute=2)
    for _ in range(2):
        assert sim.client.get("/v1/wholesale/customers", headers=headers).status_code == 200
    limited = sim.client.get("/v1/wholesale/customers", headers=headers)
    assert_webex_error(limited, 429, "api-rate-limited")
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
