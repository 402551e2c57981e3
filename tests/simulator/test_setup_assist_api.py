"""Setup Assist through HTTP: the A-Wholesale order, readiness, and every rule a request must
pass (docs/design.md §3 items 1–5, §7.1), each refused with the catalogue's code."""

from __future__ import annotations

from tests.simulator.setup_assist_support import ASSIST, AssistWorld, request_body
from tests.simulator.support import PROVISIONING_ID, Sim, assert_webex_error

THURSDAY = "2026-11-19T15:00:00Z"  # a week before US Thanksgiving (2026-11-26)


def test_a_wholesale_is_ordered_once_with_quantity_one(sim: Sim) -> None:
    world = AssistWorld(sim)
    assert_webex_error(
        sim.client.get(f"{ASSIST}/entitlement", headers=world.headers), 404, "api-not-found"
    )
    ordered = world.order_a_wholesale("CCW-42")
    assert ordered.status_code == 201, ordered.text
    assert ordered.json()["sku"] == "A-Wholesale" and ordered.json()["quantity"] == 1
    got = sim.client.get(f"{ASSIST}/entitlement", headers=world.headers)
    assert got.status_code == 200 and got.json()["orderNumber"] == "CCW-42"
    again = assert_webex_error(world.order_a_wholesale("CCW-43"), 400, "a-wholesale-quantity")
    assert "already ordered" in again["errors"][0]["description"]


def test_a_wholesale_quantity_other_than_one_is_refused(sim: Sim) -> None:
    world = AssistWorld(sim)
    body = assert_webex_error(world.order_a_wholesale(quantity=2), 400, "a-wholesale-quantity")
    assert "quantity 1, not 2" in body["errors"][0]["description"]
    assert sim.client.get(f"{ASSIST}/entitlement", headers=world.headers).status_code == 404
    wrong = {"sku": "B-Wholesale", "quantity": 1, "orderNumber": "x"}
    answer = sim.client.post(f"{ASSIST}/entitlement", json=wrong, headers=world.headers)
    assert_webex_error(answer, 400, "api-invalid-request")


def test_readiness_starts_undone_and_is_replaced_by_put(sim: Sim) -> None:
    world = AssistWorld(sim)
    first = sim.client.get(f"{ASSIST}/readiness", headers=world.headers).json()
    assert first == {"pstnConnectivity": False, "hostingRequirements": False, "ossBss": False}
    assert world.set_readiness(True, False, True).json()["hostingRequirements"] is False
    assert sim.client.get(f"{ASSIST}/readiness", headers=world.headers).json() == {
        "pstnConnectivity": True,
        "hostingRequirements": False,
        "ossBss": True,
    }
    partial = sim.client.put(
        f"{ASSIST}/readiness", json={"pstnConnectivity": True}, headers=world.headers
    )
    assert_webex_error(partial, 400, "api-invalid-request")


def test_read_only_admin_reads_but_cannot_order_or_submit(sim: Sim) -> None:
    reader = AssistWorld(sim, role="read_only_admin")
    assert sim.client.get(f"{ASSIST}/readiness", headers=reader.headers).status_code == 200
    assert_webex_error(reader.order_a_wholesale(), 403, "api-forbidden")
    assert_webex_error(reader.set_readiness(), 403, "api-forbidden")
    assert_webex_error(reader.submit({}), 403, "api-forbidden")


def test_request_without_entitlement_is_refused(sim: Sim) -> None:
    world = AssistWorld(sim)
    world.set_clock(THURSDAY)
    customer, location = world.site("c1", seats=2)
    answer = world.submit(request_body(customer, location, "2026-12-15"))
    body = assert_webex_error(answer, 403, "assist-not-entitled")
    assert "acme" in body["message"]


def test_request_before_readiness_names_the_missing_items(sim: Sim) -> None:
    world = AssistWorld(sim)
    world.set_clock(THURSDAY)
    world.order_a_wholesale()
    world.set_readiness(pstn=True, hosting=True, oss=False)
    customer, location = world.site("c1", seats=2)
    body = assert_webex_error(
        world.submit(request_body(customer, location, "2026-12-15")),
        409,
        "assist-partner-not-ready",
    )
    assert "OSS/BSS configuration" in body["message"] and "PSTN" not in body["message"]


