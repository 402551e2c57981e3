"""The lifecycle engine: every resource moves only through it, before the route runs, in time
order; reads (GET routes and the backends' read methods) never write, even with moves due."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from simulator.auth import Principal, Role
from simulator.billing.models import BillingBackend
from simulator.customers.models import CustomersBackend
from simulator.db.tables import Base, Partner, RequestLogEntry
from simulator.lifecycle import CustomerStatus, ReportStatus, SubscriberStatus
from simulator.lifecycle.engine import advance_store, anything_due, due
from simulator.paging import Window
from simulator.runtime import Runtime
from simulator.setup_assist.models import SetupAssistBackend
from simulator.subscribers.filters import SubscriberFilter
from simulator.subscribers.models import SubscribersBackend
from tests.simulator.setup_assist_support import ASSIST, REPORTS, AssistWorld, request_body
from tests.simulator.support import (
    FrozenTime,
    Sim,
    assert_webex_error,
    customer_body,
    subscriber_body,
)

CUSTOMERS = "/v1/wholesale/customers"
SUBSCRIBERS = "/v1/wholesale/subscribers"
JANUARY = {"billingStartDate": "2026-10-01", "billingEndDate": "2026-10-31"}
UNLOGGED = {RequestLogEntry.__tablename__}
"""The call log is the one table a read writes: it records the call itself."""


def _runtime(sim: Sim) -> Runtime:
    runtime = sim.client.app.state.runtime  # type: ignore[attr-defined]
    assert isinstance(runtime, Runtime)
    return runtime


def snapshot(runtime: Runtime) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (but the call log), so any write shows as a difference: row
    counts, statuses and every ``updated``/``status_changed_at`` stamp."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with runtime.store.read() as session:
        for table in Base.metadata.sorted_tables:
            if table.name not in UNLOGGED:
                rows = session.execute(select(table)).all()
                found[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return found


def _world_with_moves_due(sim: Sim, frozen_time: FrozenTime) -> tuple[AssistWorld, dict[str, str]]:
    """A partner with one resource of each kind waiting on a timed move, and the clock moved
    (by the time source alone, so no request ran the engine) past every move's due time."""
    world = AssistWorld(sim).ready()
    customer, location = world.site("c1", seats=2)
    sim.client.post("/_sim/freeAccounts", json={"emails": ["free@acme.example"]}, headers=sim.admin)
    sim.transitions("clock", 60)
    pending = sim.client.post(
        SUBSCRIBERS,
        json=subscriber_body(customer["id"], email="free@acme.example"),
        headers=world.headers,
    ).json()
    consent = f"/v1/subscribers/{pending['id']}/emails/consentMove"
    assert sim.client.post(consent, headers=world.headers).status_code == 204
    report = sim.client.post(REPORTS, json=JANUARY, headers=world.headers).json()
    assist = world.submit(request_body(customer, location, "2026-12-15")).json()
    updating = sim.client.put(
        f"{CUSTOMERS}/{customer['id']}",
        json={"packages": customer["packages"]},
        headers=world.headers,
    )
    assert updating.status_code == 202, updating.text
    frozen_time.move(timedelta(minutes=5))
    ids = {"customer": customer["id"], "subscriber": pending["id"], "report": report["id"]}
    return world, {**ids, "assist": assist["id"]}


def test_backend_reads_write_nothing_even_with_moves_due(sim: Sim, frozen_time: FrozenTime) -> None:
    _, ids = _world_with_moves_due(sim, frozen_time)
    runtime = _runtime(sim)
    before = snapshot(runtime)
    with runtime.store.read() as session:
        partner = session.scalar(select(Partner).where(Partner.name == "acme"))
        assert partner is not None
        principal = Principal(partner.id, partner.name, partner.org_id, Role.FULL_ADMIN, "p")
    window = Window(0, 100)
    customers = CustomersBackend(runtime, principal)
    customers.list(external_id=None, org_id=None, statuses=[], sub_partner=None, window=window)
    assert customers.get(ids["customer"], None).status == CustomerStatus.UPDATING
    subscribers = SubscribersBackend(runtime, principal)
    subscribers.list(SubscriberFilter(), None, window)
    status = subscribers.get(ids["subscriber"], None)[0].status
    assert status == SubscriberStatus.PENDING_USER_MIGRATION
    billing = BillingBackend(runtime, principal)
    assert billing.get(ids["report"])[0].status == ReportStatus.IN_PROGRESS
    billing.list(
        start=None,
        end=None,
        report_type=None,
        status=None,
        sub_partner=None,
        sort_by=None,
        window=window,
    )
    assist = SetupAssistBackend(runtime, principal)
    assert assist.get(ids["assist"]).request.status == "submitted"
    assist.list(None, None, window)
    assert snapshot(runtime) == before


def _looked_and_found(runtime: Runtime) -> tuple[bool, bool]:
    """The one-query look before a request, and whether the finders find any move."""
    with runtime.store.read() as session:
        state = runtime.store.state(session)
        now = runtime.clock.now(state)
        return anything_due(session, state, now), bool(due(session, state, now))


