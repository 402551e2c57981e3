"""Every example request body of the vendor's references (reference/webex-wholesale.openapi.json
and reference/webex-locations.openapi.json) passes the simulator's request checks, and the
workbook rows that would produce those requests pass the validator (docs/validator.md, "Field
rules").

The wholesale reference writes some example strings with their quotes inside the value
(``"\\"771 Alder Drive\\""``, ``"'en'"``); one layer of such quotes is taken off first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bulk.rules.catalogue import Severity
from bulk.rules.violations import Violation
from bulk.validation import validate_workbook
from simulator.customers import checks as customer_checks
from simulator.customers.schemas import CustomerCreate, CustomerPrecheck, CustomerUpdate
from simulator.locations import checks as location_checks
from simulator.locations.schemas import LocationCreate, LocationUpdate
from simulator.subscribers import checks as subscriber_checks
from simulator.subscribers.schemas import SubscriberCreate, SubscriberPrecheck, SubscriberUpdate
from tests.bulk.validator_support import write_book

REFERENCE = Path(__file__).parents[2] / "reference"


def _unquoted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _unquoted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unquoted(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _examples() -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for name in ("webex-wholesale.openapi.json", "webex-locations.openapi.json"):
        spec = json.loads((REFERENCE / name).read_text(encoding="utf-8"))
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                content = (operation.get("requestBody") or {}).get("content", {})
                example = content.get("application/json", {}).get("example")
                if example is not None and "billing" not in path:
                    found[(method.upper(), path)] = _unquoted(example)
    return found


EXAMPLES = _examples()


def _subscriber(body: dict[str, Any]) -> list[Violation]:
    parsed = SubscriberCreate.model_validate(body)
    params = parsed.provisioning_parameters
    subscriber_checks.one_package(parsed.package, parsed.packages)
    phone = subscriber_checks.normalised_phone(params.primary_phone_number)
    return (
        customer_checks.email_violations(parsed.email, "email")
        + subscriber_checks.name_violations(params.first_name, params.last_name)
        + subscriber_checks.number_violations(phone, params.extension)
    )


def _subscriber_update(body: dict[str, Any]) -> list[Violation]:
    parsed = SubscriberUpdate.model_validate(body)
    subscriber_checks.one_package(parsed.package, parsed.packages)
    params = parsed.provisioning_parameters
    assert params is not None
    phone = subscriber_checks.normalised_phone(params.primary_phone_number)
    return subscriber_checks.number_violations(phone, params.extension)


def _location_update(body: dict[str, Any]) -> list[Violation]:
    """The update example applied to the location the create example makes."""
    stored_address = EXAMPLES[("POST", "/locations")]["address"]
    return location_checks.update_violations(LocationUpdate.model_validate(body), stored_address)


CHECKS: dict[tuple[str, str], Callable[[dict[str, Any]], list[Violation]]] = {
    ("POST", "/wholesale/customers"): lambda b: customer_checks.create_violations(
        CustomerCreate.model_validate(b)
    ),
    ("PUT", "/wholesale/customers/{customerId}"): lambda b: customer_checks.update_violations(
        CustomerUpdate.model_validate(b)
    ),
    ("POST", "/wholesale/customers/validate"): lambda b: customer_checks.precheck_violations(
        CustomerPrecheck.model_validate(b)
    ),
    ("POST", "/wholesale/subscribers"): _subscriber,
    ("PUT", "/wholesale/subscribers/{subscriberId}"): _subscriber_update,
    ("POST", "/wholesale/subscribers/validate"): lambda b: customer_checks.email_violations(
        SubscriberPrecheck.model_validate(b).email, "email"
    ),
    ("POST", "/locations"): lambda b: location_checks.create_violations(
        LocationCreate.model_validate(b)
    ),
    ("PUT", "/locations/{locationId}"): _location_update,
}


def test_every_example_request_is_checked() -> None:
    assert set(EXAMPLES) == set(CHECKS)


@pytest.mark.parametrize("operation", sorted(CHECKS), ids=" ".join)
def test_the_simulator_accepts_the_reference_example(operation: tuple[str, str]) -> None:
    found = CHECKS[operation](EXAMPLES[operation])
    assert [v for v in found if v.severity is Severity.ERROR] == []


def _address(address: dict[str, str]) -> dict[str, str]:
    return {
        "address_line1": address["addressLine1"],
        "address_line2": address.get("addressLine2", ""),
        "city": address["city"],
        "state": address.get("stateOrProvince", ""),
        "postal_code": address.get("zipOrPostalCode", ""),
        "country": address["country"],
    }


def _rows() -> dict[str, list[dict[str, Any]]]:
    """The workbook whose import would send the reference's example requests."""
    customer = EXAMPLES[("POST", "/wholesale/customers")]
    calling = customer["provisioningParameters"]["calling"]["location"]
    location = EXAMPLES[("POST", "/locations")]
    subscriber = EXAMPLES[("POST", "/wholesale/subscribers")]
    params = subscriber["provisioningParameters"]
    return {
        "Customers": [
            {
                "external_id": customer["externalId"],
                "name": customer["customerInfo"]["name"],
                "primary_email": customer["customerInfo"]["primaryEmail"],
                "language": customer["customerInfo"]["language"],
                **_address(customer["address"]),
                "packages": ", ".join(customer["packages"] + subscriber["packages"]),
                "existing_org_id": customer["orgId"],
            }
        ],
        "Locations": [
            {
                "customer_external_id": customer["externalId"],
                "name": calling["name"],
                **_address(calling["address"]),
                "timezone": calling["timezone"],
                "language": calling["language"],
                "emergency_location_id": calling["emergencyLocationIdentifier"],
            },
            {
                "customer_external_id": customer["externalId"],
                "name": location["name"],
                "address_line1": location["address"]["address1"],
                "address_line2": location["address"]["address2"],
                "city": location["address"]["city"],
                "state": location["address"]["state"],
                "postal_code": location["address"]["postalCode"],
                "country": location["address"]["country"],
                "timezone": location["timeZone"],
                "language": location["preferredLanguage"],
            },
        ],
        "Subscribers": [
            {
                "customer_external_id": customer["externalId"],
                "email": subscriber["email"],
                "first_name": params["firstName"],
                "last_name": params["lastName"],
                "package": subscriber["packages"][0],
                "location_name": calling["name"],
                "phone_number": params["primaryPhoneNumber"],
                "extension": params["extension"],
            }
        ],
    }


def test_the_rows_behind_the_examples_pass_the_validator(tmp_path: Path) -> None:
    result = validate_workbook(
        write_book(tmp_path / "reference.xlsx", _rows()), as_of=dt.date(2026, 11, 25)
    )
    errors = [
        (i.sheet, i.row, i.column, i.code)
        for i in result.report.issues
        if i.severity is Severity.ERROR and i.sheet != "Setup Assist"
    ]
    assert errors == []
