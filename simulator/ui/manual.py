"""The manual path (the partner portal beside the API): a form page (GET) and its post (POST)
for each thing a partner user provisions by hand.

A post that the backend refuses shows the form again with each catalogue code and message
beside the field at fault, with the status the API would have answered; an accepted one
redirects to what it made.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bulk.rules.catalogue import CATALOGUE
from bulk.rules.violations import RuleViolation, Violation
from simulator.auth import Principal, Scope
from simulator.customers import templates
from simulator.customers.models import CustomersBackend
from simulator.db.tables import Customer
from simulator.errors import SimulatorError
from simulator.paging import Window
from simulator.runtime import Runtime
from simulator.setup_assist.models import SetupAssistBackend
from simulator.setup_assist.schemas import ReadinessBody
from simulator.ui import portal
from simulator.ui.access import Visit, acting_partner, visit_of
from simulator.ui.forms import FilledForm, FormField, Values
from simulator.ui.posting import POSTED, Posted
from simulator.ui.records import locations_page
from simulator.ui.render import DashboardRoute, page, redirect
from simulator.ui.session import flash
from simulator.ui.wording import counted

router = APIRouter(prefix="/ui/partners/{partner_id}", route_class=DashboardRoute)
VISIT = Depends(visit_of)
Action = Callable[[FilledForm], str]


def form_page(
    visit: Visit, partner: Principal, title: str, form: FilledForm, status: int = 200, **extra: Any
) -> HTMLResponse:
    """The page of one form (fresh, or refused with its problems)."""
    context = {"intro": "", "submit": title, "back": None, **extra}
    return page(
        visit, "form.html", status=status, partner=partner, title=title, form=form, **context
    )


def attempt(
    visit: Visit, partner: Principal, title: str, form: FilledForm, action: Action, **extra: Any
) -> Response:
    """Run ``action`` on the posted form: redirect to the URL it returns, or show the form
    again with the refusal beside its fields (status as the API answers it)."""
    try:
        return redirect(visit, action(form))
    except RuleViolation as refusal:
        violations = refusal.violations
    except SimulatorError as error:
        violations = [error.violation]
    status = _status(violations)
    extra.setdefault("action", str(visit.request.url))
    return form_page(visit, partner, title, form.refuse(violations), status, **extra)


def _status(violations: list[Violation]) -> int:
    return CATALOGUE[violations[0].code].http_status


def _location_choices(runtime: Runtime, partner_id: int, customer_id: str) -> list[tuple[str, str]]:
    rows = locations_page(runtime, partner_id, Window(0, 100), customer_id).items
    return [(r.location.id, f"{r.location.name} ({counted(r.seats, 'seat')})") for r in rows]


# -- customers ------------------------------------------------------------------------------
NEW_CUSTOMER = "Provision a customer"
CUSTOMER_DEFAULTS: Values = {
    "provisioningId": portal.DEFAULT_PROVISIONING_ID,
    "location.name": "Head Office",
    "location.language": "en_US",
    "packages": ["webex_calling"],
}


@router.get("/customers/new", name="ui_customer_new")
def customer_new(partner_id: int, visit: Visit = VISIT) -> HTMLResponse:
    """The customer form."""
    partner = acting_partner(visit, partner_id, Scope.CUSTOMERS_WRITE)
    with visit.runtime.store.read() as session:
        held = templates.provisioning_ids(session, partner.partner_id)
    defaults = {**CUSTOMER_DEFAULTS, "provisioningId": held[0] if held else ""}
    form = FilledForm(portal.CUSTOMER_FIELDS, defaults)
    action = _post_url(visit, "ui_customer_create", partner_id)
    return form_page(visit, partner, NEW_CUSTOMER, form, intro=_CUSTOMER_INTRO, action=action)


_CUSTOMER_INTRO = (
    "The customer is provisioned asynchronously: it shows as provisioning until the simulator's "
    "transition mode moves it on, then its first location appears under Locations."
)


@router.post("/customers", name="ui_customer_create")
def customer_create(partner_id: int, posted: Posted = POSTED) -> Response:
    """Provision the customer; on success show it (provisioning)."""
    visit = posted.visit
    partner = acting_partner(visit, partner_id, Scope.CUSTOMERS_WRITE)

    def action(form: FilledForm) -> str:
        made = portal.provision_customer(visit.runtime, partner, form)
        return _customer_url(visit, partner_id, made)

    form = posted.form(portal.CUSTOMER_FIELDS)
    return attempt(visit, partner, NEW_CUSTOMER, form, action, intro=_CUSTOMER_INTRO)


def _customer_url(visit: Visit, partner_id: int, customer_id: str) -> str:
    return str(visit.request.url_for("ui_customer", partner_id=partner_id, customer_id=customer_id))


def _post_url(visit: Visit, name: str, partner_id: int, customer_id: str | None = None) -> str:
    if customer_id is None:
        return str(visit.request.url_for(name, partner_id=partner_id))
    return str(visit.request.url_for(name, partner_id=partner_id, customer_id=customer_id))


def _owned_org(visit: Visit, partner: Principal, customer_id: str) -> str:
    return CustomersBackend(visit.runtime, partner).get(customer_id, None).org_id


# -- locations and subscribers of a customer -----------------------------------------------
NEW_LOCATION = "Add a location"
NEW_SUBSCRIBER = "Add a subscriber"


@router.get("/customers/{customer_id}/locations/new", name="ui_location_new")
def location_new(partner_id: int, customer_id: str, visit: Visit = VISIT) -> HTMLResponse:
    """The location form of a customer."""
    partner = acting_partner(visit, partner_id, Scope.LOCATIONS_WRITE)
    _owned_org(visit, partner, customer_id)
    form = FilledForm(portal.LOCATION_FIELDS, {"preferredLanguage": "en_US"})
    back = _customer_url(visit, partner_id, customer_id)
    action = _post_url(visit, "ui_location_create", partner_id, customer_id)
    return form_page(visit, partner, NEW_LOCATION, form, back=back, action=action)


@router.post("/customers/{customer_id}/locations", name="ui_location_create")
def location_create(partner_id: int, customer_id: str, posted: Posted = POSTED) -> Response:
    """Create the location in the customer's org."""
    visit = posted.visit
    partner = acting_partner(visit, partner_id, Scope.LOCATIONS_WRITE)
    back = _customer_url(visit, partner_id, customer_id)

    def action(form: FilledForm) -> str:
        org_id = _owned_org(visit, partner, customer_id)
        portal.add_location(visit.runtime, partner, org_id, form)
        return back

    form = posted.form(portal.LOCATION_FIELDS)
    return attempt(visit, partner, NEW_LOCATION, form, action, back=back)


