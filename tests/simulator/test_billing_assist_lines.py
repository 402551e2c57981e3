"""Setup Assist's one-time lines in the billing reports: on the acceptance day, Express quantity
1, Standard quantity = seats, net unit price and amount; never twice (docs/design.md §3 item 7)."""

from __future__ import annotations

from tests.simulator.setup_assist_support import ASSIST, AssistWorld, one_time, request_body
from tests.simulator.support import FrozenTime, Sim

NOVEMBER = ("2026-11-01", "2026-11-30")


def _two_requests(world: AssistWorld) -> tuple[str, str]:
    world.set_clock("2026-11-19T15:00:00Z")
    world.set_discount("0.30")
    small, small_location = world.site("small", seats=2)
    big, big_location = world.site("big", seats=8)
    express = world.submit(request_body(small, small_location, "2026-12-15")).json()
    standard = world.submit(request_body(big, big_location, "2026-12-15")).json()
    return express["id"], standard["id"]


def test_customer_report_has_a_one_time_line_per_accepted_request(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    _two_requests(world)
    world.set_clock("2026-12-02T09:00:00Z")
    lines = one_time(world.report_lines(*NOVEMBER))
    shown = [
        (
            line["external_customer_id"],
            line["location_name"],
            line["sku"],
            line["quantity"],
            line["unit_net_price"],
            line["amount"],
            line["currency"],
            line["charge_date"],
        )
        for line in lines
    ]
    assert shown == [
        ("small", "Head Office", "EXPRESS", "1", "174.30", "174.30", "USD", "2026-11-19"),
        ("big", "Head Office", "STANDARD", "8", "31.50", "252.00", "USD", "2026-11-19"),
    ]
    assert all(line["location_id"] and line["customer_id"] for line in lines)
    assert all((line["start_date"], line["end_date"]) == NOVEMBER for line in lines)


def test_partner_and_user_reports_carry_the_same_one_time_lines(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    _two_requests(world)
    world.set_clock("2026-12-02T09:00:00Z")
    customer = one_time(world.report_lines(*NOVEMBER, kind="CUSTOMER"))
    partner = one_time(world.report_lines(*NOVEMBER, kind="PARTNER"))
    user = one_time(world.report_lines(*NOVEMBER, kind="USER"))
    assert customer == partner == user and len(customer) == 2


def test_a_charge_falls_in_the_period_of_its_acceptance_day(
    sim: Sim, frozen_time: FrozenTime
) -> None:
    world = AssistWorld(sim).ready()
    customer, location = world.site("late", seats=3)
    world.set_clock("2026-11-30T23:59:50Z")
    sim.transitions("clock", delay=30)  # submitted on the 30th, accepted on 1 December
    made = world.submit(request_body(customer, location, "2026-12-21")).json()
    assert made["status"] == "submitted"
    world.set_clock("2027-01-02T09:00:00Z")
    read = world.client.get(f"{ASSIST}/requests/{made['id']}", headers=world.headers).json()
    assert read["acceptedAt"] == "2026-12-01T00:00:20.000Z"  # 23:59:50 + the 30 s delay
    sim.transitions("immediate")  # for the reports; the request is settled already
    assert one_time(world.report_lines(*NOVEMBER)) == []
    december = one_time(world.report_lines("2026-12-01", "2026-12-31"))
    assert [(line["charge_date"], line["amount"]) for line in december] == [
        ("2026-12-01", "249.00")
    ]


def test_retried_submissions_are_charged_once(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock("2026-11-19T15:00:00Z")
    customer, location = world.site("c1", seats=4)
    body = request_body(customer, location, "2026-12-15")
    statuses = [world.submit(body).status_code for _ in range(4)]
    assert statuses == [201, 200, 200, 200]
    world.set_clock("2026-12-02T09:00:00Z")
    assert len(one_time(world.report_lines(*NOVEMBER))) == 1


def test_cancelled_before_acceptance_is_free_after_acceptance_is_charged(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock("2026-11-19T15:00:00Z")
    early, early_location = world.site("early", seats=2)
    late, late_location = world.site("late", seats=2)
    accepted = world.submit(request_body(late, late_location, "2026-12-15")).json()
    sim.transitions("manual")
    pending = world.submit(request_body(early, early_location, "2026-12-15")).json()
    assert pending["status"] == "submitted"
    for made in (pending, accepted):
        world.client.post(f"{ASSIST}/requests/{made['id']}/cancel", headers=world.headers)
    sim.transitions("immediate")
    world.set_clock("2026-12-02T09:00:00Z")
    lines = one_time(world.report_lines(*NOVEMBER))
    assert [line["external_customer_id"] for line in lines] == ["late"]


def test_another_partners_charges_stay_out(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    _two_requests(world)
    stranger = AssistWorld(sim, partner="globex")
    world.set_clock("2026-12-02T09:00:00Z")
    assert one_time(stranger.report_lines(*NOVEMBER)) == []
