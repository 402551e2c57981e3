"""The partner portal's manual forms: what each asks, and the one backend call each makes.

Every form builds the API's own wire body (``CustomerCreate``, ``LocationCreate``,
``SubscriberCreate``, ``EntitlementOrder``, ``ReadinessBody``, ``AssistRequestCreate``,
``ReportCreate``) and hands it to the backend the API route calls, so a form and an API call
are accepted or refused alike, with the same codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bulk.rules import fields as rule
from bulk.rules.languages import LANGUAGES
from bulk.rules.packages import (
    CUSTOMER_PACKAGES,
    SUBSCRIBER_PACKAGES,
    subscriber_package_violations,
)
from bulk.rules.violations import RuleViolation, Violation
from simulator.auth import Principal
from simulator.billing.models import BillingBackend
from simulator.billing.schemas import ReportCreate
from simulator.customers.checks import email_violations
from simulator.customers.models import CustomersBackend
from simulator.customers.schemas import CustomerCreate
from simulator.db.tables import Customer
from simulator.locations.models import LocationsBackend
from simulator.locations.schemas import LocationCreate
from simulator.runtime import Runtime
from simulator.setup_assist.models import SetupAssistBackend
from simulator.setup_assist.project import RequestView
from simulator.setup_assist.schemas import AssistRequestCreate, EntitlementOrder, ReadinessBody
from simulator.subscribers.checks import normalised_phone, number_violations
from simulator.subscribers.models import SubscribersBackend
from simulator.subscribers.schemas import SubscriberCreate
from simulator.ui.choices import country_choices, time_zone_choices
from simulator.ui.forms import FilledForm, FormField, invalid_fields, labels_of, missing, nested

Model = TypeVar("Model", bound=BaseModel)
DEFAULT_PROVISIONING_ID = "ZjViMzYxODctYzhkZC00NzI3LThiMmYtZjljNDQ3ZjI5MDQ2"
CALLING_LOCATION = "provisioningParameters.calling.location"


def _choices(names: Sequence[str]) -> tuple[tuple[str, str], ...]:
    return tuple((n, n) for n in names)


def _address(prefix: str, calling: bool) -> tuple[FormField, ...]:
    def catches(name: str) -> tuple[str, ...]:
        return (f"callingLocation.address.{name}",) if calling else ()

    return (
        FormField(
            f"{prefix}.addressLine1",
            "Address line 1",
            required=True,
            catches=catches("addressLine1"),
            hint="At most 50 characters.",
        ),
        FormField(f"{prefix}.addressLine2", "Address line 2", catches=catches("addressLine2")),
        FormField(f"{prefix}.city", "City", required=True),
        FormField(
            f"{prefix}.stateOrProvince", "State or province", hint="Required for US, CA and AU."
        ),
        FormField(f"{prefix}.zipOrPostalCode", "Postal code"),
        FormField(
            f"{prefix}.country",
            "Country",
            "select",
            required=True,
            options=country_choices(),
            catches=catches("country"),
        ),
    )


CUSTOMER_FIELDS: tuple[FormField, ...] = (
    FormField("externalId", "External ID", required=True, hint="Your unique key for it."),
    FormField("customerInfo.name", "Customer name", required=True, hint="No % sign."),
    FormField("customerInfo.primaryEmail", "Primary email", "email", required=True),
    FormField(
        "customerInfo.language",
        "Language",
        "select",
        options=(("", "(default)"), *_choices(LANGUAGES)),
    ),
    *_address("address", calling=True),
    FormField(
        "packages", "Packages", "checkboxes", required=True, options=_choices(CUSTOMER_PACKAGES)
    ),
    FormField(
        "location.name",
        "First location name",
        required=True,
        catches=(CALLING_LOCATION, f"{CALLING_LOCATION}.name"),
        hint="Becomes the calling location, at the billing address.",
    ),
    FormField(
        "location.timezone",
        "Location time zone",
        "select",
        required=True,
        options=time_zone_choices(),
        catches=(f"{CALLING_LOCATION}.timezone",),
    ),
    FormField(
        "location.language",
        "Location language",
        required=True,
        catches=(f"{CALLING_LOCATION}.language",),
    ),
    FormField(
        "provisioningId",
        "Provisioning ID",
        required=True,
        hint="The provisioning template of your partner org.",
    ),
)


LOCATION_FIELDS: tuple[FormField, ...] = (
    FormField("name", "Location name", required=True),
    FormField("timeZone", "Time zone", "select", required=True, options=time_zone_choices()),
    FormField("preferredLanguage", "Language", required=True, catches=("announcementLanguage",)),
    FormField("address.address1", "Address line 1", required=True),
    FormField("address.address2", "Address line 2"),
    FormField("address.city", "City", required=True),
    FormField("address.state", "State or region", required=True),
    FormField("address.postalCode", "Postal code", required=True),
    FormField("address.country", "Country", "select", required=True, options=country_choices()),
)


def subscriber_fields(
    locations: Sequence[tuple[str, str]], packages: Sequence[str]
) -> tuple[FormField, ...]:
    """The subscriber form, offering the customer's ``(id, name)`` locations and those of its
    ``packages`` a subscriber can have."""
    offered = [p for p in SUBSCRIBER_PACKAGES if p in packages]
    return (
        FormField("email", "Email", "email", required=True),
        FormField(
            "firstName",
            "First name",
            required=rule.FIRST_NAME.required,
            catches=("provisioningParameters.firstName",),
        ),
        FormField(
            "lastName",
            "Last name",
            required=rule.LAST_NAME.required,
            catches=("provisioningParameters.lastName",),
        ),
        FormField(
            "package",
            "Package",
            "select",
            required=True,
            options=(("", "(choose a package)"), *_choices(offered)),
            catches=("packages",),
            hint="The customer's packages a subscriber can have.",
        ),
        FormField(
            "locationId",
            "Location",
            "select",
            options=(("", "(none)"), *locations),
            catches=("location_name", "provisioningParameters.locationId"),
            hint="Calling packages need one.",
        ),
        FormField(
            "primaryPhoneNumber",
            "Phone number",
            "tel",
            catches=("phone_number", "provisioningParameters.primaryPhoneNumber"),
            hint="E.164, such as +14085550123.",
        ),
        FormField(
            "extension",
            "Extension",
            catches=("provisioningParameters.extension",),
            hint="2 to 10 digits.",
        ),
    )


ENTITLEMENT_FIELDS: tuple[FormField, ...] = (
    FormField("orderNumber", "Order number", required=True, hint="Your CCW order number."),
    FormField("quantity", "Quantity", "number", required=True, hint="A-Wholesale is ordered once."),
)
READINESS_FIELDS: tuple[FormField, ...] = (
    FormField("pstnConnectivity", "PSTN connectivity is in place", "checkbox"),
    FormField("hostingRequirements", "Third-party hosting requirements are met", "checkbox"),
    FormField("ossBss", "OSS/BSS configuration is done", "checkbox"),
)
REPORT_FIELDS: tuple[FormField, ...] = (
    FormField("billingStartDate", "First day", "date", required=True, catches=("period",)),
    FormField("billingEndDate", "Last day", "date", required=True),
    FormField(
        "type",
        "Report type",
        "select",
        required=True,
        options=_choices(("PARTNER", "CUSTOMER", "USER")),
    ),
)


def assist_fields(locations: Sequence[tuple[str, str]]) -> tuple[FormField, ...]:
    """The Setup Assist request form, offering the customer's ``(id, label)`` locations."""
    return (
        FormField(
            "locationId",
            "Location",
            "select",
            required=True,
            options=tuple(locations),
            catches=("location_name", "customerId"),
            hint="One request per location.",
        ),
        FormField(
            "requestedCompletionDate",
            "Requested completion date",
            "date",
            required=True,
            hint="At least six business days after today, the location's holidays aside.",
        ),
        FormField("contact.name", "Contact name", required=True),
        FormField("contact.email", "Contact email", "email", required=True),
        FormField("contact.phone", "Contact phone", "tel"),
        FormField(
            "channel",
            "Channel",
            "select",
            options=(("form", "request form"), ("api", "API"), ("helpdesk", "help desk")),
        ),
        FormField("networkCheckDone", "Network connectivity check done", "checkbox"),
        FormField("notes", "Notes", "textarea"),
    )


