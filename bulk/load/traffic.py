"""The onboarding traffic itself: what one load user does for one customer, call by call.

It is written against a :class:`Caller` (send one named request, get its status, body and
headers) and an injected ``sleep``, not against Locust, so the same steps run under Locust's
gevent users (:mod:`bulk.load.users`) and, in tests, straight against the simulator app.
Request bodies come from the importer (:mod:`bulk.importer.payloads`): load traffic is exactly
what ``rtm import`` sends.

One journey: precheck the customer, provision it (202) and poll it until provisioned, find its
calling location, create its other locations, precheck and provision its subscribers, then
request Setup Assist for its locations. Separately, now and then, a billing report is created
and polled until it is ready. Every acknowledged resource goes into the :class:`Ledger`; every
refused call is counted by its error code and the journey stops there.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bulk.importer.payloads import (
    assist_body,
    customer_body,
    location_body,
    needs_calling_location,
    subscriber_body,
)
from bulk.load.config import LoadConfig
from bulk.load.ledger import Ledger
from bulk.load.workload import Journey

CUSTOMERS = "/v1/wholesale/customers"
SUBSCRIBERS = "/v1/wholesale/subscribers"
LOCATIONS = "/v1/locations"
ASSIST = "/v1/wholesale/setupAssist"
BILLING = "/v1/wholesale/billing/reports"
TERMINAL_CUSTOMER = ("provisioned", "provisioned_with_errors", "error")
TERMINAL_REPORT = ("COMPLETED", "FAILED")
REPORT_TYPES = ("PARTNER", "CUSTOMER", "USER")
MAX_MONTHS_BACK = 59
"""Billing periods must start less than five years back."""


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status (0 when the connection failed), JSON body, headers."""

    status: int
    body: Any
    headers: Mapping[str, str]


class Caller(Protocol):
    """Sends one request named ``op`` (the operation type it is counted under); ``ok`` are
    the statuses that count as success."""

    def __call__(
        self,
        op: str,
        method: str,
        path: str,
        *,
        ok: tuple[int, ...],
        body: Any = None,
        params: Mapping[str, str] | None = None,
    ) -> Reply:
        """Send the request and return the answer."""


def error_code(reply: Reply) -> str:
    """The catalogue code of a refused call (Webex error body), else ``http-<status>``, or
    ``connection-error`` when there was no answer."""
    if reply.status == 0:
        return "connection-error"
    body = reply.body
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            code = errors[0].get("code")
            if code:
                return str(code)
    return f"http-{reply.status}"


def resource_id(reply: Reply) -> str:
    """The new resource's id: the body's ``id``, else the last segment of ``Location`` or of
    the body's ``url``."""
    body = reply.body if isinstance(reply.body, dict) else {}
    if body.get("id"):
        return str(body["id"])
    url = reply.headers.get("location") or reply.headers.get("Location") or body.get("url") or ""
    return str(url).rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]


def billing_periods(today: dt.date, process: int, processes: int) -> Iterator[tuple[str, str, str]]:
    """Distinct (start, end, type) billing periods for a load process: whole past months,
    walking back from last month, each process taking its own months."""
    for months_back in range(1 + process, MAX_MONTHS_BACK + 1, processes):
        year, month = divmod(today.year * 12 + today.month - 1 - months_back, 12)
        start = dt.date(year, month + 1, 1)
        end = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)
        for kind in REPORT_TYPES:
            yield start.isoformat(), end.isoformat(), kind