def test_the_look_before_a_request_agrees_with_the_finders(
    sim: Sim, frozen_time: FrozenTime
) -> None:
    _world_with_moves_due(sim, frozen_time)
    runtime = _runtime(sim)
    assert _looked_and_found(runtime) == (True, True)
    advance_store(runtime.store, runtime.clock)
    assert _looked_and_found(runtime) == (False, False)
    frozen_time.move(timedelta(days=30))
    looked, found = _looked_and_found(runtime)
    assert looked == found


def test_the_engine_moves_before_the_route_and_get_routes_write_nothing(
    sim: Sim, frozen_time: FrozenTime
) -> None:
    world, ids = _world_with_moves_due(sim, frozen_time)
    runtime = _runtime(sim)
    due = snapshot(runtime)
    advance_store(runtime.store, runtime.clock)
    moved = snapshot(runtime)
    assert moved != due
    reads = [
        f"{CUSTOMERS}/{ids['customer']}",
        CUSTOMERS,
        f"{SUBSCRIBERS}/{ids['subscriber']}",
        SUBSCRIBERS,
        f"{REPORTS}/{ids['report']}",
        REPORTS,
        f"{ASSIST}/requests/{ids['assist']}",
        f"{ASSIST}/requests",
        "/v1/locations",
        "/v1/wholesale/subPartners",
    ]
    answers = {url: sim.client.get(url, headers=world.headers) for url in reads}
    assert all(answer.status_code == 200 for answer in answers.values()), answers
    assert answers[reads[0]].json()["status"] == "provisioned"
    assert answers[reads[2]].json()["status"] == "provisioned"
    assert answers[reads[4]].json()["status"] == "COMPLETED"
    assert answers[reads[6]].json()["status"] == "accepted"
    for url in ("/_sim/clock", "/_sim/transitions", "/_sim/partners"):
        assert sim.client.get(url, headers=sim.admin).status_code == 200
    assert snapshot(runtime) == moved


def test_a_get_sees_what_was_due_already_moved(sim: Sim, frozen_time: FrozenTime) -> None:
    world, ids = _world_with_moves_due(sim, frozen_time)
    got = sim.client.get(f"{REPORTS}/{ids['report']}", headers=world.headers).json()
    assert got["status"] == "COMPLETED"


def test_pending_rpl_review_is_approved_or_rejected_through_the_control_plane(sim: Sim) -> None:
    headers = sim.token()
    plan = {"seed": 1, "rules": [{"method": "POST", "route": CUSTOMERS, "outcome": "error"}]}
    assert sim.client.put("/_sim/faults", json=plan, headers=sim.admin).status_code == 200
    sim.transitions("manual")
    held = []
    for external_id in ("ext-1", "ext-2"):
        answer = sim.client.post(CUSTOMERS, json=_customer(external_id), headers=headers)
        customer_id = answer.json()["url"].rsplit("/", 1)[1]
        moved = sim.client.post(
            f"/_sim/customers/{customer_id}/advance",
            json={"status": "pending_rpl_review"},
            headers=sim.admin,
        )
        assert moved.json()["status"] == "pending_rpl_review"
        held.append(customer_id)
    review = "/_sim/customers/{}/review"
    approved = sim.client.post(
        review.format(held[0]), json={"decision": "approve"}, headers=sim.admin
    )
    assert approved.json() == {"id": held[0], "status": "provisioned"}
    got = sim.client.get(f"{CUSTOMERS}/{held[0]}", headers=headers).json()
    assert got["status"] == "provisioned" and got["orgId"]
    rejected = sim.client.post(
        review.format(held[1]), json={"decision": "reject"}, headers=sim.admin
    )
    assert rejected.json()["status"] == "error"
    again = sim.client.post(review.format(held[1]), json={"decision": "approve"}, headers=sim.admin)
    assert_webex_error(again, 409, "api-conflict")


def _customer(external_id: str) -> dict[str, Any]:
    body: dict[str, Any] = customer_body(external_id)
    body["customerInfo"] = {"name": "Acme", "primaryEmail": f"owner-{external_id}@acme.example"}
    return body


def test_a_deletion_due_first_takes_a_due_migration_with_it(
    sim: Sim, frozen_time: FrozenTime
) -> None:
    headers = sim.token()
    customer = sim.customer(headers)
    sim.client.post("/_sim/freeAccounts", json={"emails": ["free@acme.example"]}, headers=sim.admin)
    sim.transitions("clock", 60)
    body = subscriber_body(customer["id"], email="free@acme.example")
    pending = sim.client.post(SUBSCRIBERS, json=body, headers=headers).json()
    frozen_time.move(timedelta(seconds=30))
    consent = f"/v1/subscribers/{pending['id']}/emails/consentMove"
    assert sim.client.post(consent, headers=headers).status_code == 204
    frozen_time.move(timedelta(seconds=-30))  # the deletion starts before the consent
    removed = sim.client.delete(f"{CUSTOMERS}/{customer['id']}", headers=headers)
    assert removed.status_code == 202
    frozen_time.move(timedelta(minutes=5))
    gone = sim.client.get(f"{SUBSCRIBERS}/{pending['id']}", headers=headers)
    assert_webex_error(gone, 404, "api-not-found")
    assert_webex_error(
        sim.client.get(f"{CUSTOMERS}/{customer['id']}", headers=headers), 404, "api-not-found"
    )
