"""Every list answers in one order, whatever order the database returns rows in: by time, and
items of the same instant by id (docs/simulator.md). With the clock frozen every item is made at
the same instant, so only the id decides."""

from __future__ import annotations

from typing import Any

from tests.simulator.support import FrozenTime, Sim, subscriber_body
from tests.simulator.test_locations import location_body


def _listed(sim: Sim, path: str, headers: dict[str, str], **params: Any) -> list[str]:
    answer = sim.client.get(path, params={"max": 100, **params}, headers=headers)
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def test_items_made_at_the_same_instant_are_listed_by_id(sim: Sim, frozen_time: FrozenTime) -> None:
    headers = sim.token()
    customers = [sim.customer(headers, f"ext-{n}") for n in range(6)]
    first = customers[0]
    for n in range(8):
        made = sim.client.post(
            "/v1/wholesale/subscribers",
            json=subscriber_body(first["id"], f"u{n}@acme.example"),
            headers=headers,
        )
        assert made.status_code == 200, made.text
    for n in range(5):
        body = location_body(f"Branch {n}")
        made = sim.client.post(
            "/v1/locations", params={"orgId": first["orgId"]}, json=body, headers=headers
        )
        assert made.status_code == 201, made.text
    listed = {
        "customers": _listed(sim, "/v1/wholesale/customers", headers),
        "subscribers": _listed(sim, "/v1/wholesale/subscribers", headers),
        "locations": _listed(sim, "/v1/locations", headers, orgId=first["orgId"]),
    }
    assert [len(ids) for ids in listed.values()] == [6, 8, 6]
    assert {name: sorted(ids) for name, ids in listed.items()} == listed
    descending = _listed(sim, "/v1/wholesale/subscribers", headers, sortOrder="DESC")
    assert descending == listed["subscribers"][::-1]
