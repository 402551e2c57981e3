"""One customer's chain of operations, with per-location dependencies.

customer → each location (in parallel) → each subscriber once its own location is there →
each Setup Assist request once every subscriber at its location is finished (seats are counted
from them). A customer to delete: its subscriber rows first, then the customer."""

from __future__ import annotations

import asyncio
import functools
from collections import defaultdict

from bulk.client.models import Customer
from bulk.importer.context import ImportRun
from bulk.importer.customer_steps import (
    CustomerState,
    delete_customer,
    ensure_customer,
    lookup_customer,
)
from bulk.importer.journal import OpState
from bulk.importer.plan import AssistStep, CustomerPlan, SubscriberStep
from bulk.importer.site_steps import ensure_assist, ensure_location
from bulk.importer.subscriber_steps import ensure_subscriber

LocationTasks = dict[str, "asyncio.Task[str | None]"]


async def customer_chain(run: ImportRun, plan: CustomerPlan) -> None:
    """Carry out everything the workbook asks for one customer."""
    if plan.row.action == "delete":
        await _delete_chain(run, plan)
        return
    customer = await run.guarded(plan.key, "customers", lambda: ensure_customer(run, plan))
    if customer is None:
        reason = f"customer '{plan.external_id}' (Customers row {plan.row.row}) failed"
        run.block([s.key for s in plan.locations], "locations", reason)
        run.block([s.key for s in plan.subscribers], "subscribers", reason)
        run.block([s.key for s in plan.assists], "setup assist", reason)
        return
    async with asyncio.TaskGroup() as group:
        locations: LocationTasks = {}
        for location in plan.locations:
            locations[location.row.name.casefold()] = group.create_task(
                run.guarded(
                    location.key,
                    "locations",
                    functools.partial(ensure_location, run, plan, location, customer),
                )
            )
        by_location: dict[str, list[SubscriberStep]] = defaultdict(list)
        for subscriber in plan.subscribers:
            by_location[(subscriber.row.location_name or "").casefold()].append(subscriber)
        at_location = {
            name: group.create_task(_subscribers(run, steps, customer, locations))
            for name, steps in by_location.items()
        }
        for assist in plan.assists:
            waits = at_location.get(assist.row.location_name.casefold())
            group.create_task(_assist(run, plan, assist, customer, locations, waits))


async def _subscribers(
    run: ImportRun, steps: list[SubscriberStep], customer: CustomerState, locations: LocationTasks
) -> None:
    """The subscribers of one location, at most ``concurrency`` at a time: a fixed set of
    workers takes them in order, so a million rows never become a million tasks."""
    queue = iter(steps)

    async def worker() -> None:
        for step in queue:
            await _subscriber(run, step, customer, locations)

    await asyncio.gather(*(worker() for _ in range(min(run.options.concurrency, len(steps)))))


async def _subscriber(
    run: ImportRun, step: SubscriberStep, customer: CustomerState, locations: LocationTasks
) -> None:
    """Wait for the subscriber's own location only, then carry out the row."""
    location_id: str | None = None
    name = step.row.location_name
    if name and step.row.action != "delete":
        task = locations.get(name.casefold())
        location_id = await task if task else None
        if location_id is None:
            run.block([step.key], "subscribers", f"location '{name}' failed or is missing")
            return
    await run.guarded(
        step.key, "subscribers", lambda: ensure_subscriber(run, step, customer, location_id)
    )


async def _assist(
    run: ImportRun,
    plan: CustomerPlan,
    step: AssistStep,
    customer: CustomerState,
    locations: LocationTasks,
    subscribers: asyncio.Task[None] | None,
) -> None:
    """Wait for the location and every subscriber at it, then submit the request."""
    task = locations.get(step.row.location_name.casefold())
    location_id = await task if task else None
    if subscribers is not None:
        await subscribers
    if location_id is None:
        reason = f"location '{step.row.location_name}' failed or is missing"
        run.block([step.key], "setup assist", reason)
        return
    unfinished = [
        s.row.row
        for s in plan.subscribers
        if (s.row.location_name or "").casefold() == step.row.location_name.casefold()
        and not run.state(s.key).finished
    ]
    if unfinished:
        rows = ", ".join(str(r) for r in unfinished)
        reason = (
            f"subscribers at this location failed (Subscribers rows {rows}), so seats are unknown"
        )
        run.block([step.key], "setup assist", reason)
        return
    await run.guarded(
        step.key, "setup assist", lambda: ensure_assist(run, plan, step, customer, location_id)
    )


async def _delete_chain(run: ImportRun, plan: CustomerPlan) -> None:
    """Subscriber rows of a customer being deleted first, then the customer itself."""
    found: list[Customer | None] = []

    async def look_up() -> bool:
        found.append(await lookup_customer(run, plan))
        return True

    if await run.guarded(plan.key, "", look_up) is None:
        reason = f"customer '{plan.external_id}' could not be looked up"
        run.block([s.key for s in plan.subscribers], "subscribers", reason)
        run.block([s.key for s in plan.assists], "setup assist", reason)
        run.progress.advance("customers")
        return
    existing = found[0]
    state = CustomerState(existing.id, existing.org_id, False) if existing else None
    await asyncio.gather(
        *(
            run.guarded(
                s.key, "subscribers", functools.partial(ensure_subscriber, run, s, state, None)
            )
            for s in plan.subscribers
        )
    )
    for location in plan.locations:
        if not run.state(location.key).finished:
            run.finish(location.key, OpState.UNCHANGED, None)
        run.progress.advance("locations")
    run.block([s.key for s in plan.assists], "setup assist", "its customer is being deleted")
    await run.guarded(
        plan.key, "customers", functools.partial(delete_customer, run, plan, existing)
    )
