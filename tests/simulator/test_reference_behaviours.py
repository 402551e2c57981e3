"""Behaviours where the simulator once diverged from the vendor's reference (issue 14, part B):
orgId visibility, provisioned_with_errors warnings, customer templates, package limits,
attaching an existing org, one email identity across partners, the wire's edge answers,
faults 423/502/504 and the billing reports' person ids and error shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from simulator import ids
from simulator.cli import app
from tests.simulator.support import (
    PROVISIONING_ID,
    Sim,
    assert_webex_error,
    customer_body,
    running_simulator,
    subscriber_body,
)

CUSTOMERS = "/v1/wholesale/customers"
SUBSCRIBERS = "/v1/wholesale/subscribers"
MAINTENANCE = (
    "One or more Webex Calling services are unavailable due to maintenance, unable to start "
    "provisioning. Consult status.webex.com and retry later."
)


def _post_customer(sim: Sim, headers: dict[str, str], body: dict[str, Any]) -> str:
    answer = sim.client.post(CUSTOMERS, json=body, headers=headers)
    assert answer.status_code == 202, answer.text
    return str(answer.json()["url"].rsplit("/", 1)[1])


def _get(sim: Sim, headers: dict[str, str], customer_id: str) -> dict[str, Any]:
    answer = sim.client.get(f"{CUSTOMERS}/{customer_id}", headers=headers)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def _advance(sim: Sim, customer_id: str, status: str | None = None) -> None:
    body = {"status": status} if status else None
    answer = sim.client.post(f"/_sim/customers/{customer_id}/advance", json=body, headers=sim.admin)
    assert answer.status_code == 200, answer.text


def test_org_id_is_shown_only_while_provisioned(sim: Sim) -> None:
    headers = sim.token()
    sim.transitions("manual")
    customer_id = _post_customer(sim, headers, customer_body())
    assert "orgId" not in _get(sim, headers, customer_id)
    _advance(sim, customer_id)
    assert _get(sim, headers, customer_id)["orgId"]
    update = {"packages": ["webex_calling", "webex_meetings", "webex_suite"]}
    assert sim.client.put(f"{CUSTOMERS}/{customer_id}", json=update, headers=headers).is_success
    assert _get(sim, headers, customer_id)["status"] == "updating"
    assert "orgId" not in _get(sim, headers, customer_id)
    other = _post_customer(sim, headers, customer_body("ext-2"))
    _advance(sim, other, "provisioned_with_errors")
    assert "orgId" not in _get(sim, headers, other)


def test_provisioned_with_errors_is_the_references_warning(sim: Sim) -> None:
    headers = sim.token()
    sim.transitions("manual")
    customer_id = _post_customer(sim, headers, customer_body())
    _advance(sim, customer_id, "provisioned_with_errors")
    got = _get(sim, headers, customer_id)
    failed, fine = got["resourceDetails"]["packages"]
    assert failed == {
        "name": "webex_calling",
        "status": "error",
        "warnings": [{"errorCode": 2560, "description": MAINTENANCE}],
    }
    assert fine == {"name": "webex_meetings", "status": "provisioned"}
    assert "errors" not in got


def test_updating_keeps_already_provisioned_packages_provisioned(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    sim.transitions("manual")
    update = {"packages": ["webex_calling", "webex_meetings", "webex_suite"]}
    assert sim.client.put(f"{CUSTOMERS}/{customer['id']}", json=update, headers=headers).is_success
    got = _get(sim, headers, customer["id"])
    assert got["status"] == "updating"
    assert [(p["name"], p["status"]) for p in got["resourceDetails"]["packages"]] == [
        ("webex_calling", "provisioned"),
        ("webex_meetings", "provisioned"),
        ("webex_suite", "provisioning"),
    ]


def test_provisioning_id_must_be_one_of_the_partners_templates(sim: Sim) -> None:
    headers = sim.token()
    refused = sim.client.post(
        CUSTOMERS, json=customer_body(provisioningId="not-a-template"), headers=headers
    )
    body = assert_webex_error(refused, 400, "provisioning-id-unknown")
    assert body["errors"][0]["field"] == "provisioningId"
    precheck = {"address": customer_body()["address"], "provisioningId": "not-a-template"}
    assert_webex_error(
        sim.client.post(f"{CUSTOMERS}/validate", json=precheck, headers=headers),
        400,
        "provisioning-id-unknown",
    )
    # Another partner's template is not this partner's.
    fresh = sim.client.post(
        "/_sim/tokens", json={"partner": "globex", "role": "full_admin"}, headers=sim.admin
    ).json()
    (globex_id,) = fresh["provisioningIds"]
    assert globex_id != PROVISIONING_ID
    assert_webex_error(
        sim.client.post(CUSTOMERS, json=customer_body(provisioningId=globex_id), headers=headers),
        400,
        "provisioning-id-unknown",
    )
    globex = {"Authorization": f"Bearer {fresh['token']}"}
    assert sim.client.post(
        CUSTOMERS, json=customer_body(provisioningId=globex_id), headers=globex
    ).is_success


def test_every_partner_is_seeded_with_a_template_listed_by_the_control_plane(sim: Sim) -> None:
    made = sim.client.post("/_sim/partners", json={"name": "initech"}, headers=sim.admin).json()
    assert len(made["provisioningIds"]) == 1
    listed = sim.client.get("/_sim/partners", headers=sim.admin).json()["items"]
    assert [p["provisioningIds"] for p in listed if p["name"] == "initech"] == [
        made["provisioningIds"]
    ]


def test_package_limits_are_enforced(sim: Sim) -> None:
    headers = sim.token()
    limits = {"packages": {"limits": {"webex_meetings": 2}}}
    body = customer_body(packages=["webex_meetings"], provisioningParameters=limits)
    customer = _get(sim, headers, _post_customer(sim, headers, body))
    for n in range(2):
        sub = subscriber_body(customer["id"], email=f"user{n}@acme.example")
        assert sim.client.post(SUBSCRIBERS, json=sub, headers=headers).status_code == 200
    third = subscriber_body(customer["id"], email="user2@acme.example")
    refused = assert_webex_error(
        sim.client.post(SUBSCRIBERS, json=third, headers=headers), 409, "package-limit-reached"
    )
    assert "at most 2 subscriber(s) with package 'webex_meetings'" in refused["message"]


def test_attaching_an_org_needs_a_known_org_no_customer_manages(sim: Sim) -> None:
    acme, globex = sim.token("acme"), sim.token("globex")
    theirs = sim.customer(globex, "globex-1")
    unknown = customer_body("a-1", customerInfo=None, orgId="b3JnLXRoYXQtZG9lcy1ub3QtZXhpc3Q")
    assert_webex_error(sim.client.post(CUSTOMERS, json=unknown, headers=acme), 404, "api-not-found")
    stolen = customer_body("a-2", customerInfo=None, orgId=theirs["orgId"])
    taken = assert_webex_error(
        sim.client.post(CUSTOMERS, json=stolen, headers=acme), 404, "api-not-found"
    )
    assert "globex" not in taken["message"]
    # The other partner's customer is not disturbed: same org, same calling location.
    assert _get(sim, globex, theirs["id"]) == theirs
    locations = sim.client.get("/v1/locations", params={"orgId": theirs["orgId"]}, headers=globex)
    assert [loc["name"] for loc in locations.json()["items"]] == ["Head Office"]
    free = sim.organization("Acme Trial")
    attached = _get(
        sim, acme, _post_customer(sim, acme, customer_body("a-3", customerInfo=None, orgId=free))
    )
    assert attached["orgId"] == free
    precheck = {"address": customer_body()["address"], "orgId": theirs["orgId"]}
    assert_webex_error(
        sim.client.post(f"{CUSTOMERS}/validate", json=precheck, headers=acme), 404, "api-not-found"
    )
    again = customer_body("a-4", customerInfo=None, orgId=free)
    assert_webex_error(
        sim.client.post(CUSTOMERS, json=again, headers=acme), 409, "org-already-managed"
    )


def test_an_email_is_one_identity_across_every_partner(sim: Sim) -> None:
    acme, globex = sim.token("acme"), sim.token("globex")
    ours = sim.customer(acme)
    theirs = sim.customer(
        globex, "globex-1", customerInfo={"name": "G", "primaryEmail": "Boss@G.example"}
    )
    taken = subscriber_body(theirs["id"], email="shared@example.com")
    assert sim.client.post(SUBSCRIBERS, json=taken, headers=globex).status_code == 200
    for email in ("SHARED@example.com", "boss@g.example"):
        refused = sim.client.post(
            SUBSCRIBERS, json=subscriber_body(ours["id"], email=email), headers=acme
        )
        body = assert_webex_error(refused, 409, "email-already-used")
        assert body["errors"][0]["errorCode"] == 10022
        assert body["message"] == "The email is already associated with an existing user."
    precheck = {"email": "shared@example.com", "customerId": ours["id"]}
    assert_webex_error(
        sim.client.post(f"{SUBSCRIBERS}/validate", json=precheck, headers=acme),
        409,
        "email-already-used",
    )


def test_a_body_that_is_not_json_is_415(sim: Sim) -> None:
    headers = {**sim.token(), "Content-Type": "text/plain"}
    answer = sim.client.post(CUSTOMERS, content=b"provisioningId=x", headers=headers)
    assert_webex_error(answer, 415, "api-unsupported-media-type")
    assert sim.client.get(CUSTOMERS, headers=sim.token()).json()["items"] == []


def test_malformed_json_names_no_field(sim: Sim) -> None:
    headers = {**sim.token(), "Content-Type": "application/json"}
    answer = sim.client.post(CUSTOMERS, content=b'{"externalId": ', headers=headers)
    body = assert_webex_error(answer, 400, "api-invalid-request")
    assert all("field" not in error for error in body["errors"])
    assert body["message"].startswith("the request body is not valid JSON")


@pytest.mark.parametrize("url", [CUSTOMERS, SUBSCRIBERS])
def test_an_unknown_status_filter_is_400_not_an_empty_page(sim: Sim, url: str) -> None:
    answer = sim.client.get(url, params={"status": "bogus"}, headers=sim.token())
    body = assert_webex_error(answer, 400, "api-invalid-request")
    assert body["errors"][0]["field"] == "status"


def test_put_with_an_invalid_package_is_400_whether_or_not_the_id_exists(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    made = sim.client.post(SUBSCRIBERS, json=subscriber_body(customer["id"]), headers=headers)
    bad = {"packages": ["no_such_package"]}
    for subscriber_id in (made.json()["id"], "missing-subscriber"):
        answer = sim.client.put(f"{SUBSCRIBERS}/{subscriber_id}", json=bad, headers=headers)
        assert_webex_error(answer, 400, "cell-invalid-package")


@pytest.mark.parametrize(
    "status,code,retry",
    [
        (423, "api-locked", True),
        (502, "api-bad-gateway", False),
        (504, "api-gateway-timeout", False),
    ],
)
def test_faults_inject_423_502_and_504(sim: Sim, status: int, code: str, retry: bool) -> None:
    rule = {"method": "GET", "route": "/v1/*", "status": status, "retryAfter": 2}
    assert sim.client.put(
        "/_sim/faults", json={"seed": 1, "rules": [rule]}, headers=sim.admin
    ).is_success
    answer = sim.client.get(CUSTOMERS, headers=sim.token())
    assert_webex_error(answer, status, code)
    assert (answer.headers.get("Retry-After") == "2") is retry


def test_billing_report_created_by_is_the_admin_behind_the_token(sim: Sim) -> None:
    first, second = sim.token(), sim.token()
    sim.client.post("/_sim/clock", json={"now": "2026-02-05T09:00:00Z"}, headers=sim.admin)
    url = "/v1/wholesale/billing/reports"
    made = sim.client.post(
        url, json={"billingStartDate": "2026-01-01", "billingEndDate": "2026-01-31"}, headers=first
    ).json()
    by_first = sim.client.get(f"{url}/{made['id']}", headers=first).json()["createdBy"]
    made = sim.client.post(
        url,
        json={"billingStartDate": "2026-01-01", "billingEndDate": "2026-01-31", "type": "USER"},
        headers=second,
    ).json()
    by_second = sim.client.get(f"{url}/{made['id']}", headers=second).json()["createdBy"]
    partner_org = sim.client.get("/_sim/partners", headers=sim.admin).json()["items"][0]["orgId"]
    assert len({by_first, by_second, partner_org}) == 3
    assert all(_kind(person) == "PEOPLE" for person in (by_first, by_second))


def _kind(wire_id: str) -> str:
    decoded = ids.decode(wire_id)
    assert decoded is not None
    return decoded[0]


def test_a_missing_billing_report_is_the_references_2024(sim: Sim) -> None:
    answer = sim.client.get("/v1/wholesale/billing/reports/nope", headers=sim.token())
    assert answer.status_code == 404
    body = answer.json()
    assert body["errors"] == [
        {
            "code": 2024,
            "description": "Billing Report not found.",
            "catalogueCode": "billing-report-not-found",
            "field": "id",
        }
    ]


def test_sim_token_prints_the_provisioning_id_before_the_token(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    args = ["token", "--partner", "acme", "--role", "full_admin", "--db", db]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    lines = first.output.strip().splitlines()
    assert lines[-2].startswith("provisioning-id: ")
    provisioning_id = lines[-2].removeprefix("provisioning-id: ")
    again = CliRunner().invoke(app, args).output.strip().splitlines()
    assert again[-2] == lines[-2] and again[-1] != lines[-1]
    # The printed pair works: the token provisions a customer with that ID.
    with running_simulator(db_url=db) as served:
        headers = {"Authorization": f"Bearer {lines[-1]}"}
        body = customer_body(provisioningId=provisioning_id)
        assert served.client.post(CUSTOMERS, json=body, headers=headers).status_code == 202


LOCATIONS = "/v1/locations"


def test_a_location_is_updated_and_deleted_as_the_locations_reference_says(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    location_id = sim.location_id(headers, customer["orgId"])
    one = f"{LOCATIONS}/{location_id}"
    change = {"name": "Main Office", "timeZone": "America/Chicago", "address": {"city": "Denver"}}
    answer = sim.client.put(one, params={"orgId": customer["orgId"]}, json=change, headers=headers)
    assert answer.status_code == 204, answer.text
    got = sim.client.get(one, headers=headers).json()
    assert (got["name"], got["timeZone"], got["address"]["city"]) == (
        "Main Office",
        "America/Chicago",
        "Denver",
    )
    assert got["address"]["address1"] == "771 Alder Drive"
    bad_zone = sim.client.put(one, json={"timeZone": "Mars/Base"}, headers=headers)
    assert_webex_error(bad_zone, 400, "cell-invalid-timezone")
    calling = {
        "customerId": customer["id"],
        "email": "caller@acme.example",
        "packages": ["webex_calling"],
        "provisioningParameters": {"extension": "1234", "locationId": location_id},
    }
    made = sim.client.post(SUBSCRIBERS, json=calling, headers=headers)
    assert made.status_code == 200, made.text
    assert_webex_error(sim.client.delete(one, headers=headers), 409, "api-conflict")
    sim.client.delete(f"{SUBSCRIBERS}/{made.json()['id']}", headers=headers)
    assert sim.client.delete(one, headers=headers).status_code == 204
    assert_webex_error(sim.client.get(one, headers=headers), 404, "api-not-found")
    other = sim.token("globex")
    assert_webex_error(sim.client.delete(one, headers=other), 404, "api-not-found")


def test_without_org_id_locations_are_the_callers_own_org(sim: Sim) -> None:
    headers = sim.token()
    sim.customer(headers)
    assert sim.client.get(LOCATIONS, headers=headers).json()["items"] == []
    body = {
        "name": "Partner HQ",
        "timeZone": "America/Chicago",
        "preferredLanguage": "en_us",
        "announcementLanguage": "en_us",
        "address": {
            "address1": "1 Main St",
            "city": "Denver",
            "state": "CO",
            "postalCode": "80202",
            "country": "US",
        },
    }
    assert sim.client.post(LOCATIONS, json=body, headers=headers).status_code == 201
    own = sim.client.get(LOCATIONS, headers=headers).json()["items"]
    partner_org = sim.client.get("/_sim/partners", headers=sim.admin).json()["items"][0]["orgId"]
    assert [(loc["name"], loc["orgId"]) for loc in own] == [("Partner HQ", partner_org)]
