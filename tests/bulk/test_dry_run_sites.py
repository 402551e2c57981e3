"""The dry run's own checks of locations and Setup Assist requests (no API needed): seats as
the server will count them, the SKU and deadline, the partner gate, and rows it cannot check."""

from __future__ import annotations

import asyncio
import datetime as dt

from bulk.client.models import Location, Subscriber
from bulk.importer.dry_run_sites import (
    AssistGate,
    ServerSide,
    assist_outcome,
    location_outcomes,
    seats_at,
    subscriber_location_failure,
)
from bulk.importer.inputs import AssistInput, CustomerInput, LocationInput, SubscriberInput
from bulk.importer.outcome import Failure
from bulk.importer.plan import AssistStep, CustomerPlan, LocationStep, SubscriberStep
from bulk.rules.deadline import earliest_completion_date
from bulk.web.waits import WaitReason, WaitWatch

SUBMITTED = dt.date(2026, 11, 25)


def _plan(
    subscribers: list[tuple[str, str, str]], locations: tuple[str, ...] = ("HQ",)
) -> CustomerPlan:
    plan = CustomerPlan(CustomerInput(2, "c1", packages=("webex_calling",)), "customer:c1")
    for i, name in enumerate(locations):
        row = LocationInput(2 + i, "c1", name, country="US", state="TX")
        plan.locations.append(LocationStep(row, f"location:{name}", False))
    for i, (email, action, where) in enumerate(subscribers):
        row = SubscriberInput(
            2 + i, "c1", email, action, package="webex_calling", location_name=where
        )
        plan.subscribers.append(SubscriberStep(row, f"subscriber:{email}"))
    return plan


def _assist(when: dt.date, where: str = "HQ") -> AssistStep:
    return AssistStep(AssistInput(2, "c1", where, when), f"assist:{where}")


def _server(*emails_at_hq: str) -> ServerSide:
    hq = Location("loc-1", "HQ", "org-1", {"address": {"country": "US", "state": "TX"}})
    people = tuple(
        Subscriber(f"s{i}", e, "cust-1", "provisioned", (), {"locationId": "loc-1"})
        for i, e in enumerate(emails_at_hq)
    )
    return ServerSide("cust-1", (hq,), people)


def test_seats_count_the_server_less_deletions_and_moves_plus_the_workbook() -> None:
    plan = _plan(
        [("a@x.com", "create", "HQ"), ("b@x.com", "delete", ""), ("c@x.com", "update", "Lab")]
    )
    server = _server("b@x.com", "c@x.com", "d@x.com")
    assert seats_at(plan, server, "HQ") == 2  # d (server) + a (workbook); b deleted, c moved


def test_six_seats_order_standard_and_the_deadline_is_the_servers() -> None:
    plan = _plan([(f"u{i}@x.com", "create", "HQ") for i in range(6)])
    earliest = earliest_completion_date(SUBMITTED, "US", "TX")  # what the server computes
    ok = assist_outcome(plan, _assist(earliest), ServerSide(), AssistGate(), SUBMITTED)
    assert ok.status == "checked" and ok.detail is not None
    assert ok.detail.startswith(f"STANDARD × 6 (6 seats); earliest completion {earliest}")
    day_before = earliest - dt.timedelta(days=1)
    soon = assist_outcome(plan, _assist(day_before), ServerSide(), AssistGate(), SUBMITTED)
    assert soon.status == "failed" and soon.error_code == "assist-deadline"


def test_a_location_without_subscribers_has_no_seats() -> None:
    found = assist_outcome(
        _plan([]), _assist(dt.date(2027, 1, 8)), ServerSide(), AssistGate(), SUBMITTED
    )
    assert found.status == "failed" and found.error_code == "assist-no-seats"


def test_the_partner_gate_fails_every_request_and_an_unknown_one_checks_none() -> None:
    plan = _plan([("a@x.com", "create", "HQ")])
    gate = AssistGate(Failure.of("assist-not-entitled", partner="P"))
    assert assist_outcome(
        plan, _assist(dt.date(2027, 1, 8)), ServerSide(), gate, SUBMITTED
    ).error_code == ("assist-not-entitled")
    unknown = AssistGate(unknown="the API did not answer")
    found = assist_outcome(plan, _assist(dt.date(2027, 1, 8)), ServerSide(), unknown, SUBMITTED)
    assert found.status == "not checked" and found.detail == "the API did not answer"


def test_locations_repeated_reused_or_created() -> None:
    plan = _plan([], locations=("HQ", "Lab", "hq"))
    statuses = [(o.status, o.error_code) for o in location_outcomes(plan, _server())]
    assert statuses == [("exists", None), ("checked", None), ("failed", "row-duplicate-key")]


def test_a_calling_subscriber_needs_a_location_that_will_exist() -> None:
    plan = _plan(
        [("a@x.com", "create", ""), ("b@x.com", "create", "Nowhere"), ("c@x.com", "create", "HQ")]
    )
    found = [subscriber_location_failure(plan, s, ServerSide()) for s in plan.subscribers]
    assert [f.code if f else None for f in found] == [
        "calling-location-required",
        "ref-unknown-location",
        None,
    ]


def test_waits_count_rows_and_remember_since_when() -> None:
    now = [1000.0]
    released = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await released.wait()

    watch = WaitWatch(clock=lambda: now[0], sleep=sleep)

    async def scenario() -> None:
        first = asyncio.create_task(watch.provisioning_sleep(1))
        await asyncio.sleep(0)
        now[0] = 1005.0
        second = asyncio.create_task(watch.provisioning_sleep(1))
        await asyncio.sleep(0)
        [wait] = watch.snapshot()
        assert (wait.reason, wait.rows, wait.since) == (WaitReason.PROVISIONING, 2, 1000.0)
        released.set()
        await asyncio.gather(first, second)
        now[0] = 1100.0
        assert watch.snapshot() == []

    asyncio.run(scenario())
