"""Customer operations: precheck, create (then poll to a terminal status), update, delete.

Before a create is sent again after a crash (journal state ``sent``), the customer is looked up
by externalId; a 409 on create is answered by comparing the existing customer with the row."""

from __future__ import annotations

import time
from dataclasses import dataclass

from bulk.client.errors import ApiStatusError, ResourceNotFound
from bulk.client.models import Customer
from bulk.importer.context import ImportRun, OperationFailed
from bulk.importer.journal import JournalEntry, OpState
from bulk.importer.not_updatable import unchangeable
from bulk.importer.outcome import Failure
from bulk.importer.payloads import customer_body, customer_differences, customer_update_body
from bulk.importer.plan import CustomerPlan


@dataclass(frozen=True, slots=True)
class CustomerState:
    """What dependants need from their customer: its id, its org id, whether this import
    created it (so its calling location counts as created too)."""

    id: str
    org_id: str | None
    created: bool


async def ensure_customer(run: ImportRun, plan: CustomerPlan) -> CustomerState:
    """Make the customer exist as the row says (create or update); its state."""
    entry = run.journal.get(plan.key)
    if entry and entry.state.finished and entry.remote_id:
        org_id = entry.org_id or plan.row.existing_org_id
        return CustomerState(entry.remote_id, org_id, entry.state is OpState.DONE)
    if plan.row.action == "update":
        return await _update(run, plan, entry)
    return await _create(run, plan, entry)


async def _create(run: ImportRun, plan: CustomerPlan, entry: JournalEntry | None) -> CustomerState:
    row = plan.row
    remote_id = entry.remote_id if entry else None
    if remote_id is None and entry is not None and entry.state is OpState.SENT:
        found = await run.api.find_customer(row.external_id)
        remote_id = found.id if found else None
    existed = False
    if remote_id is not None and entry is not None and entry.state is OpState.PLANNED:
        # Finished before, planned again because the row changed: creating cannot apply it.
        existing = await run.api.get_customer(remote_id)
        differences = customer_differences(row, existing.raw)
        if differences:
            raise OperationFailed(_exists_differently(plan, differences))
        existed = True
    if remote_id is None:
        provisioning_id = run.options.provisioning_id
        if provisioning_id is None:
            raise OperationFailed(
                Failure.of(
                    "import-blocked",
                    reason="no provisioning ID for new customers; give provisioning_id in the "
                    "partner file's [partner] or --provisioning-id",
                )
            )
        body = customer_body(row, plan.first_location, provisioning_id)
        remote_id, existed = await _send_create(run, plan, body)
        run.journal.set_remote(plan.key, remote_id)
    customer = await poll_until_terminal(run, remote_id, row.external_id)
    org_id = customer.org_id or row.existing_org_id
    state = OpState.UNCHANGED if existed else OpState.DONE
    run.finish(plan.key, state, remote_id, org_id=org_id, remote_status=customer.status)
    if not existed:
        run.journal.remember_customer_info(row.external_id, row.name, row.primary_email)
    return CustomerState(remote_id, org_id, not existed)


async def precheck(run: ImportRun, body: dict[str, object]) -> None:
    """``/customers/validate``; a refusal fails the customer with the API's code."""
    try:
        await run.api.precheck_customer(dict(body))
    finally:
        run.progress.advance("prechecks")


async def _send_create(
    run: ImportRun, plan: CustomerPlan, body: dict[str, object]
) -> tuple[str, bool]:
    """Precheck and POST the customer; when either answers 409 (it exists already) accept an
    identical existing customer. (id, existed)."""
    try:
        if run.options.precheck:
            await precheck(run, body)
        return await run.send(plan.key, lambda: run.api.create_customer(dict(body))), False
    except ApiStatusError as error:
        if error.status != 409:
            raise
        existing = await run.api.find_customer(plan.row.external_id)
        if existing is None:
            raise
        differences = customer_differences(plan.row, existing.raw)
        if differences:
            raise OperationFailed(_exists_differently(plan, differences)) from error
        return existing.id, True


