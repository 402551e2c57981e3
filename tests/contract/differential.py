"""The two verdicts the differential test compares (docs/validator.md, "Field rules").

* The validator's: a workbook of four sheets written with the template's headers, holding one
  valid customer (its calling location first, a second location), one subscriber and one Setup
  Assist request, validated as ``rtm validate`` does; the verdict is the error codes at the
  changed row.
* The simulator's: the request the importer would send for that row (built by the importer's
  own payload functions, bulk/importer/payloads.py, from the validator's typed rows), parsed by
  the simulator's wire model and checked by its request checks, in process; the verdict is the
  error codes of every check that request meets before any stored state is looked at. For a
  location there is a second request: *Update a Location* of the valid stored location with the
  changed field alone (as the create request carries it), checked against the stored address.

A required value left blank never reaches the API as such: the importer leaves the field out,
and the API refuses the malformed request (``api-invalid-request`` naming the field). Both
``cell-required`` (or ``customer-info-required``) and that refusal are the verdict *absent*.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bulk.importer.payloads import assist_body, customer_body, location_body, subscriber_body
from bulk.rules.catalogue import Severity
from bulk.rules.packages import needs_calling_location, subscriber_package_violations
from bulk.rules.violations import Violation
from bulk.validation import validate_workbook
from bulk.workbook.rows import ParsedWorkbook
from simulator.customers.checks import create_violations as customer_violations
from simulator.customers.checks import email_violations
from simulator.customers.schemas import CustomerCreate
from simulator.locations.checks import create_violations as location_violations
from simulator.locations.checks import update_violations as location_update_violations
from simulator.locations.schemas import LocationCreate, LocationUpdate
from simulator.setup_assist.checks import request_violations
from simulator.setup_assist.schemas import AssistRequestCreate
from simulator.subscribers import checks as subscriber_checks
from simulator.subscribers.schemas import SubscriberCreate
from tests.bulk.validator_support import write_book

AS_OF = dt.date(2026, 11, 25)
ABSENT = "absent"
_ABSENT_CODES = frozenset({"cell-required", "customer-info-required", "api-invalid-request"})
_MISSING = frozenset({"missing", "string_too_short"})

Rows = dict[str, list[dict[str, Any]]]


def base_rows() -> Rows:
    """A valid workbook: every row of it passes, and so does every request made from it."""
    address = {
        "address_line1": "1 Main St",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "country": "US",
    }
    return {
        "Customers": [
            {
                "external_id": "c1",
                "name": "Acme",
                "primary_email": "admin@acme.example.com",
                "language": "en",
                **address,
                "packages": "webex_calling, webex_meetings",
            }
        ],
        "Locations": [
            {
                "customer_external_id": "c1",
                "name": name,
                **address,
                "timezone": "America/Chicago",
                "language": "en_US",
                "emergency_location_id": "95547321",
            }
            for name in ("HQ", "Branch")
        ],
        "Subscribers": [
            {
                "customer_external_id": "c1",
                "email": "ann.lee@acme.example.com",
                "first_name": "Ann",
                "last_name": "Lee",
                "package": "webex_calling",
                "location_name": "HQ",
                "phone_number": "+12175550100",
                "extension": "100",
            }
        ],
        "Setup Assist": [
            {
                "customer_external_id": "c1",
                "location_name": "HQ",
                "requested_completion_date": dt.date(2027, 6, 15),
                "contact_name": "Bo Diaz",
                "contact_email": "bo@acme.example.com",
                "contact_phone": "+12175550199",
                "channel": "api",
                "network_check_done": "yes",
                "notes": "Ring the bell.",
            }
        ],
    }


@dataclass(frozen=True)
class Target:
    """One field of one row, and the request the importer makes from that row."""

    sheet: str
    index: int
    key: str
    request: str


def changed_rows(target: Target, value: Any) -> Rows:
    """The valid workbook with one field changed (a renamed customer's rows follow it)."""
    rows = base_rows()
    rows[target.sheet][target.index][target.key] = value
    if target.key == "external_id":
        for sheet in ("Locations", "Subscribers", "Setup Assist"):
            for row in rows[sheet]:
                row["customer_external_id"] = value
    return rows


_WORKDIR = Path(tempfile.mkdtemp(prefix="rtm-differential-"))


def validator_verdict(rows: Rows, target: Target) -> tuple[frozenset[str], ParsedWorkbook]:
    """The error codes the validator reports at the target's row, and the typed rows."""
    path = write_book(_WORKDIR / "book.xlsx", rows)
    result = validate_workbook(path, as_of=AS_OF)
    row_number = target.index + 2
    codes = {
        issue.code
        for issue in result.report.issues
        if issue.sheet == target.sheet
        and issue.row == row_number
        and issue.severity is Severity.ERROR
    }
    return _fold(codes), result.workbook


def _fold(codes: set[str]) -> frozenset[str]:
    return frozenset(ABSENT if code in _ABSENT_CODES else code for code in codes)


def _parsed(model: type[BaseModel], body: dict[str, Any]) -> BaseModel | frozenset[str]:
    """The wire model, or the verdict of a body the simulator refuses before its checks."""
    try:
        return model.model_validate(body)
    except ValidationError as err:
        kinds = {e["type"] for e in err.errors()}
        return frozenset({ABSENT}) if kinds <= _MISSING else frozenset({"api-invalid-request"})


def _codes(violations: list[Violation]) -> frozenset[str]:
    return _fold({v.code for v in violations if v.severity is Severity.ERROR})


def _customer(book: ParsedWorkbook) -> frozenset[str]:
    customer = book.customers[0]
    first = book.locations[0] if needs_calling_location(customer.packages) else None
    parsed = _parsed(CustomerCreate, customer_body(customer, first, "template-1"))
    if isinstance(parsed, frozenset):
        return parsed
    assert isinstance(parsed, CustomerCreate)
    return _codes(customer_violations(parsed))


def _location(book: ParsedWorkbook) -> frozenset[str]:
    parsed = _parsed(LocationCreate, location_body(book.locations[1]))
    if isinstance(parsed, frozenset):
        return parsed
    assert isinstance(parsed, LocationCreate)
    return _codes(location_violations(parsed))


_LOCATION_WIRE: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "timezone": ("timeZone",),
    "language": ("preferredLanguage",),
    "address_line1": ("address", "address1"),
    "address_line2": ("address", "address2"),
    "city": ("address", "city"),
    "state": ("address", "state"),
    "postal_code": ("address", "postalCode"),
    "country": ("address", "country"),
}
"""Where each Locations column goes in a Locations API body."""


