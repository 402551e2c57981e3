"""Subscribers: provision (200/202), get, list with filters and sorting, update, remove,
precheck, consent email, package assignment rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.simulator.support import Sim, assert_webex_error, subscriber_body

URL = "/v1/wholesale/subscribers"


def _calling_body(
    sim: Sim, headers: dict[str, str], customer: dict[str, Any], **changes: Any
) -> dict[str, Any]:
    location = sim.location_id(headers, customer["orgId"])
    return subscriber_body(
        customer["id"],
        email=changes.pop("email", "carol@acme.example"),
        packages=["webex_calling"],
        provisioningParameters={
            "firstName": "Carol",
            "lastName": "C",
            "primaryPhoneNumber": "+1-408-555-0123",
            "extension": "123",
            "locationId": location,
        },
        **changes,
    )


def test_provision_answers_200_with_the_subscriber(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    answer = sim.client.post(URL, json=subscriber_body(customer["id"]), headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "provisioned"
    assert body["packages"] == ["webex_meetings"] and body["package"] == "webex_meetings"
    assert body["externalCustomerId"] == "ext-1" and body["personId"]
    assert answer.headers["Location"].endswith(body["id"])
    assert sim.client.get(f"{URL}/{body['id']}", headers=headers).json() == body


def test_calling_subscriber_needs_location_and_number(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    ok = sim.client.post(URL, json=_calling_body(sim, headers, customer), headers=headers)
    assert ok.status_code == 200, ok.text
    bare = subscriber_body(customer["id"], email="d@acme.example", packages=["webex_calling"])
    body = assert_webex_error(
        sim.client.post(URL, json=bare, headers=headers), 400, "calling-location-required"
    )
    assert {e["code"] for e in body["errors"]} == {
        "calling-location-required",
        "calling-number-required",
    }


def test_package_must_be_on_customer_and_for_subscribers(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    suite = subscriber_body(customer["id"], packages=["webex_suite"])
    assert_webex_error(
        sim.client.post(URL, json=suite, headers=headers), 400, "package-not-on-customer"
    )
    customer_only = subscriber_body(customer["id"], packages=["cx_voice_ports"])
    assert_webex_error(
        sim.client.post(URL, json=customer_only, headers=headers), 400, "package-not-for-subscriber"
    )
    both = subscriber_body(customer["id"], package="webex_meetings")
    assert_webex_error(sim.client.post(URL, json=both, headers=headers), 400, "api-invalid-request")


def test_unknown_location_and_bad_numbers(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    body = _calling_body(sim, headers, customer)
    body["provisioningParameters"]["locationId"] = "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL25vbmU"
    assert_webex_error(
        sim.client.post(URL, json=body, headers=headers), 404, "ref-unknown-location"
    )
    phone = _calling_body(sim, headers, customer)
    phone["provisioningParameters"]["primaryPhoneNumber"] = "4085550123"
    assert_webex_error(sim.client.post(URL, json=phone, headers=headers), 400, "cell-invalid-phone")
    extension = _calling_body(sim, headers, customer)
    extension["provisioningParameters"]["extension"] = "1"
    assert_webex_error(
        sim.client.post(URL, json=extension, headers=headers), 400, "cell-invalid-extension"
    )


def test_duplicates_are_409(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    assert (
        sim.client.post(
            URL, json=_calling_body(sim, headers, customer), headers=headers
        ).status_code
        == 200
    )
    same_email = subscriber_body(customer["id"], email="CAROL@acme.example")
    taken = assert_webex_error(
        sim.client.post(URL, json=same_email, headers=headers), 409, "email-already-used"
    )
    assert taken["errors"][0]["errorCode"] == 10022
    same_phone = _calling_body(sim, headers, customer, email="other@acme.example")
    same_phone["provisioningParameters"]["extension"] = "124"
    assert_webex_error(sim.client.post(URL, json=same_phone, headers=headers), 409, "api-conflict")
    same_extension = _calling_body(sim, headers, customer, email="third@acme.example")
    same_extension["provisioningParameters"]["primaryPhoneNumber"] = "+14085550199"
    assert_webex_error(
        sim.client.post(URL, json=same_extension, headers=headers), 409, "api-conflict"
    )


def test_customer_must_be_provisioned(sim: Sim) -> None:
    headers = sim.token()
    sim.transitions("manual")
    answer = sim.client.post(
        "/v1/wholesale/customers", json={**_customer_min(), "externalId": "p"}, headers=headers
    )
    customer_id = answer.json()["url"].rsplit("/", 1)[1]
    refused = sim.client.post(URL, json=subscriber_body(customer_id), headers=headers)
    assert_webex_error(refused, 409, "api-conflict")
    unknown = sim.client.post(URL, json=subscriber_body("nope"), headers=headers)
    assert_webex_error(unknown, 404, "api-not-found")


def test_a_customer_whose_step_is_due_settles_on_the_way(sim: Sim) -> None:
    # Nobody read the customers after their provisioning time passed: provisioning a subscriber
    # (and prechecking one) moves the customer's life cycle on first, then goes ahead.
    headers = sim.token()
    sim.transitions("clock", 60)
    ids = []
    for external in ("for-provision", "for-precheck"):
        answer = sim.client.post(
            "/v1/wholesale/customers",
            json={**_customer_min(), "externalId": external},
            headers=headers,
        )
        ids.append(answer.json()["url"].rsplit("/", 1)[1])
    early = sim.client.post(URL, json=subscriber_body(ids[0]), headers=headers)
    message = assert_webex_error(early, 409, "api-conflict")["message"]
    assert "provisioning, not provisioned" in message
    sim.advance_clock("PT2M")
    done = sim.client.post(URL, json=subscriber_body(ids[0]), headers=headers)
    assert done.status_code == 200, done.text
    precheck = {"email": "first@acme.example", "customerId": ids[1], **_meetings()}
    checked = sim.client.post(f"{URL}/validate", json=precheck, headers=headers)
    assert checked.status_code == 200, checked.text
    for customer_id in ids:
        customer = sim.client.get(f"/v1/wholesale/customers/{customer_id}", headers=headers)
        assert customer.json()["status"] == "provisioned"


def test_a_customer_whose_deletion_is_due_is_gone_for_new_subscribers(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    sim.transitions("clock", 60)
    removed = sim.client.delete(f"/v1/wholesale/customers/{customer['id']}", headers=headers)
    assert removed.status_code == 202
    sim.advance_clock("PT2M")
    refused = sim.client.post(URL, json=subscriber_body(customer["id"]), headers=headers)
    assert "being deleted" in assert_webex_error(refused, 409, "api-conflict")["message"]
    gone = sim.client.get(f"/v1/wholesale/customers/{customer['id']}", headers=headers)
    assert_webex_error(gone, 404, "api-not-found")


def _meetings() -> dict[str, Any]:
    return {"packages": ["webex_meetings"]}


def _customer_min() -> dict[str, Any]:
    from tests.simulator.support import customer_body

    return customer_body(packages=["webex_meetings"], provisioningParameters=None)


def test_free_account_needs_consent_then_provisions(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    sim.client.post("/_sim/freeAccounts", json={"emails": ["Free@acme.example"]}, headers=sim.admin)
    sim.transitions("manual")
    answer = sim.client.post(
        URL, json=subscriber_body(customer["id"], email="free@acme.example"), headers=headers
    )
    assert answer.status_code == 202
    body = answer.json()
    assert body["status"] == "pending_user_migration" and "personId" not in body
    consent = sim.client.post(f"/v1/subscribers/{body['id']}/emails/consentMove", headers=headers)
    assert consent.status_code == 204
    assert (
        sim.client.get(f"{URL}/{body['id']}", headers=headers).json()["status"]
        == "pending_user_migration"
    )
    sim.transitions("clock", 60)
    sim.advance_clock("PT2M")
    assert sim.client.get(f"{URL}/{body['id']}", headers=headers).json()["status"] == "provisioned"
    again = sim.client.post(f"/v1/subscribers/{body['id']}/emails/consentMove", headers=headers)
    assert_webex_error(again, 409, "api-conflict")


def test_update_changes_package_and_remove_answers_204(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    created = sim.client.post(URL, json=subscriber_body(customer["id"]), headers=headers).json()
    location = sim.location_id(headers, customer["orgId"])
    no_number = sim.client.put(
        f"{URL}/{created['id']}", json={"packages": ["webex_calling"]}, headers=headers
    )
    assert_webex_error(no_number, 400, "calling-location-required")
    moved = sim.client.put(
        f"{URL}/{created['id']}",
        json={
            "packages": ["webex_calling"],
            "provisioningParameters": {"extension": "5221", "locationId": location},
        },
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["packages"] == ["webex_calling"]
    assert sim.client.delete(f"{URL}/{created['id']}", headers=headers).status_code == 204
    assert_webex_error(
        sim.client.get(f"{URL}/{created['id']}", headers=headers), 404, "api-not-found"
    )


def test_list_filters_and_sorting(sim: Sim) -> None:
    headers = sim.token()
    first = sim.customer(headers, "ext-1")
    second = sim.customer(headers, "ext-2")
    emails = []
    for index, customer in enumerate((first, second, first)):
        email = f"user{index}@acme.example"
        emails.append(email)
        sim.client.post(URL, json=subscriber_body(customer["id"], email=email), headers=headers)
        sim.advance_clock("PT1M")
    listed = sim.client.get(URL, headers=headers).json()["items"]
    assert [s["email"] for s in listed] == emails
    desc = sim.client.get(URL, params={"sortOrder": "DESC"}, headers=headers).json()["items"]
    assert [s["email"] for s in desc] == emails[::-1]
    by_customer = sim.client.get(URL, params={"customerId": first["id"]}, headers=headers).json()[
        "items"
    ]
    assert {s["email"] for s in by_customer} == {emails[0], emails[2]}
    by_external = sim.client.get(
        URL, params={"externalCustomerId": "ext-2"}, headers=headers
    ).json()["items"]
    assert [s["email"] for s in by_external] == [emails[1]]
    by_email = sim.client.get(URL, params={"email": "USER2@acme.example"}, headers=headers).json()[
        "items"
    ]
    assert [s["email"] for s in by_email] == [emails[2]]
    created = datetime.fromisoformat(listed[1]["created"].replace("Z", "+00:00"))
    epoch_ms = str(int(created.timestamp() * 1000) + 1000)
    after = sim.client.get(URL, params={"after": epoch_ms}, headers=headers).json()["items"]
    assert [s["email"] for s in after] == [emails[2]]
    by_person = sim.client.get(
        URL, params={"personId": listed[0]["personId"]}, headers=headers
    ).json()["items"]
    assert [s["email"] for s in by_person] == [emails[0]]
    assert_webex_error(
        sim.client.get(URL, params={"sortBy": "name"}, headers=headers), 400, "api-invalid-request"
    )
    assert_webex_error(
        sim.client.get(URL, params={"after": "yesterday"}, headers=headers),
        400,
        "api-invalid-request",
    )


def test_precheck(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    ok = sim.client.post(f"{URL}/validate", json={"email": "new@acme.example"}, headers=headers)
    assert ok.status_code == 200 and ok.json()["message"] == "success"
    full = sim.client.post(
        f"{URL}/validate",
        json={
            "email": "new@acme.example",
            "customerId": customer["id"],
            "packages": ["webex_suite"],
        },
        headers=headers,
    )
    assert_webex_error(full, 400, "package-not-on-customer")
    assert_webex_error(
        sim.client.post(f"{URL}/validate", json={}, headers=headers), 400, "api-invalid-request"
    )
    assert_webex_error(
        sim.client.post(f"{URL}/validate", json={"email": "not-an-email"}, headers=headers),
        400,
        "cell-invalid-email",
    )
