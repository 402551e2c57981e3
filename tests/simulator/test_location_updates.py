"""*Update a Location* is checked by the same field rules as *Create a Location*
(docs/validator.md, "Field rules"): a value a create refuses, an update refuses with the same codes;
a refused update changes nothing; the address the update leaves behind (the stored one with the
given fields over it) meets the per-country rules; a bad body is a 400 whether or not the
location exists, as on create."""

from __future__ import annotations

from typing import Any

import pytest

from tests.simulator.support import Sim, assert_webex_error
from tests.simulator.test_locations import location_body

URL = "/v1/locations"

# (field path, value): each refused by a create; the update must refuse it with the same codes.
REFUSED: tuple[tuple[str, Any], ...] = (
    ("name", ""),
    ("name", "N" * 81),
    ("timeZone", "Mars/Base"),
    ("timeZone", " "),
    ("preferredLanguage", "klingon"),
    ("preferredLanguage", "en_XX"),
    ("address.address1", "A" * 51),
    ("address.address1", ""),
    ("address.address2", "B" * 51),
    ("address.city", "C" * 101),
    ("address.state", "S" * 51),
    ("address.state", ""),
    ("address.postalCode", "ABCDE"),
    ("address.postalCode", ""),
    ("address.country", "XX"),
    ("address.country", "Germany"),
    ("address.country", ""),
)


def _with(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, last = path.split(".")
    target = body
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value
    return body


def _errors(answer: Any) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = answer.json()["errors"]
    return errors


def _made(sim: Sim, headers: dict[str, str], org: str) -> str:
    created = sim.client.post(URL, params={"orgId": org}, json=location_body(), headers=headers)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


@pytest.mark.parametrize(("path", "value"), REFUSED, ids=[f"{p}={v!r:.12}" for p, v in REFUSED])
def test_an_update_refuses_what_a_create_refuses_with_the_same_codes(
    sim: Sim, path: str, value: Any
) -> None:
    headers = sim.token()
    org = sim.customer(headers)["orgId"]
    one = f"{URL}/{_made(sim, headers, org)}"
    before = sim.client.get(one, headers=headers).json()
    create = sim.client.post(
        URL, params={"orgId": org}, json=_with(location_body("Other"), path, value), headers=headers
    )
    update = sim.client.put(one, json=_with({}, path, value), headers=headers)
    assert [e["code"] for e in _errors(update)] == [e["code"] for e in _errors(create)]
    assert update.status_code == create.status_code == 400, (create.text, update.text)
    assert sim.client.get(one, headers=headers).json() == before


def test_a_new_country_is_checked_against_the_stored_postal_code_and_state(sim: Sim) -> None:
    headers = sim.token()
    org = sim.customer(headers)["orgId"]
    one = f"{URL}/{_made(sim, headers, org)}"  # US, CO, 80202
    to_gb = sim.client.put(one, json={"address": {"country": "GB"}}, headers=headers)
    assert_webex_error(to_gb, 400, "cell-invalid-postal-code")
    moved = {"address": {"country": "GB", "state": "", "postalCode": "EC4M 7RB"}}
    assert sim.client.put(one, json=moved, headers=headers).status_code == 204
    back = sim.client.put(one, json={"address": {"country": "US"}}, headers=headers)
    errors = _errors(back)
    assert {e["code"] for e in errors} == {"cell-invalid-state", "cell-invalid-postal-code"}
    got = sim.client.get(one, headers=headers).json()["address"]
    assert (got["country"], got["postalCode"]) == ("GB", "EC4M 7RB")


def test_a_valid_partial_update_changes_only_the_given_fields(sim: Sim) -> None:
    headers = sim.token()
    org = sim.customer(headers)["orgId"]
    one = f"{URL}/{_made(sim, headers, org)}"
    change = {"preferredLanguage": "fr_CA", "address": {"postalCode": "80203-1234"}}
    assert sim.client.put(one, json=change, headers=headers).status_code == 204
    got = sim.client.get(one, headers=headers).json()
    assert got["preferredLanguage"] == "fr_CA" and got["name"] == "Denver"
    assert got["address"] == {**location_body()["address"], "postalCode": "80203-1234"}


def test_a_bad_body_is_refused_before_the_location_is_looked_up(sim: Sim) -> None:
    headers = sim.token()
    missing = f"{URL}/no-such-location"
    bad = sim.client.put(missing, json={"timeZone": "Mars/Base"}, headers=headers)
    assert_webex_error(bad, 400, "cell-invalid-timezone")
    good = sim.client.put(missing, json={"timeZone": "Europe/Paris"}, headers=headers)
    assert_webex_error(good, 404, "api-not-found")
