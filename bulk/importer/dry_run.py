"""``rtm import --dry-run`` and the portal's dry run: everything the import depends on, asked of
the API without changing anything (nothing is created, changed or journaled).

* Customers: new ones through ``/customers/validate``; customers to update must exist, and one
  whose name or primary email differs from what the journal remembers it was created with is
  ``not-updatable`` (the API cannot change them; docs/importer.md).
* Subscribers: new ones through ``/subscribers/validate`` (with the customer's id when it
  exists, else its primary email); ones already there are ``exists``; ones to update must
  exist; one with a calling package needs a location that will exist.
* Locations and Setup Assist requests (no precheck in the API): see
  :mod:`bulk.importer.dry_run_sites`; the partner's entitlement and readiness are read with
  ``GET`` once per run.

A row the dry run could not check is ``not checked`` with why; the headline
(:mod:`bulk.importer.headline`) never says "passed" while any row is."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Protocol

from bulk.client.errors import ApiError, AuthenticationFailed
from bulk.client.models import AssistRequest, Location, Subscriber
from bulk.client.protocol import ProvisioningApi
from bulk.importer.dry_run_sites import (
    AssistGate,
    ServerSide,
    assist_outcome,
    location_outcomes,
    subscriber_location_failure,
)
from bulk.importer.not_updatable import unchangeable
from bulk.importer.outcome import Failure, ImportReport, RowOutcome
from bulk.importer.payloads import customer_body
from bulk.importer.plan import AssistStep, CustomerPlan, ImportPlan, SubscriberStep
from bulk.importer.progress import ProgressSink, SilentProgress
from bulk.rules.assist import Readiness, readiness_violations
from bulk.schema import CUSTOMERS, SUBSCRIBERS

__all__ = ["DryRun", "DryRunApi"]


class DryRunApi(ProvisioningApi, Protocol):
    """The reads a dry run adds to :class:`ProvisioningApi` (``WholesaleClient`` has them)."""

    async def list_locations(self, org_id: str, name: str | None = None) -> list[Location]:
        """Every location of an org."""

    async def list_subscribers(self, customer_id: str) -> list[Subscriber]:
        """Every subscriber of a customer."""

    async def get_entitlement(self) -> dict[str, Any] | None:
        """The A-Wholesale order, ``None`` before there is one."""

    async def get_readiness(self) -> dict[str, bool]:
        """The partner's readiness items."""