@functools.cache
def _stored_address() -> dict[str, Any]:
    """The address of the base workbook's second location, as *Create a Location* stored it."""
    book = validate_workbook(write_book(_WORKDIR / "base.xlsx", base_rows()), as_of=AS_OF)
    address: dict[str, Any] = location_body(book.workbook.locations[1])["address"]
    return address


def _location_update(book: ParsedWorkbook, key: str) -> frozenset[str]:
    """*Update a Location* of the stored (valid) location with the one changed field, carried
    as the create request carries it (a blank address line 2 is left out)."""
    body = location_body(book.locations[1])
    *parents, last = _LOCATION_WIRE[key]
    source, change = body, {}
    target = change
    for part in parents:
        source, target = source[part], target.setdefault(part, {})
    if last in source:
        target[last] = source[last]
    parsed = _parsed(LocationUpdate, change)
    if isinstance(parsed, frozenset):
        return parsed
    assert isinstance(parsed, LocationUpdate)
    return _codes(location_update_violations(parsed, _stored_address()))


def _subscriber(book: ParsedWorkbook) -> frozenset[str]:
    row = book.subscribers[0]
    location_id = "location-1" if row.location_name else None
    parsed = _parsed(SubscriberCreate, subscriber_body(row, "customer-1", location_id))
    if isinstance(parsed, frozenset):
        return parsed
    assert isinstance(parsed, SubscriberCreate)
    params = parsed.provisioning_parameters
    package = (parsed.packages or [""])[0]
    if not package:
        return frozenset({ABSENT})
    phone = subscriber_checks.normalised_phone(params.primary_phone_number)
    found = email_violations(parsed.email, "email")
    found += subscriber_checks.name_violations(params.first_name, params.last_name)
    found += subscriber_checks.number_violations(phone, params.extension)
    found += subscriber_package_violations(
        package,
        book.customers[0].packages,
        customer="c1",
        has_location=bool(params.location_id),
        has_number=bool(phone or params.extension),
    )
    return _codes(found)


def _assist(book: ParsedWorkbook) -> frozenset[str]:
    parsed = _parsed(AssistRequestCreate, assist_body(book.assists[0], "customer-1", "location-1"))
    if isinstance(parsed, frozenset):
        return parsed
    assert isinstance(parsed, AssistRequestCreate)
    return _codes(request_violations(parsed))


SIMULATOR: dict[str, Callable[[ParsedWorkbook], frozenset[str]]] = {
    "customer": _customer,
    "location": _location,
    "subscriber": _subscriber,
    "assist": _assist,
}


def simulator_verdict(book: ParsedWorkbook, target: Target) -> frozenset[str]:
    """The error codes the simulator's request checks give the target row's request."""
    if target.request == "location-update":
        return _location_update(book, target.key)
    return SIMULATOR[target.request](book)
