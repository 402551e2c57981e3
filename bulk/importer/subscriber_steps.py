"""Subscriber operations: create, update, delete — each recording the subscriber's package in
the journal for billing reconciliation.

A create found ``sent`` in the journal (a crash between sending and journaling the answer) is
looked up by email before being sent again; a 409 is answered by comparing the existing
subscriber with the row (identical → unchanged, otherwise the refusal stands)."""

from __future__ import annotations

from bulk.client.errors import ApiStatusError
from bulk.client.models import Subscriber
from bulk.importer.context import ImportRun, OperationFailed
from bulk.importer.customer_steps import CustomerState
from bulk.importer.journal import JournalEntry, OpState, SubscriberPackage
from bulk.importer.outcome import Failure
from bulk.importer.payloads import (
    subscriber_body,
    subscriber_differences,
    subscriber_update_body,
)
from bulk.importer.plan import SubscriberStep


async def ensure_subscriber(
    run: ImportRun, step: SubscriberStep, customer: CustomerState | None, location_id: str | None
) -> None:
    """Carry out the subscriber row's action."""
    entry = run.journal.get(step.key)
    if entry and entry.state.finished:
        return
    if step.row.action == "delete":
        await _delete(run, step, entry, customer)
    elif customer is None:
        reason = f"customer '{step.row.customer_external_id}' does not exist"
        raise OperationFailed(Failure.of("import-blocked", reason=reason))
    elif step.row.action == "update":
        await _update(run, step, entry, customer, location_id)
    else:
        await _create(run, step, entry, customer, location_id)


def _was_sent(entry: JournalEntry | None) -> bool:
    return entry is not None and entry.state is OpState.SENT


async def _create(
    run: ImportRun,
    step: SubscriberStep,
    entry: JournalEntry | None,
    customer: CustomerState,
    location_id: str | None,
) -> None:
    row = step.row
    if _was_sent(entry):
        found = await run.api.find_subscriber(row.email, customer.id)
        if found is not None:
            _finish(run, step, customer, found, OpState.DONE)
            return
    body = subscriber_body(row, customer.id, location_id)
    try:
        created = await run.send(step.key, lambda: run.api.create_subscriber(body))
    except ApiStatusError as error:
        if error.status != 409:
            raise
        found = await run.api.find_subscriber(row.email, customer.id)
        if found is None or subscriber_differences(row, location_id, found.raw):
            raise
        # After a crash the lookup above can miss a create the server was still finishing:
        # then the 409 is our own earlier request, and the row is done, not unchanged.
        _finish(run, step, customer, found, OpState.DONE if _was_sent(entry) else OpState.UNCHANGED)
        return
    _finish(run, step, customer, created, OpState.DONE)


async def _update(
    run: ImportRun,
    step: SubscriberStep,
    entry: JournalEntry | None,
    customer: CustomerState,
    location_id: str | None,
) -> None:
    row = step.row
    found = await run.api.find_subscriber(row.email, customer.id)
    if found is None:
        raise OperationFailed(Failure.of("api-not-found", resource="Subscriber", id=row.email))
    if not subscriber_differences(row, location_id, found.raw):
        _finish(run, step, customer, found, OpState.DONE if _was_sent(entry) else OpState.UNCHANGED)
        return
    body = subscriber_update_body(row, location_id)
    updated = await run.send(step.key, lambda: run.api.update_subscriber(found.id, body))
    _finish(run, step, customer, updated, OpState.DONE)


async def _delete(
    run: ImportRun, step: SubscriberStep, entry: JournalEntry | None, customer: CustomerState | None
) -> None:
    row = step.row
    found = await run.api.find_subscriber(row.email, customer.id if customer else None)
    if found is None:
        state = OpState.DONE if _was_sent(entry) else OpState.UNCHANGED
        run.finish(step.key, state, entry.remote_id if entry else None, remote_status="deleted")
    else:
        await run.send(step.key, lambda: run.api.delete_subscriber(found.id))
        run.finish(step.key, OpState.DONE, found.id, remote_status="deleted")
    run.journal.record_subscriber_package(
        SubscriberPackage(
            email=row.email,
            customer_external_id=row.customer_external_id,
            customer_id=customer.id if customer else None,
            subscriber_id=found.id if found else None,
            location_name=row.location_name,
            package=row.package,
            status="deleted",
        )
    )


def _finish(
    run: ImportRun,
    step: SubscriberStep,
    customer: CustomerState,
    subscriber: Subscriber,
    state: OpState,
) -> None:
    row = step.row
    run.journal.record_subscriber_package(
        SubscriberPackage(
            email=row.email,
            customer_external_id=row.customer_external_id,
            customer_id=customer.id,
            subscriber_id=subscriber.id,
            location_name=row.location_name,
            package=row.package,
            status=subscriber.status or "provisioned",
        )
    )
    run.finish(step.key, state, subscriber.id, remote_status=subscriber.status)
