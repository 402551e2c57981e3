"""The provisioning API as typed methods: customers, locations, subscribers, prechecks, Setup
Assist requests and billing reports (reference OpenAPI + docs/design.md §7.1).

Creates that may have reached the server before failing (a 5xx, a dropped connection) are never
blindly sent again: the client first looks the resource up by its natural key (customer by
``externalId``, location by name in the org, subscriber by email) and returns it if it is
there. Rate-limit answers and connections never made are simply retried by the session.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, TypeVar

from bulk.client.errors import ApiError, ApiStatusError, ResourceNotFound
from bulk.client.models import (
    AssistRequest,
    BillingReport,
    Customer,
    Location,
    Precheck,
    Subscriber,
)
from bulk.client.session import ApiSession, Sleep

T = TypeVar("T")

CUSTOMERS = "/v1/wholesale/customers"
SUBSCRIBERS = "/v1/wholesale/subscribers"
LOCATIONS = "/v1/locations"
ASSIST = "/v1/wholesale/setupAssist"
BILLING = "/v1/wholesale/billing/reports"


class ProvisioningTimeout(ApiError):
    """A customer did not reach a terminal status within the allowed time."""


class WholesaleClient:
    """Typed calls of the wholesale provisioning, locations, Setup Assist and billing APIs."""

    def __init__(
        self,
        session: ApiSession,
        *,
        poll_interval: float = 0.2,
        max_poll_interval: float = 2.0,
        provisioning_timeout: float = 900.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.session = session
        self.poll_interval = poll_interval
        self.max_poll_interval = max_poll_interval
        self.provisioning_timeout = provisioning_timeout
        self._sleep = sleep

    # -- access -------------------------------------------------------------------------
    async def check_access(self) -> None:
        """Fail fast with :class:`AuthenticationFailed` / :class:`ApiUnreachable` when the
        token or the URL is wrong: one cheap listing call."""
        quick = replace(self.session.retry, max_attempts=3)
        await self.session.request("GET", CUSTOMERS, params={"max": 1}, retry=quick)

    # -- prechecks ----------------------------------------------------------------------
    async def precheck_customer(self, body: dict[str, Any]) -> Precheck:
        """``POST /v1/wholesale/customers/validate``: would this customer provision?"""
        answer = await self.session.request("POST", f"{CUSTOMERS}/validate", body=body)
        return Precheck.from_body(answer.body)

    async def precheck_subscriber(self, body: dict[str, Any]) -> Precheck:
        """``POST /v1/wholesale/subscribers/validate``: would this subscriber provision?"""
        answer = await self.session.request("POST", f"{SUBSCRIBERS}/validate", body=body)
        return Precheck.from_body(answer.body)

    # -- customers ----------------------------------------------------------------------
    async def create_customer(self, body: dict[str, Any]) -> str:
        """``POST /v1/wholesale/customers`` (202): the new customer's id. If the request may
        have reached the server before failing, the customer is looked up by externalId
        before anything is sent again."""

        async def send() -> str:
            answer = await self.session.request("POST", CUSTOMERS, body=body, idempotent=False)
            return _id_from_accepted(answer.headers.get("Location"), answer.body)

        async def find() -> str | None:
            found = await self.find_customer(str(body.get("externalId", "")))
            return found.id if found else None

        return await self._create_or_find(send, find)

    async def get_customer(self, customer_id: str) -> Customer:
        """``GET /v1/wholesale/customers/{id}``."""
        answer = await self.session.request("GET", f"{CUSTOMERS}/{customer_id}")
        return Customer.from_body(answer.body)

    async def find_customer(self, external_id: str) -> Customer | None:
        """The customer with this externalId, or ``None``."""
        async for item in self.session.pages(CUSTOMERS, params={"externalId": external_id}):
            if item.get("externalId") == external_id:
                return Customer.from_body(item)
        return None

    async def update_customer(self, customer_id: str, body: dict[str, Any]) -> None:
        """``PUT /v1/wholesale/customers/{id}`` (202)."""
        await self.session.request("PUT", f"{CUSTOMERS}/{customer_id}", body=body)

    async def delete_customer(self, customer_id: str) -> None:
        """``DELETE /v1/wholesale/customers/{id}`` (202); a customer already gone is fine."""
        try:
            await self.session.request("DELETE", f"{CUSTOMERS}/{customer_id}")
        except ResourceNotFound:
            return

    async def wait_for_customer(self, customer_id: str) -> Customer:
        """Poll the customer until its status is terminal (provisioned,
        provisioned_with_errors or error); :class:`ProvisioningTimeout` past the limit."""
        deadline = time.monotonic() + self.provisioning_timeout
        interval = self.poll_interval
        while True:
            customer = await self.get_customer(customer_id)
            if customer.terminal:
                return customer
            if time.monotonic() > deadline:
                raise ProvisioningTimeout(
                    f"customer {customer_id} still '{customer.status}' after "
                    f"{self.provisioning_timeout:.0f} s"
                )
            await self._sleep(interval)
            interval = min(interval * 1.5, self.max_poll_interval)

    # -- locations ----------------------------------------------------------------------
    async def list_locations(self, org_id: str, name: str | None = None) -> list[Location]:
        """``GET /v1/locations?orgId=`` (every page), optionally filtered by name."""
        params: dict[str, str | int] = {"orgId": org_id}
        if name:
            params["name"] = name
        return [Location.from_body(i) async for i in self.session.pages(LOCATIONS, params=params)]

    async def find_location(self, org_id: str, name: str) -> Location | None:
        """The location of this org with exactly this name (else case-insensitively), or
        ``None``."""
        found = await self.list_locations(org_id, name)
        exact = [loc for loc in found if loc.name == name]
        folded = [loc for loc in found if loc.name.casefold() == name.casefold()]
        matches = exact or folded
        return matches[0] if matches else None

    async def create_location(self, org_id: str, body: dict[str, Any]) -> str:
        """``POST /v1/locations?orgId=`` (201): the new location's id, looked up by name
        first when a failed attempt may have created it."""

        async def send() -> str:
            answer = await self.session.request(
                "POST", LOCATIONS, params={"orgId": org_id}, body=body, idempotent=False
            )
            return str(answer.body["id"])

        async def find() -> str | None:
            found = await self.find_location(org_id, str(body.get("name", "")))
            return found.id if found else None

        return await self._create_or_find(send, find)

    # -- subscribers --------------------------------------------------------------------
    async def create_subscriber(self, body: dict[str, Any]) -> Subscriber:
        """``POST /v1/wholesale/subscribers`` (200, or 202 pending_user_migration), looked up
        by email first when a failed attempt may have created it."""

        async def send() -> Subscriber:
            answer = await self.session.request("POST", SUBSCRIBERS, body=body, idempotent=False)
            return Subscriber.from_body(answer.body)

        async def find() -> Subscriber | None:
            return await self.find_subscriber(str(body.get("email", "")), body.get("customerId"))

        return await self._create_or_find(send, find)

    async def find_subscriber(
        self, email: str, customer_id: str | None = None
    ) -> Subscriber | None:
        """The subscriber with this email (case-insensitive), within ``customer_id`` when given."""
        params: dict[str, str | int] = {"email": email}
        if customer_id:
            params["customerId"] = customer_id
        async for item in self.session.pages(SUBSCRIBERS, params=params):
            if str(item.get("email", "")).casefold() == email.casefold():
                return Subscriber.from_body(item)
        return None

    async def list_subscribers(self, customer_id: str) -> list[Subscriber]:
        """Every subscriber of a customer (all pages)."""
        params: dict[str, str | int] = {"customerId": customer_id, "max": 100}
        return [
            Subscriber.from_body(i) async for i in self.session.pages(SUBSCRIBERS, params=params)
        ]

    async def get_subscriber(self, subscriber_id: str) -> Subscriber:
        """``GET /v1/wholesale/subscribers/{id}``."""
        answer = await self.session.request("GET", f"{SUBSCRIBERS}/{subscriber_id}")
        return Subscriber.from_body(answer.body)

    async def update_subscriber(self, subscriber_id: str, body: dict[str, Any]) -> Subscriber:
        """``PUT /v1/wholesale/subscribers/{id}``."""
        answer = await self.session.request("PUT", f"{SUBSCRIBERS}/{subscriber_id}", body=body)
        return Subscriber.from_body(answer.body)

    async def delete_subscriber(self, subscriber_id: str) -> None:
        """``DELETE /v1/wholesale/subscribers/{id}`` (204); already gone is fine."""
        try:
            await self.session.request("DELETE", f"{SUBSCRIBERS}/{subscriber_id}")
        except ResourceNotFound:
            return

    # -- Setup Assist (docs/design.md §7.1) -----------------------------------------------------
    async def create_assist_request(self, body: dict[str, Any]) -> AssistRequest:
        """``POST /v1/wholesale/setupAssist/requests`` (201; the same body again answers 200
        with the existing request, so resending is safe)."""
        answer = await self.session.request("POST", f"{ASSIST}/requests", body=body)
        return replace(AssistRequest.from_body(answer.body), created=answer.status == 201)

    async def list_assist_requests(
        self, customer_id: str | None = None, status: str | None = None
    ) -> list[AssistRequest]:
        """``GET /v1/wholesale/setupAssist/requests?customerId=&status=``."""
        params: dict[str, str | int] = {}
        if customer_id:
            params["customerId"] = customer_id
        if status:
            params["status"] = status
        return [
            AssistRequest.from_body(i)
            async for i in self.session.pages(f"{ASSIST}/requests", params=params)
        ]

    async def find_assist_request(self, customer_id: str, location_id: str) -> AssistRequest | None:
        """The (not cancelled) assist request for this customer location, or ``None``."""
        for request in await self.list_assist_requests(customer_id):
            if request.location_id == location_id and request.status != "cancelled":
                return request
        return None

    async def get_assist_request(self, request_id: str) -> AssistRequest:
        """``GET /v1/wholesale/setupAssist/requests/{id}``."""
        answer = await self.session.request("GET", f"{ASSIST}/requests/{request_id}")
        return AssistRequest.from_body(answer.body)

    async def cancel_assist_request(self, request_id: str) -> AssistRequest:
        """``POST /v1/wholesale/setupAssist/requests/{id}/cancel``."""
        answer = await self.session.request("POST", f"{ASSIST}/requests/{request_id}/cancel")
        return AssistRequest.from_body(answer.body)

    async def get_entitlement(self) -> dict[str, Any] | None:
        """``GET /v1/wholesale/setupAssist/entitlement``; ``None`` before any A-Wholesale order."""
        try:
            answer = await self.session.request("GET", f"{ASSIST}/entitlement")
        except ResourceNotFound:
            return None
        return dict(answer.body)

    async def order_entitlement(self, order_number: str) -> dict[str, Any]:
        """``POST /v1/wholesale/setupAssist/entitlement``: the one A-Wholesale order."""
        body = {"sku": "A-Wholesale", "quantity": 1, "orderNumber": order_number}
        answer = await self.session.request("POST", f"{ASSIST}/entitlement", body=body)
        return dict(answer.body)

    async def get_readiness(self) -> dict[str, bool]:
        """``GET /v1/wholesale/setupAssist/readiness``."""
        answer = await self.session.request("GET", f"{ASSIST}/readiness")
        return {str(k): bool(v) for k, v in dict(answer.body).items()}

    async def set_readiness(self, pstn: bool, hosting: bool, oss_bss: bool) -> dict[str, bool]:
        """``PUT /v1/wholesale/setupAssist/readiness``."""
        body = {"pstnConnectivity": pstn, "hostingRequirements": hosting, "ossBss": oss_bss}
        answer = await self.session.request("PUT", f"{ASSIST}/readiness", body=body)
        return {str(k): bool(v) for k, v in dict(answer.body or body).items()}

    # -- billing reports ----------------------------------------------------------------
    async def create_billing_report(
        self, start: str, end: str, report_type: str = "PARTNER"
    ) -> BillingReport:
        """``POST /v1/wholesale/billing/reports`` for ``start``..``end`` (``YYYY-MM-DD``)."""
        body = {"billingStartDate": start, "billingEndDate": end, "type": report_type}
        answer = await self.session.request("POST", BILLING, body=body, idempotent=False)
        return BillingReport.from_body(answer.body)

    async def get_billing_report(self, report_id: str) -> BillingReport:
        """``GET /v1/wholesale/billing/reports/{id}``."""
        answer = await self.session.request("GET", f"{BILLING}/{report_id}")
        return BillingReport.from_body(answer.body)

    async def list_billing_reports(self) -> list[BillingReport]:
        """Every billing report of the partner."""
        return [BillingReport.from_body(i) async for i in self.session.pages(BILLING)]

    async def delete_billing_report(self, report_id: str) -> None:
        """``DELETE /v1/wholesale/billing/reports/{id}`` (204)."""
        await self.session.request("DELETE", f"{BILLING}/{report_id}")

    async def download(self, url: str) -> bytes:
        """Fetch a report's ``tempDownloadURL`` (no bearer token: the URL is signed)."""
        response = await self.session.http.get(url)
        if response.status_code >= 400:
            raise ApiStatusError(response.status_code, f"download of {url} failed", url=url)
        return response.content

    # -- internals ----------------------------------------------------------------------
    async def _create_or_find(
        self, send: Callable[[], Awaitable[T]], find: Callable[[], Awaitable[T | None]]
    ) -> T:
        """Send a create; after a transient failure that may have reached the server, look the
        resource up before sending again (so a retry never creates a duplicate)."""
        policy = self.session.retry
        failures = 0
        while True:
            try:
                return await send()
            except ApiError as error:
                if not error.transient:
                    raise
                failures += 1
                found = await find()
                if found is not None:
                    return found
                if failures >= policy.max_attempts:
                    raise
                await self._sleep(policy.delay(error, failures))


def _id_from_accepted(location: str | None, body: Any) -> str:
    """The new resource's id from a 202's ``Location`` header or ``{"url"}`` body."""
    url = location or (body.get("url") if isinstance(body, dict) else None) or ""
    resource_id = str(url).rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    if not resource_id:
        raise ApiStatusError(202, "the API accepted the customer but named no Location")
    return resource_id
