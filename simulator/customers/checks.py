"""Request checks of customer bodies, from the field rulebook (:mod:`bulk.rules.fields`) with
the catalogue's codes: the same rules and verdict functions the offline validator runs, so a
row the validator passes is a request these checks pass (tests/contract/test_differential.py).
"""

from __future__ import annotations

from bulk.rules import fields, values
from bulk.rules.addresses import postal_violation, state_violation
from bulk.rules.catalogue import Severity
from bulk.rules.fields import FieldRule
from bulk.rules.packages import customer_package_violations, needs_calling_location
from bulk.rules.violations import RuleViolation, Violation
from simulator.customers.schemas import (
    Address,
    CallingLocation,
    CustomerCreate,
    ProvisioningParameters,
)

__all__ = [
    "address_violations",
    "calling_violations",
    "create_violations",
    "email_violations",
    "errors_only",
    "language_violations",
    "raise_if_any",
    "text_violations",
    "timezone_violations",
]


def text_violations(rule: FieldRule, value: str | None, field: str) -> list[Violation]:
    """The rulebook's length and character rules of a text field (absent: nothing to check)."""
    return [] if value is None else fields.text_violations(rule, value, field, field)


def _found(checked: values.Checked) -> list[Violation]:
    return [] if checked[1] is None else [checked[1]]


def email_violations(value: str, field: str) -> list[Violation]:
    """An email address too long or that cannot be one."""
    return text_violations(fields.EMAIL, value, field) + _found(values.email(value, field))


def language_violations(value: str | None, field: str) -> list[Violation]:
    """A language code in neither of the reference's forms."""
    return [] if value is None else _found(values.language(value, field))


def timezone_violations(value: str | None, field: str) -> list[Violation]:
    """A time zone that is not an IANA name."""
    return [] if value is None else _found(values.timezone(value, field))


def address_violations(address: Address, where: str) -> list[Violation]:
    """Every field rule of a wholesale address, and the per-country state and postal rules."""
    found = text_violations(fields.ADDRESS_LINE1, address.address_line1, f"{where}.addressLine1")
    found += text_violations(fields.ADDRESS_LINE2, address.address_line2, f"{where}.addressLine2")
    found += text_violations(fields.CITY, address.city, f"{where}.city")
    state, postal = address.state_or_province or "", address.zip_or_postal_code or ""
    found += text_violations(fields.STATE, state, f"{where}.stateOrProvince")
    found += text_violations(fields.POSTAL_CODE, postal, f"{where}.zipOrPostalCode")
    country, problem = values.country(address.country, f"{where}.country")
    if problem is not None:
        return [*found, problem]
    for rule in (
        state_violation(state, country, f"{where}.stateOrProvince"),
        postal_violation(postal, country, f"{where}.zipOrPostalCode"),
    ):
        found += [] if rule is None else [rule]
    return errors_only(found)


def _location_violations(location: CallingLocation) -> list[Violation]:
    where = "provisioningParameters.calling.location"
    found = text_violations(fields.LOCATION_NAME, location.name, f"{where}.name")
    found += address_violations(location.address, "callingLocation.address")
    found += timezone_violations(location.timezone, f"{where}.timezone")
    found += language_violations(location.language, f"{where}.language")
    found += text_violations(
        fields.EMERGENCY_LOCATION_ID,
        location.emergency_location_identifier,
        f"{where}.emergencyLocationIdentifier",
    )
    return found


def calling_violations(
    packages: list[str], params: ProvisioningParameters | None
) -> list[Violation]:
    """A calling package needs ``provisioningParameters.calling.location``, and its fields
    follow the rulebook; a meetings time zone must be an IANA name."""
    found: list[Violation] = []
    if params is not None and params.meetings is not None:
        found += timezone_violations(
            params.meetings.timezone, "provisioningParameters.meetings.timezone"
        )
    if params is not None and params.calling is not None:
        return found + _location_violations(params.calling.location)
    if not needs_calling_location(packages):
        return found
    reason = "A customer with a calling package needs provisioningParameters.calling.location."
    return [
        *found,
        Violation.of(
            "calling-location-required", "provisioningParameters.calling.location", reason=reason
        ),
    ]


def create_violations(body: CustomerCreate) -> list[Violation]:
    """Everything wrong with a provisioning request, before any state is looked at."""
    found = customer_package_violations(body.packages)
    found += text_violations(fields.EXTERNAL_ID, body.external_id, "externalId")
    found += text_violations(fields.ORG_ID, body.org_id, "orgId")
    found += address_violations(body.address, "address")
    found += calling_violations(body.packages, body.provisioning_parameters)
    info = body.customer_info
    if info is None and not body.org_id:
        found.append(Violation.of("customer-info-required", "customerInfo", column="customerInfo"))
    if info is not None:
        found += text_violations(fields.CUSTOMER_NAME, info.name, "customerInfo.name")
        found += email_violations(info.primary_email, "customerInfo.primaryEmail")
        found += language_violations(info.language, "customerInfo.language")
    return found


def errors_only(violations: list[Violation]) -> list[Violation]:
    """The violations that refuse a request (warnings, such as an unknown state, do not)."""
    return [v for v in violations if v.severity is Severity.ERROR]


def raise_if_any(violations: list[Violation]) -> None:
    """Refuse the request when anything is wrong."""
    if violations:
        raise RuleViolation(violations)
