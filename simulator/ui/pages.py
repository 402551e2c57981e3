"""The partner pages of the dashboard: overview, customers (with their status history),
subscribers, locations, Setup Assist projects (with their phase timeline) and billing reports.

Each page reads through the backend the API uses (listings page like the API), and reloads
itself while something of the partner is still on its way.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from simulator.auth import Principal, Scope
from simulator.billing.file_name import file_name
from simulator.billing.models import BillingBackend, download_query
from simulator.customers.models import CustomersBackend
from simulator.db.tables import BillingReport
from simulator.errors import SimulatorError
from simulator.lifecycle import CUSTOMER_STATUSES
from simulator.locations.models import VISIBLE_ORG_STATUSES
from simulator.paging import Window
from simulator.setup_assist.models import STATUSES as ASSIST_STATUSES
from simulator.setup_assist.models import SetupAssistBackend
from simulator.setup_assist.project import TRAINER_FOR_PARTNER
from simulator.setup_assist.schemas import ReadinessBody, phases_public, request_public
from simulator.setup_assist.tables import AssistRequest
from simulator.subscribers.filters import SubscriberFilter
from simulator.subscribers.models import SubscribersBackend
from simulator.ui.access import Visit, viewed_partner, visit_of
from simulator.ui.overview import partner_overview, pending_count, phase_label
from simulator.ui.records import location_names, locations_page, status_history
from simulator.ui.render import DashboardRoute, page, pager, window

router = APIRouter(prefix="/ui/partners/{partner_id}", route_class=DashboardRoute)
VISIT = Depends(visit_of)
ONE_HUNDRED = Window(0, 100)


def partner_page(visit: Visit, partner: Principal, template: str, **context: Any) -> HTMLResponse:
    """A partner page, refreshing itself while anything of the partner is pending."""
    moving = pending_count(visit.runtime, partner.partner_id) > 0
    return page(visit, template, refresh=moving, partner=partner, **context)


@router.get("", name="ui_overview")
def overview(partner_id: int, visit: Visit = VISIT) -> HTMLResponse:
    """Customers by status, subscribers by package, requests by phase, month-to-date billing."""
    partner = viewed_partner(visit, partner_id)
    summary = partner_overview(visit.runtime, partner)
    return partner_page(visit, partner, "overview.html", summary=summary)


@router.get("/customers", name="ui_customers")
def customers(
    partner_id: int,
    request: Request,
    status: str = "",
    externalId: str = "",
    offset: str | None = None,
    visit: Visit = VISIT,
) -> HTMLResponse:
    """The partner's customers, by page, filtered by status and external ID."""
    partner = viewed_partner(visit, partner_id, Scope.CUSTOMERS_READ)
    listing = CustomersBackend(visit.runtime, partner).list(
        external_id=externalId or None,
        org_id=None,
        statuses=[status] if status else [],
        sub_partner=None,
        window=window(offset),
    )
    return partner_page(
        visit,
        partner,
        "customers.html",
        rows=listing.items,
        pager=pager(request, listing),
        status_filter=status,
        external_id=externalId,
        statuses=CUSTOMER_STATUSES,
    )


@router.get("/customers/{customer_id}", name="ui_customer")
def customer(partner_id: int, customer_id: str, visit: Visit = VISIT) -> HTMLResponse:
    """One customer: its status history, locations, subscriber count and assist requests."""
    partner = viewed_partner(visit, partner_id, Scope.CUSTOMERS_READ)
    found = CustomersBackend(visit.runtime, partner).get(customer_id, None)
    subscribers = SubscribersBackend(visit.runtime, partner).list(
        SubscriberFilter(customer_id=customer_id), None, Window(0, 1)
    )
    locations = locations_page(visit.runtime, partner_id, ONE_HUNDRED, customer_id)
    requests = SetupAssistBackend(visit.runtime, partner).list(customer_id, None, ONE_HUNDRED)
    return partner_page(
        visit,
        partner,
        "customer.html",
        customer=found,
        history=status_history(visit.runtime, partner_id, customer_id),
        subscriber_count=subscribers.total,
        locations=locations.items,
        requests=[request_public(v) for v in requests.items],
        org_visible=found.status in VISIBLE_ORG_STATUSES,
    )


