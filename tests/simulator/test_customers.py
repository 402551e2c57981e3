"""Customers: provision, get, list with filters, update, remove, precheck."""

from __future__ import annotations

import base64

from tests.simulator.support import Sim, address, assert_webex_error, customer_body


def test_provision_answers_202_with_location_and_url(sim: Sim) -> None:
    headers = sim.token()
    answer = sim.client.post("/v1/wholesale/customers", json=customer_body(), headers=headers)
    assert answer.status_code == 202
    assert answer.headers["Location"] == answer.json()["url"]
    assert answer.json()["url"].startswith("http://testserver/v1/wholesale/customers/")
    assert answer.headers["TrackingID"].startswith("SIM_")


def test_customer_ids_look_like_webex_ids(sim: Sim) -> None:
    customer = sim.customer(sim.token())
    for key, kind in (("id", "CUSTOMER"), ("orgId", "ORGANIZATION")):
        value = customer[key]
        assert "=" not in value
        decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        assert decoded.startswith(f"ciscospark://us/{kind}/")


def test_provisioned_customer_shows_org_packages_and_calling_location(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    assert customer["status"] == "provisioned"
    assert customer["externalId"] == "ext-1"
    assert [p["status"] for p in customer["resourceDetails"]["packages"]] == ["provisioned"] * 2
    locations = sim.client.get(
        "/v1/locations", params={"orgId": customer["orgId"]}, headers=headers
    )
    assert [loc["name"] for loc in locations.json()["items"]] == ["Head Office"]


def test_duplicate_external_id_is_refused_with_409(sim: Sim) -> None:
    headers = sim.token()
    sim.customer(headers)
    again = sim.client.post("/v1/wholesale/customers", json=customer_body(), headers=headers)
    assert_webex_error(again, 409, "api-conflict")


def test_missing_required_fields_are_400_in_webex_shape(sim: Sim) -> None:
    answer = sim.client.post("/v1/wholesale/customers", json={}, headers=sim.token())
    body = assert_webex_error(answer, 400, "api-invalid-request")
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"provisioningId", "packages", "externalId", "address"}


def test_package_rules_come_from_the_catalogue(sim: Sim) -> None:
    headers = sim.token()
    bad = customer_body(packages=["webex_calling", "no_such_package"])
    assert_webex_error(
        sim.client.post("/v1/wholesale/customers", json=bad, headers=headers),
        400,
        "cell-invalid-package",
    )
    lonely = customer_body(packages=["webex_meetings", "attendant_console"])
    assert_webex_error(
        sim.client.post("/v1/wholesale/customers", json=lonely, headers=headers),
        400,
        "package-dependency",
    )
    no_location = customer_body(provisioningParameters=None)
    assert_webex_error(
        sim.client.post("/v1/wholesale/customers", json=no_location, headers=headers),
        400,
        "calling-location-required",
    )


def test_customer_info_name_and_address_rules(sim: Sim) -> None:
    headers = sim.token()
    no_info = customer_body(customerInfo=None)
    assert_webex_error(
        sim.client.post("/v1/wholesale/customers", json=no_info, headers=headers),
        400,
        "customer-info-required",
    )
    percent = customer_body(customerInfo={"name": "100% Pizza", "primaryEmail": "a@acme.example"})
    assert_webex_error(
        sim.client.post("/v1/wholesale/customers", json=percent, headers=headers),
        400,
        "cell-forbidden-character",
    )
    long_line = customer_body(address=address(addressLine1="x" * 51))
    assert_webex_error(
        sim.client.post("/v1/wholesale/customers", json=long_line, headers=headers),
        400,
        "cell-too-long",
    )
    country = customer_body(address=address(country="XX"))
    assert_webex_error(
        sim.client.post("/v1/wholesale/customers", json=country, headers=headers),
        400,
        "cell-invalid-country",
    )


def test_existing_org_needs_no_customer_info(sim: Sim) -> None:
    headers = sim.token()
    body = customer_body(customerInfo=None, orgId=sim.organization("Acme Trial"))
    answer = sim.client.post("/v1/wholesale/customers", json=body, headers=headers)
    assert answer.status_code == 202
    got = sim.client.get(answer.json()["url"], headers=headers).json()
    assert got["orgId"] == body["orgId"]


