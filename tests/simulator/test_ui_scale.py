"""With 10,000 subscribers loaded every dashboard page answers, and none lists everything: each
page shows at most one page of rows and offers paging. Each page's time is printed (the
assertions are on structure, not on timings, which depend on the machine)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert
from starlette.testclient import TestClient

from simulator import ids
from simulator.db.tables import Customer, Location, PackageAssignment, Subscriber
from simulator.ui.render import PAGE_SIZE
from tests.simulator.support import ADMIN, PROVISIONING_ID, bearer, customer_body
from tests.simulator.ui_support import (
    Browser,
    another_browser,
    dashboard_app,
    pager_text,
    table_rows,
)

SUBSCRIBERS = 10_000
CUSTOMERS = 100


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """A simulator holding one partner with 100 customers and 10,000 subscribers."""
    folder = tmp_path_factory.mktemp("scale")
    with dashboard_app(folder) as client:
        token = client.post(
            "/_sim/tokens",
            json={"partner": "bulk", "role": "full_admin", "provisioningId": PROVISIONING_ID},
            headers=bearer(ADMIN),
        ).json()["token"]
        for number in range(CUSTOMERS):
            answer = client.post(
                "/v1/wholesale/customers",
                json=customer_body(f"bulk-{number:03d}"),
                headers=bearer(token),
            )
            assert answer.status_code == 202
        client.get("/v1/wholesale/customers", headers=bearer(token))  # settles them all
        _insert_subscribers(client)
        yield client, token


def _insert_subscribers(client: TestClient) -> None:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    with runtime.store.transaction() as session:
        customers = session.query(Customer).order_by(Customer.external_id).all()
        places = {row.org_id: row.id for row in session.query(Location.org_id, Location.id).all()}
        people, history = [], []
        for number in range(SUBSCRIBERS):
            customer = customers[number % len(customers)]
            subscriber_id = ids.new_id(ids.SUBSCRIBER)
            email = f"user{number:05d}@bulk.example"
            people.append(
                {
                    "id": subscriber_id,
                    "partner_id": customer.partner_id,
                    "customer_id": customer.id,
                    "person_id": ids.new_id(ids.PEOPLE),
                    "email": email,
                    "first_name": "User",
                    "last_name": f"{number:05d}",
                    "package": "webex_calling",
                    "extension": str(1000 + number // len(customers)),
                    "location_id": places[customer.org_id],
                    "status": "provisioned",
                    "created_at": now,
                    "last_status_change": now,
                }
            )
            history.append(
                {
                    "partner_id": customer.partner_id,
                    "customer_id": customer.id,
                    "external_customer_id": customer.external_id,
                    "subscriber_id": subscriber_id,
                    "email": email,
                    "package": "webex_calling",
                    "start": now,
                }
            )
        session.execute(insert(Subscriber), people)
        session.execute(insert(PackageAssignment), history)


def test_every_page_answers_with_ten_thousand_subscribers(
    loaded: tuple[TestClient, str], capsys: pytest.CaptureFixture[str]
) -> None:
    client, token = loaded
    partner, trainer = Browser(client), another_browser(client)
    partner.login_partner(token)
    trainer.login_admin()
    customer = client.get(
        "/v1/wholesale/customers", params={"externalId": "bulk-000"}, headers=bearer(token)
    ).json()["items"][0]["id"]
    base = "/ui/partners/1"
    pages = {
        "overview": (base, None),
        "customers": (f"{base}/customers", "customers"),
        "customer": (f"{base}/customers/{customer}", None),
        "subscribers": (f"{base}/subscribers", "subscribers"),
        "subscribers, last page": (f"{base}/subscribers?offset=9990", "subscribers"),
        "subscribers of a customer": (f"{base}/subscribers?customer={customer}", "subscribers"),
        "locations": (f"{base}/locations", "locations"),
        "setup assist": (f"{base}/assist", "requests"),
        "billing": (f"{base}/billing", "reports"),
        "subscriber form": (f"{base}/customers/{customer}/subscribers/new", None),
        "call log": ("/ui/calls", "calls"),
    }
    timings = []
    for name, (path, listing) in pages.items():
        started = time.perf_counter()
        answer = partner.get(path)
        timings.append((name, (time.perf_counter() - started) * 1000))
        assert answer.status_code == 200, (name, answer.text[:500])
        if listing and table_rows(answer.text):
            assert table_rows(answer.text) <= PAGE_SIZE, name
            assert f"{listing}" in pager_text(answer.text), name
        elif listing:  # nothing to list: one empty state, no pager saying it again
            assert '<nav class="pager"' not in answer.text, name
    for name, path in (("trainer: partners", "/ui"), ("trainer: controls", "/ui/trainer")):
        started = time.perf_counter()
        assert trainer.get(path).status_code == 200
        timings.append((name, (time.perf_counter() - started) * 1000))
    with capsys.disabled():
        print(f"\ndashboard pages with {SUBSCRIBERS} subscribers ({CUSTOMERS} customers):")
        for name, ms in timings:
            print(f"  {name:<28} {ms:8.1f} ms")


def test_listings_page_through_all_ten_thousand(loaded: tuple[TestClient, str]) -> None:
    client, token = loaded
    partner = Browser(client)
    partner.login_partner(token)
    first = partner.get("/ui/partners/1/subscribers").text
    assert table_rows(first) == PAGE_SIZE
    assert pager_text(first) == f"Showing 1–{PAGE_SIZE} of {SUBSCRIBERS} subscribers"
    assert 'rel="next"' in first
    last = partner.get("/ui/partners/1/subscribers", offset=str(SUBSCRIBERS - 10)).text
    assert table_rows(last) == 10
    assert pager_text(last) == f"Showing 9991–{SUBSCRIBERS} of {SUBSCRIBERS} subscribers"
    assert 'rel="next"' not in last
    customers = partner.get("/ui/partners/1/customers").text
    assert pager_text(customers) == f"Showing 1–{PAGE_SIZE} of {CUSTOMERS} customers"
    overview = partner.get("/ui/partners/1").text
    assert f'<td class="num">{SUBSCRIBERS}</td>' in overview  # counted, not listed