def _exists_differently(plan: CustomerPlan, differences: list[str]) -> Failure:
    message = (
        f"Customer '{plan.external_id}' already exists with a different "
        f"{', '.join(differences)}; set Action to update to change it."
    )
    return Failure("api-conflict", message, 409)


async def _update(run: ImportRun, plan: CustomerPlan, entry: JournalEntry | None) -> CustomerState:
    existing = await _find(run, plan, entry)
    differences = customer_differences(plan.row, existing.raw)
    if differences:
        body = customer_update_body(plan.row)
        await run.send(plan.key, lambda: run.api.update_customer(existing.id, body))
        state = OpState.DONE
    else:
        state = OpState.DONE if entry and entry.state is OpState.SENT else OpState.UNCHANGED
    customer = await poll_until_terminal(run, existing.id, plan.external_id)
    org_id = customer.org_id or plan.row.existing_org_id
    run.finish(plan.key, state, existing.id, org_id=org_id, remote_status=customer.status)
    known = run.journal.customer_info(plan.external_id).get(plan.external_id)
    blocked = unchangeable(plan.row.name, plan.row.primary_email, known)
    if blocked is not None:  # the rest was applied; these fields can only change elsewhere
        failure = blocked.failure("Customers", plan.row.row)
        run.journal.mark_failed(
            plan.key, code=failure.code, message=failure.message, state=OpState.NOT_UPDATABLE
        )
    return CustomerState(existing.id, org_id, False)


async def _find(run: ImportRun, plan: CustomerPlan, entry: JournalEntry | None) -> Customer:
    """The existing customer (by the journal's id, else by externalId), or fail not-found."""
    if entry and entry.remote_id:
        try:
            return await run.api.get_customer(entry.remote_id)
        except ResourceNotFound:
            pass
    found = await run.api.find_customer(plan.external_id)
    if found is None:
        raise OperationFailed(Failure.of("api-not-found", resource="Customer", id=plan.external_id))
    return found


async def lookup_customer(run: ImportRun, plan: CustomerPlan) -> Customer | None:
    """The customer if it exists (journal id first), for a delete chain."""
    entry = run.journal.get(plan.key)
    try:
        return await _find(run, plan, entry)
    except OperationFailed:
        return None


async def delete_customer(run: ImportRun, plan: CustomerPlan, existing: Customer | None) -> None:
    """Remove the customer; already gone counts as unchanged."""
    entry = run.journal.get(plan.key)
    if entry and entry.state.finished:
        return
    if existing is None:
        sent = entry is not None and entry.state is OpState.SENT
        run.finish(plan.key, OpState.DONE if sent else OpState.UNCHANGED, None)
        return
    await run.send(plan.key, lambda: run.api.delete_customer(existing.id))
    run.finish(plan.key, OpState.DONE, existing.id, remote_status="deleting")


async def poll_until_terminal(run: ImportRun, customer_id: str, external_id: str) -> Customer:
    """Poll the customer until provisioned / provisioned_with_errors (returned) or error
    (fails the row), sleeping without holding a concurrency slot."""
    options = run.options
    deadline = time.monotonic() + options.provisioning_timeout
    interval = options.poll_interval
    while True:
        customer = await run.api.get_customer(customer_id)
        if customer.status == "error":
            raise OperationFailed(_provisioning_failed(external_id, customer))
        if customer.terminal:
            return customer
        if time.monotonic() > deadline:
            reason = f" after {options.provisioning_timeout:.0f} s; rerun the import to resume"
            raise OperationFailed(
                Failure.of(
                    "customer-provisioning-failed",
                    customer=external_id,
                    status=customer.status,
                    reason=reason,
                )
            )
        await run.pause(interval)
        interval = min(interval * 1.5, options.max_poll_interval)


def _provisioning_failed(external_id: str, customer: Customer) -> Failure:
    details = "; ".join(str(e.get("description", "")) for e in customer.errors if e)
    return Failure.of(
        "customer-provisioning-failed",
        customer=external_id,
        status=customer.status,
        reason=f": {details}" if details else "",
    )