class DryRun:
    """Checks a plan with at most ``concurrency`` requests at once; Setup Assist deadlines
    are worked out for submission on ``submitted_on`` (default: today, UTC)."""

    def __init__(
        self,
        api: DryRunApi,
        concurrency: int = 8,
        progress: ProgressSink | None = None,
        submitted_on: date | None = None,
        provisioning_id: str | None = None,
        created_as: Mapping[str, tuple[str, str]] | None = None,
    ) -> None:
        self.api = api
        self.created_as = created_as or {}  # the journal's names and emails (not-updatable)
        self.provisioning_id = provisioning_id
        self.slots = asyncio.Semaphore(max(concurrency, 1))
        self.progress = progress or SilentProgress()
        self.submitted_on = submitted_on or datetime.now(UTC).date()
        self.requests = 0

    async def execute(self, plan: ImportPlan) -> ImportReport:
        """Every row's outcome: checked, exists, failed (with the code the import would
        meet) or not checked (with why)."""
        await self.api.check_access()
        self.progress.start("prechecks", sum(plan.sizes().values()))
        gate = await self._gate(plan)
        outcomes: list[RowOutcome] = []
        for found in await asyncio.gather(*(self._customer(c, gate) for c in plan.customers)):
            outcomes += found
        counts = Counter(o.status for o in outcomes)
        return ImportReport(outcomes, True, self.requests, 0, dict(counts))

    async def _gate(self, plan: ImportPlan) -> AssistGate:
        """The partner's entitlement and readiness, read once when there are requests."""
        if not plan.sizes()["setup assist"]:
            return AssistGate()
        try:
            self.requests += 2
            entitlement, readiness = await asyncio.gather(
                self.api.get_entitlement(), self.api.get_readiness()
            )
        except AuthenticationFailed:
            raise
        except ApiError as error:
            return AssistGate(
                unknown=f"the partner's Setup Assist standing could not be read: {error}"
            )
        if entitlement is None:
            return AssistGate(Failure.of("assist-not-entitled", partner="of this token"))
        missing = readiness_violations(
            Readiness(
                readiness.get("pstnConnectivity", False),
                readiness.get("hostingRequirements", False),
                readiness.get("ossBss", False),
            )
        )
        if missing:
            return AssistGate(Failure(missing[0].code, missing[0].message, 409))
        return AssistGate()

    async def _customer(self, plan: CustomerPlan, gate: AssistGate) -> list[RowOutcome]:
        existing: list[str | None] = []
        first = await self._outcome(
            CUSTOMERS.name, plan.row.row, plan.key, lambda: self._check_customer(plan, existing)
        )
        server = await self._server_side(plan, existing[0] if existing else None)
        found = [first]
        found += await asyncio.gather(
            *(self._subscriber(plan, s, server) for s in plan.subscribers)
        )
        locations = location_outcomes(plan, server)
        self.progress.advance("prechecks", len(locations))
        found += locations
        found += await asyncio.gather(*(self._assist(plan, a, server, gate) for a in plan.assists))
        return found

    async def _check_customer(self, plan: CustomerPlan, existing: list[str | None]) -> None:
        row = plan.row
        found = await self.api.find_customer(row.external_id)
        existing.append(found.id if found else None)
        if row.action == "create" and found is None:
            await self.api.precheck_customer(
                customer_body(row, plan.first_location, self.provisioning_id)
            )
        elif row.action == "create":
            raise _Exists
        elif row.action == "update" and found is None:
            raise _NotThere(Failure.of("api-not-found", resource="Customer", id=row.external_id))
        elif row.action == "update":
            known = self.created_as.get(row.external_id)
            blocked = unchangeable(row.name, row.primary_email, known)
            if blocked is not None:
                raise _CannotChange(blocked.failure(CUSTOMERS.name, row.row))

    async def _server_side(self, plan: CustomerPlan, customer_id: str | None) -> ServerSide:
        """The customer's locations and subscribers on the server (none for a new one)."""
        if customer_id is None:
            return ServerSide()
        try:
            async with self.slots:
                self.requests += 3
                customer = await self.api.get_customer(customer_id)
                locations = (
                    await self.api.list_locations(customer.org_id) if customer.org_id else []
                )
                subscribers = await self.api.list_subscribers(customer_id)
        except AuthenticationFailed:
            raise
        except ApiError as error:
            why = f"customer '{plan.external_id}' locations could not be read: {error}"
            return ServerSide(customer_id, unknown=why)
        return ServerSide(customer_id, tuple(locations), tuple(subscribers))

    async def _subscriber(
        self, plan: CustomerPlan, step: SubscriberStep, server: ServerSide
    ) -> RowOutcome:
        row = step.row

        async def check() -> None:
            failure = subscriber_location_failure(plan, step, server)
            if failure is not None:
                raise _NotThere(failure)
            await self._check_subscriber(plan, step, server.customer_id)

        return await self._outcome(SUBSCRIBERS.name, row.row, step.key, check)

    async def _check_subscriber(
        self, plan: CustomerPlan, step: SubscriberStep, customer_id: str | None
    ) -> None:
        row = step.row
        exists = row.action == "create" and customer_id is not None
        if exists and await self.api.find_subscriber(row.email, customer_id) is not None:
            raise _Exists
        if row.action != "create":
            found = await self.api.find_subscriber(row.email, customer_id)
            if found is None and row.action == "update":
                raise _NotThere(Failure.of("api-not-found", resource="Subscriber", id=row.email))
            return
        await self.api.precheck_subscriber(_subscriber_precheck(plan, step, customer_id))

    async def _assist(
        self, plan: CustomerPlan, step: AssistStep, server: ServerSide, gate: AssistGate
    ) -> RowOutcome:
        try:
            existing = await self._existing_request(server, step.row.location_name)
        except AuthenticationFailed:
            raise
        except ApiError as error:
            why = f"the location's existing Setup Assist request could not be read: {error}"
            server = ServerSide(server.customer_id, unknown=why)
            existing = None
        finally:
            self.progress.advance("prechecks")
        return assist_outcome(plan, step, server, gate, self.submitted_on, existing)

    async def _existing_request(self, server: ServerSide, name: str) -> AssistRequest | None:
        location = server.location(name)
        if server.customer_id is None or location is None:
            return None
        async with self.slots:
            self.requests += 1
            return await self.api.find_assist_request(server.customer_id, location.id)

    async def _outcome(
        self, sheet: str, row: int, key: str, check: Callable[[], Awaitable[None]]
    ) -> RowOutcome:
        try:
            async with self.slots:
                self.requests += 1
                await check()
        except AuthenticationFailed:
            raise
        except _Exists:
            return RowOutcome(sheet, row, key, "exists")
        except _NotThere as missing:
            failure = missing.failure
            return RowOutcome(sheet, row, key, "failed", None, failure.code, failure.message)
        except _CannotChange as blocked:
            failure = blocked.failure
            return RowOutcome(sheet, row, key, "not-updatable", None, failure.code, failure.message)
        except ApiError as error:
            failure = Failure.from_error(error)
            return RowOutcome(sheet, row, key, "failed", None, failure.code, failure.message)
        finally:
            self.progress.advance("prechecks")
        return RowOutcome(sheet, row, key, "checked")


def _subscriber_precheck(
    plan: CustomerPlan, step: SubscriberStep, customer_id: str | None
) -> dict[str, Any]:
    row = step.row
    parameters = (
        ("firstName", row.first_name),
        ("lastName", row.last_name),
        ("primaryPhoneNumber", row.phone_number),
        ("extension", row.extension),
    )
    body: dict[str, Any] = {
        "email": row.email,
        "packages": [row.package],
        "provisioningParameters": {k: v for k, v in parameters if v},
    }
    if customer_id:
        body["customerId"] = customer_id
    else:
        body["customerInfo"] = {"primaryEmail": plan.row.primary_email}
    return body


class _NotThere(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class _CannotChange(Exception):
    """An update row changes what the API cannot (the import would end it not-updatable)."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class _Exists(Exception):
    """The row's resource is already there (a dry run of an imported workbook)."""