def _subscriber_form(
    visit: Visit, partner: Principal, customer_id: str
) -> tuple[Customer, tuple[FormField, ...]]:
    customer = CustomersBackend(visit.runtime, partner).get(customer_id, None)
    locations = _location_choices(visit.runtime, partner.partner_id, customer_id)
    return customer, portal.subscriber_fields(locations, customer.packages)


@router.get("/customers/{customer_id}/subscribers/new", name="ui_subscriber_new")
def subscriber_new(partner_id: int, customer_id: str, visit: Visit = VISIT) -> HTMLResponse:
    """The subscriber form of a customer (offering the customer's packages)."""
    partner = acting_partner(visit, partner_id, Scope.SUBSCRIBERS_WRITE)
    customer, fields = _subscriber_form(visit, partner, customer_id)
    back = _customer_url(visit, partner_id, customer_id)
    action = _post_url(visit, "ui_subscriber_create", partner_id, customer_id)
    intro = f"A subscriber of customer {customer.external_id}."
    form = FilledForm(fields, {})
    return form_page(visit, partner, NEW_SUBSCRIBER, form, back=back, action=action, intro=intro)


@router.post("/customers/{customer_id}/subscribers", name="ui_subscriber_create")
def subscriber_create(partner_id: int, customer_id: str, posted: Posted = POSTED) -> Response:
    """Provision the subscriber; on success list the customer's subscribers, saying so."""
    visit = posted.visit
    partner = acting_partner(visit, partner_id, Scope.SUBSCRIBERS_WRITE)
    customer, fields = _subscriber_form(visit, partner, customer_id)
    back = _customer_url(visit, partner_id, customer_id)

    def action(form: FilledForm) -> str:
        portal.add_subscriber(visit.runtime, partner, customer, form)
        flash(
            visit.request,
            f"Subscriber {form.value('email')} added to customer {customer.external_id}"
            f" with {form.value('package')}.",
        )
        listing = visit.request.url_for("ui_subscribers", partner_id=partner_id)
        return str(listing.include_query_params(customer=customer_id))

    return attempt(visit, partner, NEW_SUBSCRIBER, posted.form(fields), action, back=back)


