"""A stateful property test of the HTTP API: two partners, three roles, creates, updates,
deletes, listings and clock moves (through the lifecycle engine); invariants checked after every
step, among them that no read changes anything."""

from __future__ import annotations

import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from simulator.lifecycle import CUSTOMER_STATUSES, SUBSCRIBER_STATUSES
from simulator.runtime import Runtime
from tests.simulator.support import (
    ADMIN,
    bearer,
    customer_body,
    running_simulator,
    subscriber_body,
)
from tests.simulator.test_lifecycle_engine import snapshot

PARTNERS = ("acme", "globex")
ROLES = ("full_admin", "provisioning_admin", "read_only_admin")
DELAY = 3600  # far longer than any example runs in real time, so only clock moves move things
CUSTOMERS = "/v1/wholesale/customers"
SUBSCRIBERS = "/v1/wholesale/subscribers"


@dataclass
class Books:
    """What one partner was told: acknowledged customers and subscribers."""

    customers: dict[str, str] = field(default_factory=dict)  # externalId -> id
    deleting: set[str] = field(default_factory=set)  # ids whose removal was accepted
    subscribers: dict[str, str] = field(default_factory=dict)  # id -> customer id


class SimulatorMachine(RuleBasedStateMachine):
    """Drives one simulator and keeps the books of what it acknowledged."""

    def __init__(self) -> None:
        super().__init__()
        self.resources = ExitStack()
        folder = self.resources.enter_context(tempfile.TemporaryDirectory(prefix="sim-stateful-"))
        self.sim = self.resources.enter_context(
            running_simulator(Path(folder), mode="clock", delay_seconds=DELAY)
        )
        self.client = self.sim.client
        self.books = {p: Books() for p in PARTNERS}
        self.tokens: dict[tuple[str, str], dict[str, str]] = {}

    @initialize()
    def mint_tokens(self) -> None:
        for partner in PARTNERS:
            for role in ROLES:
                self.tokens[(partner, role)] = self.sim.token(partner, role)

    def teardown(self) -> None:
        self.resources.close()

    def _call(self, partner: str, role: str, method: str, url: str, **kwargs: Any) -> Any:
        return self.client.request(method, url, headers=self.tokens[(partner, role)], **kwargs)

    @rule(
        partner=st.sampled_from(PARTNERS), role=st.sampled_from(ROLES), ext=st.sampled_from("abcd")
    )
    def create_customer(self, partner: str, role: str, ext: str) -> None:
        books = self.books[partner]
        answer = self._call(partner, role, "POST", CUSTOMERS, json=customer_body(ext))
        if role == "read_only_admin":
            assert answer.status_code == 403
        elif ext in books.customers:
            assert answer.status_code == 409, answer.text
        else:
            assert answer.status_code == 202, answer.text
            books.customers[ext] = answer.json()["url"].rsplit("/", 1)[1]

    @precondition(lambda self: any(b.customers for b in self.books.values()))
    @rule(data=st.data(), role=st.sampled_from(ROLES))
    def update_customer(self, data: st.DataObject, role: str) -> None:
        partner = data.draw(st.sampled_from([p for p in PARTNERS if self.books[p].customers]))
        customer_id = data.draw(st.sampled_from(sorted(self.books[partner].customers.values())))
        body = {"packages": ["webex_calling", "webex_meetings", "webex_suite"]}
        answer = self._call(partner, role, "PUT", f"{CUSTOMERS}/{customer_id}", json=body)
        expected = {403} if role == "read_only_admin" else {202, 409, 404}
        assert answer.status_code in expected, answer.text
        if answer.status_code == 404:
            assert customer_id in self.books[partner].deleting

    @precondition(lambda self: any(b.customers for b in self.books.values()))
    @rule(data=st.data())
    def delete_customer(self, data: st.DataObject) -> None:
        partner = data.draw(st.sampled_from([p for p in PARTNERS if self.books[p].customers]))
        customer_id = data.draw(st.sampled_from(sorted(self.books[partner].customers.values())))
        answer = self._call(partner, "full_admin", "DELETE", f"{CUSTOMERS}/{customer_id}")
        assert answer.status_code in (202, 404, 409), answer.text
        if answer.status_code == 202:
            self.books[partner].deleting.add(customer_id)
        if answer.status_code == 404:
            assert customer_id in self.books[partner].deleting

    @precondition(lambda self: any(b.customers for b in self.books.values()))
    @rule(data=st.data(), role=st.sampled_from(ROLES), user=st.integers(0, 5))
    def create_subscriber(self, data: st.DataObject, role: str, user: int) -> None:
        partner = data.draw(st.sampled_from([p for p in PARTNERS if self.books[p].customers]))
        customer_id = data.draw(st.sampled_from(sorted(self.books[partner].customers.values())))
        body = subscriber_body(customer_id, email=f"user{user}@{partner}.example")
        answer = self._call(partner, role, "POST", SUBSCRIBERS, json=body)
        if role == "read_only_admin":
            assert answer.status_code == 403
            return
        assert answer.status_code in (200, 404, 409), answer.text
        if answer.status_code == 200:
            self.books[partner].subscribers[answer.json()["id"]] = customer_id

    @precondition(lambda self: any(b.subscribers for b in self.books.values()))
    @rule(data=st.data())
    def delete_subscriber(self, data: st.DataObject) -> None:
        partner = data.draw(st.sampled_from([p for p in PARTNERS if self.books[p].subscribers]))
        subscriber_id = data.draw(st.sampled_from(sorted(self.books[partner].subscribers)))
        answer = self._call(
            partner, "provisioning_admin", "DELETE", f"{SUBSCRIBERS}/{subscriber_id}"
        )
        assert answer.status_code in (204, 404)
        if answer.status_code == 404:
            assert self.books[partner].subscribers[subscriber_id] in self.books[partner].deleting
        del self.books[partner].subscribers[subscriber_id]

    @rule(seconds=st.sampled_from([1, DELAY + 1]))
    def move_clock(self, seconds: int) -> None:
        answer = self.client.post(
            "/_sim/clock", json={"advance": f"PT{seconds}S"}, headers=bearer(ADMIN)
        )
        assert answer.status_code == 200

    def _listing(self, partner: str, url: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        next_url: str | None = f"{url}?max=2"
        while next_url:
            answer = self._call(partner, "read_only_admin", "GET", next_url)
            assert answer.status_code == 200, answer.text
            items += answer.json()["items"]
            link = answer.headers.get("Link")
            next_url = link[1 : link.index(">")] if link else None
        return items

    def _forget_gone(self, partner: str, listed_ids: set[str]) -> None:
        books = self.books[partner]
        gone = {c for c in books.deleting if c not in listed_ids}
        books.customers = {e: c for e, c in books.customers.items() if c not in gone}
        books.subscribers = {s: c for s, c in books.subscribers.items() if c not in gone}
        books.deleting -= gone

    @invariant()
    def reads_agree_with_the_books_and_change_nothing(self) -> None:
        """Clock moves run the lifecycle engine, so after any step nothing is due: every table
        (the call log aside: it records the calls) is the same before and after the reads that
        check the books, which are the step's first reads."""
        if not self.tokens:
            return
        runtime = self.client.app.state.runtime
        assert isinstance(runtime, Runtime)
        before = snapshot(runtime)
        self._partners_see_exactly_their_acknowledged_customers()
        self._subscribers_agree_with_the_books()
        assert snapshot(runtime) == before, "a read changed the simulator's data"

    def _partners_see_exactly_their_acknowledged_customers(self) -> None:
        for partner in PARTNERS:
            listed = self._listing(partner, CUSTOMERS)
            ids = {c["id"] for c in listed}
            assert len(ids) == len(listed)
            self._forget_gone(partner, ids)
            books = self.books[partner]
            assert ids == set(books.customers.values()), (
                "acknowledged customer lost or foreign one seen"
            )
            for customer in listed:
                assert customer["status"] in CUSTOMER_STATUSES
                got = self._call(partner, "read_only_admin", "GET", f"{CUSTOMERS}/{customer['id']}")
                assert got.status_code == 200 and got.json() == customer
                other = PARTNERS[1 - PARTNERS.index(partner)]
                hidden = self._call(other, "full_admin", "GET", f"{CUSTOMERS}/{customer['id']}")
                assert hidden.status_code == 404

    def _subscribers_agree_with_the_books(self) -> None:
        for partner in PARTNERS:
            listed = self._listing(partner, SUBSCRIBERS)
            ids = [s["id"] for s in listed]
            assert len(ids) == len(set(ids)), f"a subscriber listed twice: {ids}"
            assert set(ids) == set(self.books[partner].subscribers)
            for subscriber in listed:
                assert subscriber["status"] in SUBSCRIBER_STATUSES
                assert self.books[partner].subscribers[subscriber["id"]] == subscriber["customerId"]


SimulatorMachine.TestCase.settings = settings(
    max_examples=12, stateful_step_count=12, deadline=None
)
test_simulator_state_machine = SimulatorMachine.TestCase
