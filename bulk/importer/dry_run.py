"""``rtm import --dry-run``: the API prechecks only; nothing is created, changed or journaled.

New customers go through ``/customers/validate``, new subscribers through
``/subscribers/validate`` (with the customer's id when it already exists, else its primary
email); subscribers already there are reported ``exists``; customers and subscribers to update
must exist. Locations and Setup Assist requests
have no precheck in the API: they are reported ``not checked``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from bulk.client.errors import ApiError, AuthenticationFailed
from bulk.client.protocol import ProvisioningApi
from bulk.importer.outcome import Failure, ImportReport, RowOutcome
from bulk.importer.payloads import customer_body
from bulk.importer.plan import CustomerPlan, ImportPlan, SubscriberStep
from bulk.importer.progress import ProgressSink, SilentProgress
from bulk.schema import CUSTOMERS, LOCATIONS, SETUP_ASSIST, SUBSCRIBERS


class DryRun:
    """Runs the prechecks of a plan with at most ``concurrency`` requests at once."""

    def __init__(
        self,
        api: ProvisioningApi,
        concurrency: int = 8,
        progress: ProgressSink | None = None,
        provisioning_id: str | None = None,
    ) -> None:
        self.api = api
        self.provisioning_id = provisioning_id
        self.slots = asyncio.Semaphore(max(concurrency, 1))
        self.progress = progress or SilentProgress()
        self.requests = 0

    async def execute(self, plan: ImportPlan) -> ImportReport:
        """Every row's precheck outcome."""
        await self.api.check_access()
        total = len(plan.customers) + plan.sizes()["subscribers"]
        self.progress.start("prechecks", total)
        outcomes: list[RowOutcome] = []
        for customers in await asyncio.gather(*(self._customer(c) for c in plan.customers)):
            outcomes += customers
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        return ImportReport(outcomes, True, self.requests, 0, counts)

    async def _customer(self, plan: CustomerPlan) -> list[RowOutcome]:
        row = plan.row
        existing: list[str | None] = []

        async def check() -> None:
            found = await self.api.find_customer(row.external_id)
            existing.append(found.id if found else None)
            if row.action == "create" and found is None:
                body = customer_body(row, plan.first_location, self.provisioning_id)
                await self.api.precheck_customer(body)
            elif row.action == "create":
                raise _Exists
            elif row.action == "update" and found is None:
                raise _NotThere(
                    Failure.of("api-not-found", resource="Customer", id=row.external_id)
                )

        first = await self._outcome(CUSTOMERS.name, row.row, plan.key, check)
        customer_id = existing[0] if existing else None
        found = [first]
        found += await asyncio.gather(
            *(self._subscriber(plan, s, customer_id) for s in plan.subscribers)
        )
        found += [
            RowOutcome(LOCATIONS.name, s.row.row, s.key, "not checked") for s in plan.locations
        ]
        found += [
            RowOutcome(SETUP_ASSIST.name, s.row.row, s.key, "not checked") for s in plan.assists
        ]
        return found

    async def _subscriber(
        self, plan: CustomerPlan, step: SubscriberStep, customer_id: str | None
    ) -> RowOutcome:
        row = step.row

        async def check() -> None:
            exists = row.action == "create" and customer_id is not None
            if exists and await self.api.find_subscriber(row.email, customer_id) is not None:
                raise _Exists
            if row.action != "create":
                found = await self.api.find_subscriber(row.email, customer_id)
                if found is None and row.action == "update":
                    raise _NotThere(
                        Failure.of("api-not-found", resource="Subscriber", id=row.email)
                    )
                return
            body: dict[str, Any] = {
                "email": row.email,
                "packages": [row.package],
                "provisioningParameters": {
                    k: v
                    for k, v in (
                        ("firstName", row.first_name),
                        ("lastName", row.last_name),
                        ("primaryPhoneNumber", row.phone_number),
                        ("extension", row.extension),
                    )
                    if v
                },
            }
            if customer_id:
                body["customerId"] = customer_id
            else:
                body["customerInfo"] = {"primaryEmail": plan.row.primary_email}
            await self.api.precheck_subscriber(body)

        return await self._outcome(SUBSCRIBERS.name, row.row, step.key, check)

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
        except ApiError as error:
            failure = Failure.from_error(error)
            return RowOutcome(sheet, row, key, "failed", None, failure.code, failure.message)
        finally:
            self.progress.advance("prechecks")
        return RowOutcome(sheet, row, key, "checked")


class _NotThere(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class _Exists(Exception):
    """The row's resource is already there (a dry run of an imported workbook)."""
