"""Location and Setup Assist operations.

Locations are always looked up by name in the customer's org before one is created (there are
few, and the customer's calling location is created by provisioning itself). Setup Assist
requests are looked up by customer + location before being sent again after a crash; the API
also answers an identical resubmission with the existing request."""

from __future__ import annotations

from bulk.client.errors import ApiStatusError
from bulk.client.models import AssistRequest
from bulk.importer.context import ImportRun, OperationFailed
from bulk.importer.customer_steps import CustomerState
from bulk.importer.journal import AssistOrder, OpState
from bulk.importer.outcome import Failure
from bulk.importer.payloads import assist_body, location_body
from bulk.importer.plan import AssistStep, CustomerPlan, LocationStep


async def ensure_location(
    run: ImportRun, plan: CustomerPlan, step: LocationStep, customer: CustomerState
) -> str:
    """Make the location exist in the customer's org; its id."""
    entry = run.journal.get(step.key)
    if entry and entry.state.finished and entry.remote_id:
        return entry.remote_id
    if not customer.org_id:
        reason = (
            f"customer '{plan.external_id}' has no organisation id (the API shows it only "
            "once the customer is provisioned, not provisioned_with_errors)"
        )
        raise OperationFailed(Failure.of("import-blocked", reason=reason))
    org_id = customer.org_id
    found = await run.api.find_location(org_id, step.row.name)
    if found is not None:
        sent = entry is not None and entry.state is OpState.SENT
        created = sent or (step.via_customer and customer.created)
        run.finish(step.key, OpState.DONE if created else OpState.UNCHANGED, found.id)
        return found.id
    body = location_body(step.row)
    location_id = await run.send(step.key, lambda: run.api.create_location(org_id, body))
    run.finish(step.key, OpState.DONE, location_id)
    return location_id


async def ensure_assist(
    run: ImportRun, plan: CustomerPlan, step: AssistStep, customer: CustomerState, location_id: str
) -> None:
    """Submit the Setup Assist request once; record what it ordered, and the server's
    ``submittedAt`` / ``acceptedAt``, for reconciliation."""
    entry = run.journal.get(step.key)
    if entry and entry.state.finished:
        return
    # Sent by an earlier run that died before journaling the answer: what the server holds
    # now is that run's creation (the lookup can still miss it while the server is finishing
    # the old request, and then the resubmission finds it).
    sent = entry is not None and entry.state is OpState.SENT
    if sent:
        found = await run.api.find_assist_request(customer.id, location_id)
        if found is not None:
            _record(run, plan, step, found, OpState.DONE)
            return
    body = assist_body(step.row, customer.id, location_id)
    try:
        request = await run.send(step.key, lambda: run.api.create_assist_request(body))
    except ApiStatusError as error:
        existing = await _same_existing(run, customer, location_id, body, error)
        _record(run, plan, step, existing, OpState.DONE if sent else OpState.UNCHANGED)
        return
    created = request.created or sent
    _record(run, plan, step, request, OpState.DONE if created else OpState.UNCHANGED)


async def _same_existing(
    run: ImportRun,
    customer: CustomerState,
    location_id: str,
    body: dict[str, object],
    error: ApiStatusError,
) -> AssistRequest:
    """After an assist-duplicate refusal: the existing request if it asks for the same thing,
    else the refusal stands."""
    if error.status != 409:
        raise error
    found = await run.api.find_assist_request(customer.id, location_id)
    same = found is not None and all(
        found.raw.get(k) == body[k] for k in ("requestedCompletionDate", "channel")
    )
    if found is None or not same:
        raise error
    return found


def _record(
    run: ImportRun, plan: CustomerPlan, step: AssistStep, request: AssistRequest, state: OpState
) -> None:
    raw = request.raw
    run.journal.record_assist_order(
        step.key,
        AssistOrder(
            customer_external_id=plan.external_id,
            location_name=step.row.location_name,
            customer_id=request.customer_id,
            location_id=request.location_id,
            request_id=request.id,
            seats=request.seats,
            sku=request.sku,
            quantity=request.quantity,
            unit_net_price=_text(raw.get("unitNetPrice")),
            amount=_text(raw.get("amount")),
            currency=_text(raw.get("currency")),
            requested_completion_date=_text(raw.get("requestedCompletionDate")),
            status=request.status,
            submitted_at=_text(raw.get("submittedAt")),
            accepted_at=_text(raw.get("acceptedAt")),
        ),
    )
    run.finish(step.key, state, request.id, remote_status=request.status)


def _text(value: object) -> str | None:
    return None if value is None else str(value)