def test_customer_must_be_provisioned(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    sim.transitions("manual")
    answer = sim.client.post(
        "/v1/wholesale/customers",
        json={
            "provisioningId": PROVISIONING_ID,
            "packages": ["webex_meetings"],
            "externalId": "pending-1",
            "address": {
                "addressLine1": "1 A St",
                "city": "B",
                "zipOrPostalCode": "EC1A 1BB",
                "country": "GB",
            },
            "customerInfo": {"name": "Pending", "primaryEmail": "p@example.com"},
        },
        headers=world.headers,
    )
    customer_id = answer.headers["Location"].rsplit("/", 1)[1]
    body = request_body({"id": customer_id}, "any-location", "2026-12-15")
    refused = assert_webex_error(world.submit(body), 409, "assist-customer-not-provisioned")
    assert "pending-1" in refused["message"] and "provisioning" in refused["message"]


def test_unknown_or_foreign_customer_and_location_are_not_found(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("c1", seats=2)
    _other, other_location = world.site("c2", seats=2)
    unknown = request_body({"id": "no-such-customer"}, location, "2026-12-15")
    assert_webex_error(world.submit(unknown), 404, "api-not-found")
    crossed = request_body(customer, other_location, "2026-12-15")
    assert_webex_error(world.submit(crossed), 404, "ref-unknown-location")
    stranger = AssistWorld(sim, partner="globex").ready()
    assert_webex_error(
        stranger.submit(request_body(customer, location, "2026-12-15")), 404, "api-not-found"
    )


def test_deadline_across_a_weekend_five_business_days_refused_six_accepted(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock("2026-06-10T09:00:00Z")  # Wednesday; no GB holiday until August
    customer, location = world.site("gb-1", seats=3, where="GB")
    five = request_body(customer, location, "2026-06-17")
    body = assert_webex_error(world.submit(five), 400, "assist-deadline")
    assert "2026-06-18" in body["message"]
    assert body["errors"][0]["field"] == "requestedCompletionDate"
    six = world.submit(request_body(customer, location, "2026-06-18"))
    assert six.status_code == 201, six.text
    assert six.json()["earliestCompletionDate"] == "2026-06-18"


def test_deadline_across_thanksgiving_in_new_york(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("ny-1", seats=3, where="US-NY")
    body = assert_webex_error(
        world.submit(request_body(customer, location, "2026-11-27")), 400, "assist-deadline"
    )
    assert "the earliest acceptable date is 2026-11-30" in body["message"]
    accepted = world.submit(request_body(customer, location, "2026-11-30"))
    assert accepted.status_code == 201, accepted.text


def test_deadline_uses_the_locations_state_holidays(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("ca-1", seats=3, where="US-CA")
    # California also keeps the day after Thanksgiving: one more business day to wait.
    body = assert_webex_error(
        world.submit(request_body(customer, location, "2026-11-30")), 400, "assist-deadline"
    )
    assert "2026-12-01" in body["message"]
    assert world.submit(request_body(customer, location, "2026-12-01")).status_code == 201


def test_completion_date_in_the_past(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("c1", seats=1)
    assert_webex_error(
        world.submit(request_body(customer, location, "2026-11-18")), 400, "assist-date-past"
    )


def test_location_without_seats_is_refused(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("c1", seats=0)
    body = assert_webex_error(
        world.submit(request_body(customer, location, "2026-12-15")), 400, "assist-no-seats"
    )
    assert "Head Office" in body["message"]


def test_seat_boundary_five_express_six_standard_priced_with_the_discount(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    world.set_discount("0.30")
    five_customer, five_location = world.site("five", seats=5)
    six_customer, six_location = world.site("six", seats=6)
    five = world.submit(request_body(five_customer, five_location, "2026-12-15")).json()
    six = world.submit(request_body(six_customer, six_location, "2026-12-15")).json()
    assert (five["seats"], five["sku"], five["quantity"]) == (5, "EXPRESS", 1)
    assert (five["unitNetPrice"], five["amount"], five["currency"]) == ("174.30", "174.30", "USD")
    assert (six["seats"], six["sku"], six["quantity"]) == (6, "STANDARD", 6)
    assert (six["unitNetPrice"], six["amount"]) == ("31.50", "189.00")
    assert len(five["phases"]) == 2 and len(six["phases"]) == 8


def test_several_date_and_seat_problems_are_reported_together(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("c1", seats=0)
    body = assert_webex_error(
        world.submit(request_body(customer, location, "2026-11-20")), 400, "assist-deadline"
    )
    assert [e["code"] for e in body["errors"]] == ["assist-deadline", "assist-no-seats"]


def test_same_body_again_answers_the_existing_request(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("c1", seats=2)
    body = request_body(customer, location, "2026-12-15")
    first = world.submit(body)
    again = world.submit(body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Location"].endswith(first.json()["id"])
    listed = sim.client.get(f"{ASSIST}/requests", headers=world.headers).json()["items"]
    assert [r["id"] for r in listed] == [first.json()["id"]]


def test_a_different_body_for_the_same_location_is_a_duplicate(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("c1", seats=2)
    first = world.submit(request_body(customer, location, "2026-12-15")).json()
    other = request_body(customer, location, "2026-12-16")
    refused = assert_webex_error(world.submit(other), 409, "assist-duplicate")
    assert first["id"] in refused["message"]


def test_a_cancelled_request_frees_its_location(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("c1", seats=2)
    first = world.submit(request_body(customer, location, "2026-12-15")).json()
    cancel = f"{ASSIST}/requests/{first['id']}/cancel"
    cancelled = sim.client.post(cancel, headers=world.headers)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert sim.client.post(cancel, headers=world.headers).json()["status"] == "cancelled"
    second = world.submit(request_body(customer, location, "2026-12-15"))
    assert second.status_code == 201 and second.json()["id"] != first["id"]


def test_list_filters_and_pages(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    made = []
    for name in ("a", "b", "c"):
        customer, location = world.site(name, seats=1)
        made.append(world.submit(request_body(customer, location, "2026-12-15")).json())
    sim.client.post(f"{ASSIST}/requests/{made[1]['id']}/cancel", headers=world.headers)
    url = f"{ASSIST}/requests"
    by_customer = sim.client.get(
        url, params={"customerId": made[0]["customerId"]}, headers=world.headers
    )
    assert [r["id"] for r in by_customer.json()["items"]] == [made[0]["id"]]
    cancelled = sim.client.get(url, params={"status": "cancelled"}, headers=world.headers)
    assert [r["id"] for r in cancelled.json()["items"]] == [made[1]["id"]]
    page = sim.client.get(url, params={"max": 2}, headers=world.headers)
    assert len(page.json()["items"]) == 2 and 'rel="next"' in page.headers["Link"]
    bad = sim.client.get(url, params={"status": "lost"}, headers=world.headers)
    assert_webex_error(bad, 400, "api-invalid-request")


def test_another_partners_request_is_not_found(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("c1", seats=1)
    made = world.submit(request_body(customer, location, "2026-12-15")).json()
    stranger = AssistWorld(sim, partner="globex")
    url = f"{ASSIST}/requests/{made['id']}"
    assert_webex_error(sim.client.get(url, headers=stranger.headers), 404, "api-not-found")
    assert_webex_error(
        sim.client.post(f"{url}/cancel", headers=stranger.headers), 404, "api-not-found"
    )
    assert sim.client.get(f"{ASSIST}/requests", headers=stranger.headers).json() == {"items": []}


def test_request_body_is_checked(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    customer, location = world.site("c1", seats=1)
    bad_channel = request_body(customer, location, "2026-12-15", channel="fax")
    assert_webex_error(world.submit(bad_channel), 400, "cell-invalid-choice")
    bad_email = request_body(customer, location, "2026-12-15")
    bad_email["contact"]["email"] = "not-an-email"
    assert_webex_error(world.submit(bad_email), 400, "cell-invalid-email")
    form = world.submit(request_body(customer, location, "2026-12-15", channel="form")).json()
    assert form["channel"] == "form" and form["networkCheckDone"] is True
    assert form["contact"]["name"] == "Dana Diaz" and form["notes"] == "Front desk opens at 8."
