"""Paging with offset/max and Link headers; error shapes for every kind of failure."""

from __future__ import annotations

import re

from tests.simulator.support import Sim, assert_webex_error, subscriber_body

URL = "/v1/wholesale/subscribers"


def _next(link: str | None) -> str | None:
    if link is None:
        return None
    found = re.fullmatch(r'<(.+)>; rel="next"', link)
    assert found, link
    return found.group(1)


def test_pages_follow_link_headers_to_the_end(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    for index in range(7):
        sim.client.post(
            URL, json=subscriber_body(customer["id"], f"u{index}@acme.example"), headers=headers
        )
    seen: list[str] = []
    url: str | None = f"{URL}?max=3&customerId={customer['id']}"
    pages = 0
    while url:
        answer = sim.client.get(url, headers=headers)
        assert answer.status_code == 200
        seen += [s["email"] for s in answer.json()["items"]]
        url = _next(answer.headers.get("Link"))
        pages += 1
        if url:
            assert f"customerId={customer['id']}" in url
    assert pages == 3
    assert seen == [f"u{i}@acme.example" for i in range(7)]


def test_max_is_clamped_to_the_reference_limit_and_validated(sim: Sim) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    for index in range(3):
        sim.client.post(
            URL, json=subscriber_body(customer["id"], f"u{index}@acme.example"), headers=headers
        )
    assert len(sim.client.get(URL, params={"max": 1000}, headers=headers).json()["items"]) == 3
    assert_webex_error(
        sim.client.get(URL, params={"max": 0}, headers=headers), 400, "api-invalid-request"
    )
    assert_webex_error(
        sim.client.get(URL, params={"max": "ten"}, headers=headers), 400, "api-invalid-request"
    )
    assert_webex_error(
        sim.client.get(URL, params={"offset": -1}, headers=headers), 400, "api-invalid-request"
    )
    customers = sim.client.get(
        "/v1/wholesale/customers", params={"offset": 1, "max": 5}, headers=headers
    )
    assert customers.json()["items"] == [] and "Link" not in customers.headers


def test_an_offset_beyond_any_database_integer_is_an_empty_page(sim: Sim) -> None:
    # Schemathesis found this one: 2**63 and more overflowed SQLite's INTEGER (a 500).
    headers = sim.token()
    customer = sim.customer(headers)
    sim.client.post(URL, json=subscriber_body(customer["id"], "u@acme.example"), headers=headers)
    for offset in (2**31, 2**63, 10**30):
        answer = sim.client.get(f"{URL}?offset={offset}", headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.json()["items"] == []
        assert "Link" not in answer.headers


def test_unknown_route_and_method_and_bad_json_keep_the_webex_shape(sim: Sim) -> None:
    headers = sim.token()
    assert_webex_error(sim.client.get("/v1/nothing", headers=headers), 404, "api-not-found")
    wrong_method = assert_webex_error(
        sim.client.patch("/v1/wholesale/customers", headers=headers), 405, "api-method-not-allowed"
    )
    assert wrong_method["message"] == (
        "PATCH is not allowed on /v1/wholesale/customers; allowed: GET, POST."
    )
    broken = sim.client.post(
        "/v1/wholesale/customers",
        content=b"{not json",
        headers={**headers, "Content-Type": "application/json"},
    )
    assert_webex_error(broken, 400, "api-invalid-request")
    wrong_type = sim.client.post("/v1/wholesale/customers", json=[1, 2], headers=headers)
    assert_webex_error(wrong_type, 400, "api-invalid-request")


def test_every_response_has_a_tracking_id(sim: Sim) -> None:
    ok = sim.client.get("/v1/wholesale/customers", headers=sim.token())
    assert ok.headers["TrackingID"].startswith("SIM_")
    assert sim.client.get("/openapi.json").headers["TrackingID"]
