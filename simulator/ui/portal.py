"""The partner portal's manual forms: what each asks, and the one backend call each makes.

Every form builds the API's own wire body (``CustomerCreate``, ``LocationCreate``,
``SubscriberCreate``, ``EntitlementOrder``, ``ReadinessBody``, ``AssistRequestCreate``,
``ReportCreate``) and hands it to the backend the API route calls, so a form and an API call
are accepted or refused alike, with the same codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from bulk.rules import fields as rule
from bulk.rules.deadline import ASSIST_LEAD_BUSINESS_DAYS
from bulk.rules.fields import FieldRule
from bulk.rules.packages import subscriber_package_violations
from bulk.rules.violations import RuleViolation, Violation
from simulator.auth import Principal
from simulator.billing.models import BillingBackend
from simulator.billing.schemas import ReportCreate, ReportType
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
from simulator.ui.choices import (
    EXTENSION_HINT,
    POSTAL_HINT,
    STATE_HINT,
    country_choices,
    hint,
    language_choices,
    plain_choices,
    time_zone_choices,
)
from simulator.ui.forms import (
    FilledForm,
    FormField,
    Kind,
    invalid_fields,
    labels_of,
    missing,
    nested,
)

Model = TypeVar("Model", bound=BaseModel)
DEFAULT_PROVISIONING_ID = "ZjViMzYxODctYzhkZC00NzI3LThiMmYtZjljNDQ3ZjI5MDQ2"
CALLING_LOCATION = "provisioningParameters.calling.location"


def _ruled(name: str, label: str, rule: FieldRule, kind: Kind = "text", **more: Any) -> FormField:
    """An input as the rulebook has the field: required when the rule requires it (a field
    required unless one these forms do not offer, such as Existing Org ID, is required), its
    limits in the hint after what ``more["hint"]`` says, its allowed values as options unless
    ``more`` gives them."""
    said = hint(rule, more.pop("hint", ""))
    required = rule.required or rule.required_unless is not None
    if kind in ("select", "checkboxes") and "options" not in more:
        more["options"] = plain_choices(rule.choices)
    return FormField(name, label, kind, required=required, hint=said, **more)


def _address(prefix: str, calling: bool) -> tuple[FormField, ...]:
    def catches(name: str) -> tuple[str, ...]:
        return (f"callingLocation.address.{name}",) if calling else ()

    return (
        _ruled(
            f"{prefix}.addressLine1",
            "Address line 1",
            rule.ADDRESS_LINE1,
            catches=catches("addressLine1"),
        ),
        _ruled(
            f"{prefix}.addressLine2",
            "Address line 2",
            rule.ADDRESS_LINE2,
            catches=catches("addressLine2"),
        ),
        _ruled(f"{prefix}.city", "City", rule.CITY, catches=catches("city")),
        _ruled(
            f"{prefix}.stateOrProvince",
            "State or province",
            rule.STATE,
            catches=catches("stateOrProvince"),
            hint=STATE_HINT,
        ),
        _ruled(
            f"{prefix}.zipOrPostalCode",
            "Postal code",
            rule.POSTAL_CODE,
            catches=catches("zipOrPostalCode"),
            hint=POSTAL_HINT,
        ),
        _ruled(
            f"{prefix}.country",
            "Country",
            rule.COUNTRY,
            "select",
            options=country_choices(),
            catches=catches("country"),
        ),
    )


CUSTOMER_FIELDS: tuple[FormField, ...] = (
    _ruled("externalId", "External ID", rule.EXTERNAL_ID, hint="Your unique key for it."),
    _ruled("customerInfo.name", "Customer name", rule.CUSTOMER_NAME),
    _ruled("customerInfo.primaryEmail", "Primary email", rule.PRIMARY_EMAIL, "email"),
    _ruled(
        "customerInfo.language",
        "Language",
        rule.CUSTOMER_LANGUAGE,
        "select",
        options=language_choices("(default)"),
    ),
    *_address("address", calling=True),
    _ruled("packages", "Packages", rule.CUSTOMER_PACKAGE_LIST, "checkboxes"),
    _ruled(
        "location.name",
        "First location name",
        rule.LOCATION_NAME,
        catches=(CALLING_LOCATION, f"{CALLING_LOCATION}.name"),
        hint="Becomes the calling location, at the billing address.",
    ),
    _ruled(
        "location.timezone",
        "Location time zone",
        rule.TIMEZONE,
        "select",
        options=time_zone_choices(),
        catches=(f"{CALLING_LOCATION}.timezone",),
    ),
    _ruled(
        "location.language",
        "Location language",
        rule.LOCATION_LANGUAGE,
        "select",
        options=language_choices(),
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
    _ruled("name", "Location name", rule.LOCATION_NAME),
    _ruled("timeZone", "Time zone", rule.TIMEZONE, "select", options=time_zone_choices()),
    _ruled(
        "preferredLanguage",
        "Language",
        rule.LOCATION_LANGUAGE,
        "select",
        options=language_choices(),
        catches=("announcementLanguage",),
    ),
    _ruled("address.address1", "Address line 1", rule.ADDRESS_LINE1),
    _ruled("address.address2", "Address line 2", rule.ADDRESS_LINE2),
    _ruled("address.city", "City", rule.CITY),
    _ruled("address.state", "State or region", rule.STATE, hint=STATE_HINT),
    _ruled("address.postalCode", "Postal code", rule.POSTAL_CODE, hint=POSTAL_HINT),
    _ruled("address.country", "Country", rule.COUNTRY, "select", options=country_choices()),
)


def subscriber_fields(
    locations: Sequence[tuple[str, str]], packages: Sequence[str]
) -> tuple[FormField, ...]:
    """The subscriber form, offering the customer's ``(id, name)`` locations and those of its
    ``packages`` a subscriber can have."""
    offered = [p for p in rule.SUBSCRIBER_PACKAGE.choices if p in packages]
    return (
        _ruled("email", "Email", rule.EMAIL, "email"),
        _ruled(
            "firstName",
            "First name",
            rule.FIRST_NAME,
            catches=("provisioningParameters.firstName",),
        ),
        _ruled(
            "lastName", "Last name", rule.LAST_NAME, catches=("provisioningParameters.lastName",)
        ),
        _ruled(
            "package",
            "Package",
            rule.SUBSCRIBER_PACKAGE,
            "select",
            options=(("", "(choose a package)"), *plain_choices(offered)),
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
        _ruled(
            "primaryPhoneNumber",
            "Phone number",
            rule.PHONE_NUMBER,
            "tel",
            catches=("phone_number", "provisioningParameters.primaryPhoneNumber"),
            hint="E.164, such as +14085550123.",
        ),
        _ruled(
            "extension",
            "Extension",
            rule.EXTENSION,
            catches=("provisioningParameters.extension",),
            hint=EXTENSION_HINT,
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
        options=plain_choices(get_args(ReportType)),
    ),
)
CHANNEL_WORDS = {"form": "request form", "api": "API", "helpdesk": "help desk"}
"""How the form names the rulebook's channels."""


def assist_fields(locations: Sequence[tuple[str, str]]) -> tuple[FormField, ...]:
    """The Setup Assist request form, offering the customer's ``(id, label)`` locations."""
    lead = ASSIST_LEAD_BUSINESS_DAYS
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
        _ruled(
            "requestedCompletionDate",
            "Requested completion date",
            rule.COMPLETION_DATE,
            "date",
            hint=f"At least {lead} business days after today, the location's holidays aside.",
        ),
        _ruled("contact.name", "Contact name", rule.CONTACT_NAME),
        _ruled("contact.email", "Contact email", rule.CONTACT_EMAIL, "email"),
        _ruled("contact.phone", "Contact phone", rule.CONTACT_PHONE, "tel"),
        _ruled(
            "channel",
            "Channel",
            rule.CHANNEL,
            "select",
            options=tuple((c, CHANNEL_WORDS.get(c, c)) for c in rule.CHANNEL.choices),
        ),
        FormField("networkCheckDone", "Network connectivity check done", "checkbox"),
        _ruled("notes", "Notes", rule.NOTES, "textarea"),
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
    if "address" in values:  # the Locations API requires these keys; blank, the rulebook judges
        values["address"] = {"state": "", "postalCode": "", **values["address"]}
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