def test_list_filters_by_external_id_org_and_status(sim: Sim) -> None:
    headers = sim.token()
    first = sim.customer(headers, "ext-1")
    sim.customer(headers, "ext-2")
    url = "/v1/wholesale/customers"
    by_external = sim.client.get(url, params={"externalId": "ext-2"}, headers=headers).json()
    assert [c["externalId"] for c in by_external["items"]] == ["ext-2"]
    by_org = sim.client.get(url, params={"orgId": first["orgId"]}, headers=headers).json()
    assert [c["id"] for c in by_org["items"]] == [first["id"]]
    by_status = sim.client.get(
        url, params=[("status", "error"), ("status", "provisioned")], headers=headers
    )
    assert len(by_status.json()["items"]) == 2
    none = sim.client.get(url, params={"status": "error"}, headers=headers).json()
    assert none["items"] == []


def test_license_ids_only_when_asked(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    url = f"/v1/wholesale/customers/{customer['id']}"
    plain = sim.client.get(url, headers=headers).json()
    assert all("licenseIds" not in p for p in plain["resourceDetails"]["packages"])
    with_info = sim.client.get(
        url, params={"includePackageLicenseInfo": "true"}, headers=headers
    ).json()
    assert all(len(p["licenseIds"]) == 1 for p in with_info["resourceDetails"]["packages"])


def test_update_replaces_packages_and_refuses_removing_used_ones(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    url = f"/v1/wholesale/customers/{customer['id']}"
    answer = sim.client.put(
        url, json={"packages": ["webex_calling", "webex_meetings", "webex_suite"]}, headers=headers
    )
    assert answer.status_code == 202
    assert answer.headers["Location"].endswith(customer["id"])
    assert sim.client.get(url, headers=headers).json()["packages"][-1] == "webex_suite"
    sim.client.post(
        "/v1/wholesale/subscribers",
        json={
            "customerId": customer["id"],
            "email": "m@acme.example",
            "packages": ["webex_meetings"],
            "provisioningParameters": {"firstName": "M", "lastName": "N"},
        },
        headers=headers,
    )
    dropping = sim.client.put(url, json={"packages": ["webex_calling"]}, headers=headers)
    assert_webex_error(dropping, 409, "api-conflict")


def test_update_needs_packages(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    answer = sim.client.put(f"/v1/wholesale/customers/{customer['id']}", json={}, headers=headers)
    assert_webex_error(answer, 400, "api-invalid-request")


def test_remove_goes_through_deleting_then_gone(sim: Sim) -> None:
    headers = sim.token()
    sim.transitions("manual")
    answer = sim.client.post("/v1/wholesale/customers", json=customer_body(), headers=headers)
    customer_id = answer.json()["url"].rsplit("/", 1)[1]
    sim.client.post(f"/_sim/customers/{customer_id}/advance", headers=sim.admin)
    url = f"/v1/wholesale/customers/{customer_id}"
    assert sim.client.delete(url, headers=headers).status_code == 202
    assert sim.client.get(url, headers=headers).json()["status"] == "deleting"
    done = sim.client.post(f"/_sim/customers/{customer_id}/advance", headers=sim.admin)
    assert done.json() == {"id": customer_id, "status": "gone"}
    assert_webex_error(sim.client.get(url, headers=headers), 404, "api-not-found")


def test_precheck_success_and_failure(sim: Sim) -> None:
    headers = sim.token()
    ok = sim.client.post(
        "/v1/wholesale/customers/validate", json={"address": address()}, headers=headers
    )
    assert ok.status_code == 200
    assert ok.json() == {
        "message": "success",
        "info": {"infoCode": 100, "description": "Provisioning preCheck validation successful."},
    }
    bad = sim.client.post(
        "/v1/wholesale/customers/validate",
        json={"address": address(), "packages": ["cisco_calling_plan"]},
        headers=headers,
    )
    assert_webex_error(bad, 400, "package-dependency")
    missing = sim.client.post("/v1/wholesale/customers/validate", json={}, headers=headers)
    assert_webex_error(missing, 400, "api-invalid-request")
