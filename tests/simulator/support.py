"""Request bodies and small helpers shared by the simulator's tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.testclient import TestClient

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

    def token(
        self, partner: str = "acme", role: str = "full_admin", **extra: Any
    ) -> dict[str, str]:
        """Authorization headers of a fresh token (its partner holds a customer template with
        :data:`PROVISIONING_ID`)."""
        body = {"partner": partner, "role": role, "provisioningId": PROVISIONING_ID, **extra}
        answer = self.client.post("/_sim/tokens", json=body, headers=self.admin)
        assert answer.status_code == 201, answer.text
        return bearer(answer.json()["token"])

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