def _validated(
    model: type[Model], body: dict[str, Any], form: FilledForm, *more: Violation
) -> Model:
    """The wire body, or every problem of the form at once (required inputs left empty, the
    wire model's own checks, and ``more``) as one refusal."""
    found = [*missing(form.fields, form.values), *more]
    try:
        made = model.model_validate(body)
    except ValidationError as error:
        empty = {v.field for v in found}
        found += [v for v in invalid_fields(error, labels_of(form.fields)) if v.field not in empty]
    else:
        if not found:
            return made
    raise RuleViolation(_unique(found))


def _unique(violations: list[Violation]) -> list[Violation]:
    seen: set[tuple[str, str | None]] = set()
    kept = []
    for violation in violations:
        if (violation.code, violation.field) not in seen:
            seen.add((violation.code, violation.field))
            kept.append(violation)
    return kept


def provision_customer(runtime: Runtime, principal: Principal, form: FilledForm) -> str:
    """Provision a customer with its first (calling) location; returns its id."""
    values = nested(form.values)
    location = values.pop("location", {})
    if location.get("name"):
        location["address"] = values.get("address", {})
        values["provisioningParameters"] = {"calling": {"location": location}}
    body = _validated(CustomerCreate, values, form)
    return CustomersBackend(runtime, principal).provision(body, None)