# -- Setup Assist ---------------------------------------------------------------------------
NEW_REQUEST = "Submit a Setup Assist request"
ORDER = "Order A-Wholesale"
READINESS = "Mark readiness"


def _assist_url(visit: Visit, partner_id: int) -> str:
    return str(visit.request.url_for("ui_assist", partner_id=partner_id))


@router.get("/customers/{customer_id}/assist/new", name="ui_request_new")
def request_new(partner_id: int, customer_id: str, visit: Visit = VISIT) -> HTMLResponse:
    """The Setup Assist request form for one of a customer's locations."""
    partner = acting_partner(visit, partner_id, Scope.SETUP_ASSIST_WRITE)
    _owned_org(visit, partner, customer_id)
    fields = portal.assist_fields(_location_choices(visit.runtime, partner_id, customer_id))
    values: Values = {"channel": "form", "networkCheckDone": "on"}
    back = _customer_url(visit, partner_id, customer_id)
    action = _post_url(visit, "ui_request_create", partner_id, customer_id)
    return form_page(
        visit, partner, NEW_REQUEST, FilledForm(fields, values), back=back, action=action
    )


@router.post("/customers/{customer_id}/assist", name="ui_request_create")
def request_create(partner_id: int, customer_id: str, posted: Posted = POSTED) -> Response:
    """Submit the request; on success show its project."""
    visit = posted.visit
    partner = acting_partner(visit, partner_id, Scope.SETUP_ASSIST_WRITE)
    fields = portal.assist_fields(_location_choices(visit.runtime, partner_id, customer_id))

    def action(form: FilledForm) -> str:
        view = portal.submit_assist_request(visit.runtime, partner, customer_id, form)
        url = visit.request.url_for(
            "ui_assist_request", partner_id=partner_id, request_id=view.request.id
        )
        return str(url)

    back = _customer_url(visit, partner_id, customer_id)
    return attempt(visit, partner, NEW_REQUEST, posted.form(fields), action, back=back)


@router.get("/assist-order", name="ui_order_new")
def order_new(partner_id: int, visit: Visit = VISIT) -> HTMLResponse:
    """The A-Wholesale order form."""
    partner = acting_partner(visit, partner_id, Scope.SETUP_ASSIST_WRITE)
    form = FilledForm(portal.ENTITLEMENT_FIELDS, {"quantity": "1"})
    action = _post_url(visit, "ui_order_create", partner_id)
    back = _assist_url(visit, partner_id)
    return form_page(visit, partner, ORDER, form, back=back, action=action)


@router.post("/assist-order", name="ui_order_create")
def order_create(partner_id: int, posted: Posted = POSTED) -> Response:
    """Order A-Wholesale (once per partner, quantity 1)."""
    visit = posted.visit
    partner = acting_partner(visit, partner_id, Scope.SETUP_ASSIST_WRITE)
    back = _assist_url(visit, partner_id)

    def action(form: FilledForm) -> str:
        portal.order_a_wholesale(visit.runtime, partner, form)
        return back

    form = posted.form(portal.ENTITLEMENT_FIELDS)
    return attempt(visit, partner, ORDER, form, action, back=back)