class Onboarding:
    """The calls of one load user (one partner token) and what they acknowledged."""

    def __init__(
        self,
        call: Caller,
        ledger: Ledger,
        config: LoadConfig,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.call = call
        self.ledger = ledger
        self.config = config
        self.sleep = sleep

    def send(
        self,
        op: str,
        method: str,
        path: str,
        ok: tuple[int, ...],
        body: Any = None,
        params: Mapping[str, str] | None = None,
    ) -> Reply | None:
        """One call; ``None`` (and the error counted) unless its status is in ``ok``."""
        reply = self.call(op, method, path, ok=ok, body=body, params=params)
        if reply.status in ok:
            return reply
        self.ledger.error(error_code(reply))
        return None

    def prepare_partner(self) -> bool:
        """Order A-Wholesale (unless already ordered) and mark the partner ready, so Setup
        Assist requests are accepted."""
        entitled = self.send("entitlement.get", "GET", f"{ASSIST}/entitlement", (200, 404))
        if entitled is None:
            return False
        if entitled.status == 404:
            order = {"sku": "A-Wholesale", "quantity": 1, "orderNumber": "LOAD-A-WHOLESALE"}
            if not self.send("entitlement.order", "POST", f"{ASSIST}/entitlement", (201,), order):
                return False
        ready = {"pstnConnectivity": True, "hostingRequirements": True, "ossBss": True}
        return self.send("readiness.set", "PUT", f"{ASSIST}/readiness", (200,), ready) is not None

    def run(self, journey: Journey) -> bool:
        """Onboard one customer; ``True`` when every step was acknowledged."""
        self.ledger.journeys += 1
        first = journey.locations[0] if needs_calling_location(journey.customer) else None
        body = customer_body(journey.customer, first, self.config.provisioning_id)
        if not self.send("customer.precheck", "POST", f"{CUSTOMERS}/validate", (200,), body):
            return False
        created = self.send("customer.create", "POST", CUSTOMERS, (202,), body)
        if created is None:
            return False
        customer_id = resource_id(created)
        self.ledger.acknowledge("customers", customer_id)
        customer = self._provisioned(customer_id)
        if customer is None:
            return False
        sites = self._locations(journey, str(customer.get("orgId", "")), first is not None)
        if sites is None or not self._subscribers(journey, customer_id, sites):
            return False
        if not self._assists(journey, customer_id, sites):
            return False
        self.ledger.journeys_done += 1
        return True

    def _provisioned(self, customer_id: str) -> dict[str, Any] | None:
        deadline = time.monotonic() + self.config.provisioning_timeout
        interval = self.config.poll_seconds
        while True:
            reply = self.send("customer.poll", "GET", f"{CUSTOMERS}/{customer_id}", (200,))
            if reply is None:
                return None
            body: dict[str, Any] = reply.body
            status = body.get("status")
            if status == "provisioned":
                return body
            if status in TERMINAL_CUSTOMER or time.monotonic() > deadline:
                self.ledger.error(f"customer-{status}")
                return None
            self.sleep(interval)
            interval = min(interval * 1.5, 5.0)

    def _locations(self, journey: Journey, org_id: str, has_calling: bool) -> dict[str, str] | None:
        sites: dict[str, str] = {}
        if has_calling:
            listed = self.send("location.list", "GET", LOCATIONS, (200,), params={"orgId": org_id})
            if listed is None:
                return None
            sites = {str(i["name"]): str(i["id"]) for i in listed.body.get("items", [])}
        params = {"orgId": org_id}
        for location in journey.locations[1 if has_calling else 0 :]:
            body = location_body(location)
            reply = self.send("location.create", "POST", LOCATIONS, (201,), body, params)
            if reply is None:
                return None
            sites[location.name] = resource_id(reply)
            self.ledger.acknowledge("locations", sites[location.name])
        return sites

    def _subscribers(self, journey: Journey, customer_id: str, sites: dict[str, str]) -> bool:
        for index, subscriber in enumerate(journey.subscribers):
            body = subscriber_body(subscriber, customer_id, sites.get(subscriber.location_name))
            path = f"{SUBSCRIBERS}/validate"
            if index == 0 and not self.send("subscriber.precheck", "POST", path, (200,), body):
                return False
            reply = self.send("subscriber.create", "POST", SUBSCRIBERS, (200, 202), body)
            if reply is None:
                return False
            self.ledger.acknowledge("subscribers", resource_id(reply))
        return True

    def _assists(self, journey: Journey, customer_id: str, sites: dict[str, str]) -> bool:
        for assist in journey.assists:
            body = assist_body(assist, customer_id, sites[assist.location_name])
            reply = self.send("assist.create", "POST", f"{ASSIST}/requests", (200, 201), body)
            if reply is None:
                return False
            self.ledger.acknowledge("assists", resource_id(reply))
        return True

    def billing_report(self, start: str, end: str, kind: str) -> bool:
        """Create a billing report for a period and poll it until it is ready."""
        body = {"billingStartDate": start, "billingEndDate": end, "type": kind}
        created = self.send("billing.create", "POST", BILLING, (200, 201, 202), body)
        if created is None:
            return False
        report_id = resource_id(created)
        self.ledger.acknowledge("billing", report_id)
        deadline = time.monotonic() + self.config.provisioning_timeout
        while time.monotonic() < deadline:
            reply = self.send("billing.poll", "GET", f"{BILLING}/{report_id}", (200,))
            if reply is None:
                return False
            status = str(reply.body.get("status"))
            if status in TERMINAL_REPORT:
                return status == "COMPLETED"
            self.sleep(self.config.poll_seconds)
        self.ledger.error("billing-timeout")
        return False