def add_location(runtime: Runtime, principal: Principal, org_id: str, form: FilledForm) -> str:
    """Create a location in a customer's org; returns its id."""
    values = nested(form.values)
    values["announcementLanguage"] = values.get("preferredLanguage", "")
    body = _validated(LocationCreate, values, form)
    return LocationsBackend(runtime, principal).create(org_id, body)


def add_subscriber(
    runtime: Runtime, principal: Principal, customer: Customer, form: FilledForm
) -> str:
    """Provision a subscriber of a customer; returns its id. Every problem the API would find
    in the form's values is reported at once (the API stops at the first kind)."""
    values = nested(form.values)
    body: dict[str, Any] = {
        "customerId": customer.id,
        "email": values.pop("email", ""),
        "packages": [values.pop("package")] if values.get("package") else None,
        "provisioningParameters": values,
    }
    made = _validated(SubscriberCreate, body, form, *_subscriber_problems(form, customer))
    return SubscribersBackend(runtime, principal).provision(made, None).subscriber.id


def _subscriber_problems(form: FilledForm, customer: Customer) -> list[Violation]:
    """The API's checks of a subscriber's email, number and package, on the form's values."""
    email, package = form.value("email"), form.value("package")
    phone = normalised_phone(form.value("primaryPhoneNumber") or None)
    extension = form.value("extension") or None
    found = email_violations(email, "email") if email else []
    found += number_violations(phone, extension)
    if package:
        found += subscriber_package_violations(
            package,
            customer.packages,
            customer=customer.external_id,
            has_location=bool(form.value("locationId")),
            has_number=bool(phone or extension),
        )
    return found


def order_a_wholesale(runtime: Runtime, principal: Principal, form: FilledForm) -> None:
    """Order the A-Wholesale SKU."""
    values = {"sku": "A-Wholesale", **nested(form.values)}
    SetupAssistBackend(runtime, principal).order_entitlement(
        _validated(EntitlementOrder, values, form)
    )


def mark_readiness(runtime: Runtime, principal: Principal, form: FilledForm) -> None:
    """Replace the partner's readiness items with the ticked ones."""
    values = {f.name: form.value(f.name) == "on" for f in form.fields}
    SetupAssistBackend(runtime, principal).set_readiness(_validated(ReadinessBody, values, form))


def submit_assist_request(
    runtime: Runtime, principal: Principal, customer_id: str, form: FilledForm
) -> RequestView:
    """Submit a Setup Assist request for one of the customer's locations."""
    values = nested(form.values)
    values["customerId"] = customer_id
    values["networkCheckDone"] = form.value("networkCheckDone") == "on"
    body = _validated(AssistRequestCreate, values, form)
    view, _ = SetupAssistBackend(runtime, principal).submit(body)
    return view


def create_report(runtime: Runtime, principal: Principal, form: FilledForm) -> str:
    """Start a billing report; returns its id."""
    body = _validated(ReportCreate, nested(form.values), form)
    return BillingBackend(runtime, principal).create(body).id


__all__ = [
    "CUSTOMER_FIELDS",
    "DEFAULT_PROVISIONING_ID",
    "ENTITLEMENT_FIELDS",
    "LOCATION_FIELDS",
    "READINESS_FIELDS",
    "REPORT_FIELDS",
    "add_location",
    "add_subscriber",
    "assist_fields",
    "create_report",
    "mark_readiness",
    "order_a_wholesale",
    "provision_customer",
    "submit_assist_request",
    "subscriber_fields",
]
