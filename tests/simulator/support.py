"""The test harness of every test that needs a simulator in this process, and the request
bodies and small helpers the simulator's tests share.

:func:`running_simulator` builds one through the simulator's public surface only
(``create_app``, ``Settings`` and the HTTP API with its ``/_sim`` control plane) and yields a
:class:`Sim`: a test client, the admin token, partner tokens, the clock moves, and an ASGI
transport for the toolkit's own async clients. The ``sim`` fixture (tests/conftest.py, and the
SQLite + PostgreSQL one of tests/simulator/conftest.py) is this harness on a temporary SQLite
file; a test that also asks for ``frozen_time`` gets a clock that only the test moves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
from starlette.testclient import TestClient

from simulator.app import create_app
from simulator.clock import Clock
from simulator.settings import Settings

ADMIN = "test-admin-token"
PROVISIONING_ID = "ZjViMzYxODctYzhkZC00NzI3LThiMmYtZjljNDQ3ZjI5MDQ2"
"""The reference's example provisioning ID: :meth:`Sim.token` gives every test partner a
customer template with it, so :func:`customer_body` can send it."""

FROZEN_START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
"""Where a test simulator's frozen time starts (a Monday); ``POST /_sim/clock`` moves it."""


class FrozenTime:
    """A time source for the simulator's :class:`simulator.clock.Clock` that stands still
    unless a test moves it, so a timestamp the simulator writes is exactly the instant the test
    set, never "that instant plus however long the test took"."""

    def __init__(self, start: datetime = FROZEN_START) -> None:
        self.instant = start

    def __call__(self) -> datetime:
        return self.instant

    def move(self, by: timedelta) -> None:
        """Let ``by`` pass (as if the machine's clock ran)."""
        self.instant += by


def bearer(token: str) -> dict[str, str]:
    """An Authorization header."""
    return {"Authorization": f"Bearer {token}"}


def address(**changes: Any) -> dict[str, Any]:
    """A valid US billing address."""
    return {
        "addressLine1": "771 Alder Drive",
        "city": "Milpitas",
        "stateOrProvince": "CA",
        "zipOrPostalCode": "95035",
        "country": "US",
        **changes,
    }


def customer_body(external_id: str = "ext-1", **changes: Any) -> dict[str, Any]:
    """A valid provisioning body with a calling package and its calling location."""
    return {
        "provisioningId": PROVISIONING_ID,
        "packages": ["webex_calling", "webex_meetings"],
        "externalId": external_id,
        "address": address(),
        "customerInfo": {"name": "Acme Pizza", "primaryEmail": "owner@acme.example"},
        "provisioningParameters": {
            "calling": {
                "location": {
                    "name": "Head Office",
                    "address": address(),
                    "timezone": "America/Los_Angeles",
                    "language": "en_us",
                }
            }
        },
        **changes,
    }


def subscriber_body(
    customer_id: str, email: str = "alice@acme.example", **changes: Any
) -> dict[str, Any]:
    """A valid meetings subscriber body (no location or number needed)."""
    return {
        "customerId": customer_id,
        "email": email,
        "packages": ["webex_meetings"],
        "provisioningParameters": {"firstName": "Alice", "lastName": "Anders"},
        **changes,
    }