@router.get("/subscribers", name="ui_subscribers")
def subscribers(
    partner_id: int,
    request: Request,
    customer: str = "",
    status: str = "",
    offset: str | None = None,
    visit: Visit = VISIT,
) -> HTMLResponse:
    """The partner's subscribers, by page (of one customer, when asked)."""
    partner = viewed_partner(visit, partner_id, Scope.SUBSCRIBERS_READ)
    wanted = SubscriberFilter(customer_id=customer or None, status=status or None)
    listing = SubscribersBackend(visit.runtime, partner).list(wanted, None, window(offset))
    names = location_names(visit.runtime, [s.location_id for s, _ in listing.items])
    return partner_page(
        visit,
        partner,
        "subscribers.html",
        rows=listing.items,
        names=names,
        pager=pager(request, listing),
        customer=customer,
        status_filter=status,
    )


@router.get("/locations", name="ui_locations")
def locations(
    partner_id: int, request: Request, offset: str | None = None, visit: Visit = VISIT
) -> HTMLResponse:
    """Every location of the partner's customers, by page, with its seats."""
    partner = viewed_partner(visit, partner_id, Scope.LOCATIONS_READ)
    listing = locations_page(visit.runtime, partner_id, window(offset))
    return partner_page(
        visit, partner, "locations.html", rows=listing.items, pager=pager(request, listing)
    )


@router.get("/assist", name="ui_assist")
def assist(
    partner_id: int,
    request: Request,
    status: str = "",
    offset: str | None = None,
    visit: Visit = VISIT,
) -> HTMLResponse:
    """The partner's A-Wholesale order, readiness and Setup Assist requests, by page."""
    partner = viewed_partner(visit, partner_id, Scope.SETUP_ASSIST_READ)
    backend = SetupAssistBackend(visit.runtime, partner)
    listing = backend.list(None, status or None, window(offset))
    try:
        entitlement = backend.entitlement()
    except SimulatorError:
        entitlement = None
    rows = [(request_public(v), _label(v.request)) for v in listing.items]
    return partner_page(
        visit,
        partner,
        "assist.html",
        rows=rows,
        pager=pager(request, listing),
        entitlement=entitlement,
        readiness=ReadinessBody.of(backend.readiness()),
        status_filter=status,
        statuses=ASSIST_STATUSES,
    )


@router.get("/assist/{request_id}", name="ui_assist_request")
def assist_request(partner_id: int, request_id: str, visit: Visit = VISIT) -> HTMLResponse:
    """One Setup Assist project: its phase timeline, tasks and who owes what."""
    partner = viewed_partner(visit, partner_id, Scope.SETUP_ASSIST_READ)
    view = SetupAssistBackend(visit.runtime, partner).get(request_id)
    own = visit.partner is not None and visit.partner.partner_id == partner_id
    can_complete = own and Scope.SETUP_ASSIST_WRITE in partner.scopes
    return partner_page(
        visit,
        partner,
        "assist_request.html",
        item=request_public(view),
        phases=phases_public(view),
        label=_label(view.request),
        can_complete=can_complete,
        trainer_mark=TRAINER_FOR_PARTNER,
    )


def _label(request: AssistRequest) -> str:
    return phase_label(request.sku, request.status, request.current_phase)


@router.get("/billing", name="ui_billing")
def billing(
    partner_id: int, request: Request, offset: str | None = None, visit: Visit = VISIT
) -> HTMLResponse:
    """The partner's billing reports, by page, with download links once completed."""
    partner = viewed_partner(visit, partner_id, Scope.BILLING_READ)
    listing = BillingBackend(visit.runtime, partner).list(
        start=None,
        end=None,
        report_type=None,
        status=None,
        sub_partner=None,
        sort_by="billingStartDate",
        window=window(offset),
    )
    return partner_page(
        visit,
        partner,
        "billing.html",
        rows=listing.items,
        links=download_links(visit, listing.items),
        file_names={r.id: file_name(r) for r in listing.items},
        pager=pager(request, listing),
    )


def download_links(visit: Visit, reports: list[BillingReport] | Any) -> dict[str, str]:
    """Fresh signed download links of the completed reports, by report id."""
    runtime = visit.runtime
    with runtime.store.read() as session:
        state = runtime.store.state(session)
        now = runtime.clock.now(state)
        queries = {r.id: download_query(state, r, now) for r in reports}
    return {
        report_id: str(
            visit.request.url_for("download_report", reportId=report_id).include_query_params(
                **query
            )
        )
        for report_id, query in queries.items()
        if query is not None
    }


__all__ = ["router"]
