"""A small world for the Setup Assist and billing tests: a partner that may order A-Wholesale
and be ready, customers whose calling location sits in a chosen country, and seats there."""

from __future__ import annotations

import csv
import io
from typing import Any

from httpx2 import Response

from tests.simulator.support import Sim, customer_body

ASSIST = "/v1/wholesale/setupAssist"
REPORTS = "/v1/wholesale/billing/reports"

ADDRESSES: dict[str, dict[str, str]] = {
    "US-NY": {
        "addressLine1": "350 Fifth Avenue",
        "city": "New York",
        "stateOrProvince": "NY",
        "zipOrPostalCode": "10118",
        "country": "US",
    },
    "US-IL": {
        "addressLine1": "1 Main St",
        "city": "Springfield",
        "stateOrProvince": "IL",
        "zipOrPostalCode": "62701",
        "country": "US",
    },
    "US-CA": {
        "addressLine1": "771 Alder Drive",
        "city": "Milpitas",
        "stateOrProvince": "CA",
        "zipOrPostalCode": "95035",
        "country": "US",
    },
    "GB": {
        "addressLine1": "1 Baker Street",
        "city": "London",
        "zipOrPostalCode": "NW1 6XE",
        "country": "GB",
    },
    "DE": {
        "addressLine1": "Unter den Linden 1",
        "city": "Berlin",
        "zipOrPostalCode": "10117",
        "country": "DE",
    },
}
ZONES = {
    "US-NY": "America/New_York",
    "US-IL": "America/Chicago",
    "US-CA": "America/Los_Angeles",
    "GB": "Europe/London",
}


class AssistWorld:
    """One partner's view of the simulator, with Setup Assist helpers."""

    def __init__(self, sim: Sim, partner: str = "acme", role: str = "full_admin") -> None:
        self.sim = sim
        self.client = sim.client
        self.partner = partner
        self.headers = sim.token(partner, role)
        self._subscribers = 0

    def set_clock(self, now: str) -> None:
        """Put the simulator clock at ``now`` (ISO-8601 UTC)."""
        answer = self.client.post("/_sim/clock", json={"now": now}, headers=self.sim.admin)
        assert answer.status_code == 200, answer.text

    def order_a_wholesale(self, number: str = "CCW-0001", quantity: int = 1) -> Response:
        """Order A-Wholesale."""
        body = {"sku": "A-Wholesale", "quantity": quantity, "orderNumber": number}
        return self.client.post(f"{ASSIST}/entitlement", json=body, headers=self.headers)

    def set_readiness(self, pstn: bool = True, hosting: bool = True, oss: bool = True) -> Response:
        """Mark the partner's readiness items."""
        body = {"pstnConnectivity": pstn, "hostingRequirements": hosting, "ossBss": oss}
        return self.client.put(f"{ASSIST}/readiness", json=body, headers=self.headers)

    def ready(self) -> AssistWorld:
        """Entitled and ready: every partner-level rule satisfied."""
        assert self.order_a_wholesale().status_code == 201
        assert self.set_readiness().status_code == 200
        return self

    def set_discount(self, discount: str) -> None:
        """Give the partner a discount off list prices (control plane)."""
        answer = self.client.put(
            f"/_sim/assist/partners/{self.partner}/terms",
            json={"discount": discount},
            headers=self.sim.admin,
        )
        assert answer.status_code == 200, answer.text

    def customer(self, external_id: str, where: str = "US-NY", **changes: Any) -> dict[str, Any]:
        """A customer whose calling location "Head Office" is at the address ``where``."""
        address = ADDRESSES[where]
        location = {
            "name": "Head Office",
            "address": address,
            "timezone": ZONES.get(where, "Europe/Berlin"),
            "language": "en_us",
        }
        body = customer_body(
            external_id,
            address=address,
            provisioningParameters={"calling": {"location": location}},
            **changes,
        )
        answer = self.client.post("/v1/wholesale/customers", json=body, headers=self.headers)
        assert answer.status_code == 202, answer.text
        got = self.client.get(answer.json()["url"], headers=self.headers)
        assert got.status_code == 200, got.text
        found: dict[str, Any] = got.json()
        return found

    def location_id(self, customer: dict[str, Any]) -> str:
        """The id of the customer's calling location."""
        return self.sim.location_id(self.headers, customer["orgId"])

    def add_seats(self, customer: dict[str, Any], location_id: str, count: int) -> list[str]:
        """Provision ``count`` calling subscribers at the location; their ids."""
        made = []
        for _ in range(count):
            self._subscribers += 1
            n = self._subscribers
            body = {
                "customerId": customer["id"],
                # An email is one identity across every partner: the partner is part of it.
                "email": f"user{n}.{customer['externalId']}.{self.partner}@example.com",
                "packages": ["webex_calling"],
                "provisioningParameters": {
                    "firstName": "User",
                    "lastName": f"N{n}",
                    "extension": str(1000 + n),
                    "locationId": location_id,
                },
            }
            answer = self.client.post("/v1/wholesale/subscribers", json=body, headers=self.headers)
            assert answer.status_code == 200, answer.text
            made.append(str(answer.json()["id"]))
        return made

    def site(
        self, external_id: str, seats: int, where: str = "US-NY"
    ) -> tuple[dict[str, Any], str]:
        """A provisioned customer with ``seats`` subscribers at its calling location."""
        customer = self.customer(external_id, where)
        location = self.location_id(customer)
        self.add_seats(customer, location, seats)
        return customer, location

    def submit(self, body: dict[str, Any]) -> Response:
        """``POST /requests``."""
        return self.client.post(f"{ASSIST}/requests", json=body, headers=self.headers)

    def report_lines(self, start: str, end: str, kind: str = "CUSTOMER") -> list[dict[str, str]]:
        """Create a report (immediate mode completes it at once) and read its CSV rows."""
        created = self.client.post(
            REPORTS,
            json={"billingStartDate": start, "billingEndDate": end, "type": kind},
            headers=self.headers,
        )
        assert created.status_code == 200, created.text
        report = self.client.get(f"{REPORTS}/{created.json()['id']}", headers=self.headers)
        assert report.json()["status"] == "COMPLETED", report.text
        text = self.client.get(report.json()["tempDownloadURL"]).text
        return list(csv.DictReader(io.StringIO(text)))


def request_body(
    customer: dict[str, Any], location_id: str, completion: str, **changes: Any
) -> dict[str, Any]:
    """A Setup Assist request body (§7.1)."""
    return {
        "customerId": customer["id"],
        "locationId": location_id,
        "requestedCompletionDate": completion,
        "contact": {"name": "Dana Diaz", "email": "dana@example.com", "phone": "+12125550100"},
        "channel": "api",
        "networkCheckDone": True,
        "notes": "Front desk opens at 8.",
        **changes,
    }


def one_time(lines: list[dict[str, str]]) -> list[dict[str, str]]:
    """The Setup Assist one-time lines of a report."""
    return [line for line in lines if line["line_type"] == "one_time"]
