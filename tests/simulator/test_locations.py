"""The Locations API part: list (by org, name, id), create (201), get."""

from __future__ import annotations

from typing import Any

from tests.simulator.support import Sim, assert_webex_error

URL = "/v1/locations"


def location_body(name: str = "Denver", **changes: Any) -> dict[str, Any]:
    """A valid create body."""
    return {
        "name": name,
        "timeZone": "America/Chicago",
        "preferredLanguage": "en_us",
        "announcementLanguage": "fr_fr",
        "address": {
            "address1": "123 Some St.",
            "city": "Supercity",
            "state": "CO",
            "postalCode": "80202",
            "country": "US",
        },
        **changes,
    }


def test_create_answers_201_and_the_location_reads_back(sim: Sim) -> None:
    headers = sim.token()
    org = sim.customer(headers)["orgId"]
    created = sim.client.post(URL, params={"orgId": org}, json=location_body(), headers=headers)
    assert created.status_code == 201, created.text
    location_id = created.json()["id"]
    got = sim.client.get(f"{URL}/{location_id}", headers=headers).json()
    assert got["name"] == "Denver" and got["orgId"] == org and got["timeZone"] == "America/Chicago"
    assert got["address"]["postalCode"] == "80202"


def test_list_by_name_contains_case_insensitively_and_by_id(sim: Sim) -> None:
    headers = sim.token()
    org = sim.customer(headers)["orgId"]
    denver = sim.client.post(
        URL, params={"orgId": org}, json=location_body(), headers=headers
    ).json()["id"]

    def names(**query: str) -> list[str]:
        answer = sim.client.get(URL, params={"orgId": org, **query}, headers=headers)
        return [x["name"] for x in answer.json()["items"]]

    assert names() == ["Head Office", "Denver"]
    assert names(name="DENV") == ["Denver"]
    assert names(id=denver) == ["Denver"]
    assert sim.client.get(URL, headers=headers).json() == {"items": []}


def test_create_rules(sim: Sim) -> None:
    headers = sim.token()
    org = sim.customer(headers)["orgId"]
    duplicate = sim.client.post(
        URL, params={"orgId": org}, json=location_body("Head Office"), headers=headers
    )
    assert_webex_error(duplicate, 409, "api-conflict")
    # Without orgId the location is the caller's own (partner) org's, as the reference says.
    no_org = sim.client.post(URL, json=location_body(), headers=headers)
    assert no_org.status_code == 201, no_org.text
    zone = sim.client.post(
        URL, params={"orgId": org}, json=location_body(timeZone="Mars/Olympus"), headers=headers
    )
    assert_webex_error(zone, 400, "cell-invalid-timezone")
    missing = sim.client.post(URL, params={"orgId": org}, json={"name": "X"}, headers=headers)
    body = assert_webex_error(missing, 400, "api-invalid-request")
    assert {e["field"] for e in body["errors"]} == {
        "timeZone",
        "preferredLanguage",
        "announcementLanguage",
        "address",
    }
    unknown_org = sim.client.post(
        URL, params={"orgId": "nope"}, json=location_body(), headers=headers
    )
    assert_webex_error(unknown_org, 404, "api-not-found")


def test_removed_customer_takes_its_locations(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    location_id = sim.location_id(headers, customer["orgId"])
    sim.client.delete(f"/v1/wholesale/customers/{customer['id']}", headers=headers)
    sim.client.get(f"/v1/wholesale/customers/{customer['id']}", headers=headers)
    assert_webex_error(
        sim.client.get(f"{URL}/{location_id}", headers=headers), 404, "api-not-found"
    )
