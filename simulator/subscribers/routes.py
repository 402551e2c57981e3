"""HTTP routes of ``/v1/wholesale/subscribers`` and the consent-move email.

Like every route that touches the database, these are plain ``def`` routes: FastAPI runs them in
its thread pool, never on the event loop (docs/simulator.md, "Storage and concurrency").
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from simulator.auth import Principal, Scope, require
from simulator.customers.schemas import PrecheckResponse
from simulator.errors import refuse_unknown_values
from simulator.lifecycle import SUBSCRIBER_STATUSES
from simulator.paging import Window, set_next_link
from simulator.runtime import Runtime, current_runtime
from simulator.subscribers.filters import SubscriberFilter
from simulator.subscribers.models import SubscribersBackend
from simulator.subscribers.schemas import (
    SubscriberCreate,
    SubscriberListResponse,
    SubscriberPrecheck,
    SubscriberPublic,
    SubscriberUpdate,
)

router = APIRouter(tags=["Wholesale Provisioning"])
READ = Depends(require(Scope.SUBSCRIBERS_READ))
WRITE = Depends(require(Scope.SUBSCRIBERS_WRITE))
RUNTIME = Depends(current_runtime)
ONE = "/wholesale/subscribers/{subscriberId}"


def _location(request: Request, subscriber_id: str) -> str:
    """What ``request.url_for("get_subscriber", ...)`` answers (this router is mounted under
    ``/v1``), without searching every route of the app for the name."""
    return f"{str(request.base_url).rstrip('/')}/v1{ONE.format(subscriberId=subscriber_id)}"


@router.get("/wholesale/subscribers", response_model_exclude_none=True)
def list_subscribers(
    request: Request,
    response: Response,
    max: str | None = None,
    offset: str | None = None,
    customerId: str | None = None,
    personId: str | None = None,
    externalCustomerId: str | None = None,
    email: str | None = None,
    status: str | None = None,
    after: str | None = None,
    lastStatusChange: str | None = None,
    sortBy: str | None = None,
    sortOrder: str | None = None,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = READ,
) -> SubscriberListResponse:
    """List Wholesale Subscribers (filters combine; ``max`` up to 100, default 50)."""
    refuse_unknown_values("status", [status] if status else [], SUBSCRIBER_STATUSES)
    wanted = SubscriberFilter.parse(
        sortBy,
        sortOrder,
        customer_id=customerId,
        person_id=personId,
        external_customer_id=externalCustomerId,
        email=email,
        status=status,
        after=after,
        last_status_change=lastStatusChange,
    )
    page = SubscribersBackend(runtime, principal).list(
        wanted, onBehalfOfSubPartnerOrgId, Window.parse(offset, max, default=50, cap=100)
    )
    set_next_link(request, response, page)
    return SubscriberListResponse(items=[SubscriberPublic.of(s, e) for s, e in page.items])


@router.post(
    "/wholesale/subscribers",
    response_model_exclude_none=True,
    responses={202: {"model": SubscriberPublic, "description": "Pending user migration"}},
)
def provision_subscriber(
    body: SubscriberCreate,
    request: Request,
    response: Response,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> SubscriberPublic:
    """Provision a Wholesale Subscriber (200, or 202 when a consent-based move is needed)."""
    done = SubscribersBackend(runtime, principal).provision(body, onBehalfOfSubPartnerOrgId)
    response.headers["Location"] = _location(request, done.subscriber.id)
    response.status_code = 202 if done.pending else 200
    return SubscriberPublic.of(done.subscriber, done.external_customer_id)


@router.post("/wholesale/subscribers/validate")
def precheck_subscriber(
    body: SubscriberPrecheck,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> PrecheckResponse:
    """Precheck a Wholesale Subscriber Provisioning."""
    SubscribersBackend(runtime, principal).precheck(body, onBehalfOfSubPartnerOrgId)
    return PrecheckResponse()


@router.get(ONE, response_model_exclude_none=True)
def get_subscriber(
    subscriberId: str,
    request: Request,
    response: Response,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = READ,
) -> SubscriberPublic:
    """Get a Wholesale Subscriber."""
    subscriber, external = SubscribersBackend(runtime, principal).get(
        subscriberId, onBehalfOfSubPartnerOrgId
    )
    response.headers["Location"] = _location(request, subscriberId)
    return SubscriberPublic.of(subscriber, external)


@router.put(ONE, response_model_exclude_none=True)
def update_subscriber(
    subscriberId: str,
    body: SubscriberUpdate,
    request: Request,
    response: Response,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> SubscriberPublic:
    """Update a Wholesale Subscriber."""
    subscriber, external = SubscribersBackend(runtime, principal).update(
        subscriberId, body, onBehalfOfSubPartnerOrgId
    )
    response.headers["Location"] = _location(request, subscriberId)
    return SubscriberPublic.of(subscriber, external)


@router.delete(ONE, status_code=204)
def remove_subscriber(
    subscriberId: str,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> Response:
    """Remove a Wholesale Subscriber (204)."""
    SubscribersBackend(runtime, principal).remove(subscriberId, onBehalfOfSubPartnerOrgId)
    return Response(status_code=204)


@router.post("/subscribers/{subscriberId}/emails/consentMove", status_code=204)
def send_consent_move_email(
    subscriberId: str,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> Response:
    """Send Consent User Move Email to a subscriber pending user migration (204)."""
    SubscribersBackend(runtime, principal).send_consent(subscriberId, onBehalfOfSubPartnerOrgId)
    return Response(status_code=204)


__all__ = [
    "ONE",
    "READ",
    "RUNTIME",
    "WRITE",
    "get_subscriber",
    "list_subscribers",
    "precheck_subscriber",
    "provision_subscriber",
    "remove_subscriber",
    "router",
    "send_consent_move_email",
    "update_subscriber",
]