class Sim:
    """A simulator app under test: a client, the admin token, and token minting."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.admin = bearer(ADMIN)

    def mint(self, partner: str = "acme", role: str = "full_admin", **extra: Any) -> str:
        """A fresh token (its partner, created when new, holds a customer template with
        :data:`PROVISIONING_ID`)."""
        body = {"partner": partner, "role": role, "provisioningId": PROVISIONING_ID, **extra}
        answer = self.client.post("/_sim/tokens", json=body, headers=self.admin)
        assert answer.status_code == 201, answer.text
        return str(answer.json()["token"])

    def token(
        self, partner: str = "acme", role: str = "full_admin", **extra: Any
    ) -> dict[str, str]:
        """Authorization headers of a fresh token (see :meth:`mint`)."""
        return bearer(self.mint(partner, role, **extra))

    def transport(self) -> httpx2.ASGITransport:
        """An ASGI transport to this simulator, for the toolkit's async clients."""
        return httpx2.ASGITransport(app=self.client.app)

    def another_client(self) -> TestClient:
        """A second client of the same simulator at the same address (own cookies)."""
        return TestClient(self.client.app, base_url=str(self.client.base_url))

    def set_clock(self, now: str) -> None:
        """Set the simulator clock to an ISO-8601 instant."""
        answer = self.client.post("/_sim/clock", json={"now": now}, headers=self.admin)
        assert answer.status_code == 200, answer.text

    def organization(self, name: str) -> str:
        """The id of a new standalone Webex organization (to attach with ``orgId``)."""
        answer = self.client.post("/_sim/organizations", json={"name": name}, headers=self.admin)
        assert answer.status_code == 201, answer.text
        return str(answer.json()["orgId"])

    def transitions(self, mode: str, delay: float = 5) -> None:
        """Set the transition mode."""
        answer = self.client.put(
            "/_sim/transitions", json={"mode": mode, "delaySeconds": delay}, headers=self.admin
        )
        assert answer.status_code == 200, answer.text

    def advance_clock(self, duration: str) -> None:
        """Move the simulator clock forward."""
        answer = self.client.post("/_sim/clock", json={"advance": duration}, headers=self.admin)
        assert answer.status_code == 200, answer.text

    def customer(
        self, headers: dict[str, str], external_id: str = "ext-1", **changes: Any
    ) -> dict[str, Any]:
        """Provision a customer and return it as GET shows it (provisioned in immediate mode)."""
        answer = self.client.post(
            "/v1/wholesale/customers", json=customer_body(external_id, **changes), headers=headers
        )
        assert answer.status_code == 202, answer.text
        got = self.client.get(answer.json()["url"], headers=headers)
        assert got.status_code == 200, got.text
        body: dict[str, Any] = got.json()
        return body

    def location_id(self, headers: dict[str, str], org_id: str, name: str = "Head Office") -> str:
        """The id of a customer org's location, found by name."""
        found = self.client.get(
            "/v1/locations", params={"orgId": org_id, "name": name}, headers=headers
        )
        assert found.status_code == 200, found.text
        return str(found.json()["items"][0]["id"])


def assert_webex_error(answer: Any, status: int, code: str) -> dict[str, Any]:
    """The answer is a Webex error body with this status and (first) catalogue code."""
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    assert set(body) == {"message", "errors", "trackingId"}
    first = body["errors"][0]
    # The billing reports API answers its ReportError, {code: number, description}, with the
    # catalogue's code as catalogueCode; every other API {errorCode, code, description}.
    report_shape = isinstance(first["code"], int)
    assert (first["catalogueCode"] if report_shape else first["code"]) == code, body
    assert isinstance(first["code"] if report_shape else first["errorCode"], int)
    assert body["trackingId"] == answer.headers["TrackingID"]
    return body


@contextmanager
def running_simulator(
    folder: Path | None = None,
    *,
    db_url: str | None = None,
    mode: str = "immediate",
    time: FrozenTime | None = None,
    base_url: str = "http://testserver",
    reset: bool = False,
    **settings: Any,
) -> Iterator[Sim]:
    """A simulator in this process on a fresh SQLite file in ``folder`` (or on ``db_url``; with
    ``reset``, emptied first through ``POST /_sim/reset``), in transition ``mode``, with the
    admin token :data:`ADMIN` and any other :class:`Settings` given. Its clock runs with real
    time unless ``time`` is given: then only ``POST /_sim/clock`` or ``time.move`` moves it."""
    if db_url is None:
        if folder is None:
            raise ValueError("give a folder for the SQLite file, or a database URL")
        db_url = f"sqlite:///{folder / 'sim.sqlite'}"
    values = {"db_url": db_url, "admin_token": ADMIN, "transition_mode": mode, **settings}
    app = create_app(Settings.model_validate(values), clock=None if time is None else Clock(time))
    try:
        with TestClient(app, base_url=base_url) as client:
            sim = Sim(client)
            if reset:  # a shared database: forget what an earlier test left
                assert client.post("/_sim/reset", headers=sim.admin).status_code == 200
            yield sim
    finally:
        # The one place the harness reaches past the public surface: close the database
        # connections (a test run opens hundreds of simulators).
        app.state.runtime.store.dispose()