@router.get("/assist-readiness", name="ui_readiness_edit")
def readiness_edit(partner_id: int, visit: Visit = VISIT) -> HTMLResponse:
    """The readiness form, showing the items as they stand."""
    partner = acting_partner(visit, partner_id, Scope.SETUP_ASSIST_WRITE)
    now = ReadinessBody.of(SetupAssistBackend(visit.runtime, partner).readiness())
    values: Values = {
        name: "on" if ticked else "" for name, ticked in now.model_dump(by_alias=True).items()
    }
    form = FilledForm(portal.READINESS_FIELDS, values)
    action = _post_url(visit, "ui_readiness_save", partner_id)
    back = _assist_url(visit, partner_id)
    return form_page(visit, partner, READINESS, form, back=back, action=action)


@router.post("/assist-readiness", name="ui_readiness_save")
def readiness_save(partner_id: int, posted: Posted = POSTED) -> Response:
    """Replace the readiness items with the ticked ones."""
    visit = posted.visit
    partner = acting_partner(visit, partner_id, Scope.SETUP_ASSIST_WRITE)
    back = _assist_url(visit, partner_id)

    def action(form: FilledForm) -> str:
        portal.mark_readiness(visit.runtime, partner, form)
        return back

    form = posted.form(portal.READINESS_FIELDS)
    return attempt(visit, partner, READINESS, form, action, back=back)


@router.post("/assist/{request_id}/tasks", name="ui_task_done")
def task_done(partner_id: int, request_id: str, posted: Posted = POSTED) -> RedirectResponse:
    """Mark one of the partner's tasks of the current phase done, then show the project."""
    visit = posted.visit
    partner = acting_partner(visit, partner_id, Scope.SETUP_ASSIST_WRITE)
    phase = posted.one("phase")
    if not phase.isdigit():
        raise SimulatorError("api-invalid-request", field="phase", reason="phase must be a number")
    SetupAssistBackend(visit.runtime, partner).complete_task(
        request_id, int(phase), posted.one("task")
    )
    url = visit.request.url_for("ui_assist_request", partner_id=partner_id, request_id=request_id)
    return redirect(visit, str(url))


# -- billing --------------------------------------------------------------------------------
NEW_REPORT = "Create a billing report"


@router.get("/billing/new", name="ui_report_new")
def report_new(partner_id: int, visit: Visit = VISIT) -> HTMLResponse:
    """The billing report form, preset to last month."""
    partner = acting_partner(visit, partner_id, Scope.BILLING_WRITE)
    with visit.runtime.store.read() as session:
        today = visit.runtime.clock.now(visit.runtime.store.state(session)).date()
    form = FilledForm(portal.REPORT_FIELDS, _last_month(today))
    back = str(visit.request.url_for("ui_billing", partner_id=partner_id))
    action = _post_url(visit, "ui_report_create", partner_id)
    return form_page(visit, partner, NEW_REPORT, form, back=back, action=action)


def _last_month(today: date) -> Values:
    end = today.replace(day=1) - timedelta(days=1)
    return {
        "billingStartDate": end.replace(day=1).isoformat(),
        "billingEndDate": end.isoformat(),
        "type": "PARTNER",
    }


@router.post("/billing", name="ui_report_create")
def report_create(partner_id: int, posted: Posted = POSTED) -> Response:
    """Start the report; on success list the reports (it completes as the clock says)."""
    visit = posted.visit
    partner = acting_partner(visit, partner_id, Scope.BILLING_WRITE)
    back = str(visit.request.url_for("ui_billing", partner_id=partner_id))

    def action(form: FilledForm) -> str:
        portal.create_report(visit.runtime, partner, form)
        return back

    form = posted.form(portal.REPORT_FIELDS)
    return attempt(visit, partner, NEW_REPORT, form, action, back=back)


__all__ = ["router"]
