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
    CustomerPrecheck,
    CustomerUpdate,
    ProvisioningParameters,
)

__all__ = [
    "address_violations",
    "calling_violations",
    "country_violations",
    "create_violations",
    "email_violations",
    "errors_only",
    "language_violations",
    "parameter_violations",
    "precheck_violations",
    "raise_if_any",
    "text_violations",
    "timezone_violations",
    "update_violations",
]


def text_violations(rule: FieldRule, value: str | None, field: str) -> list[Violation]:
    """The rulebook's length and character rules of a text field (absent: nothing to check;
    blank where the rule requires a value: ``cell-required``)."""
    if value is None:
        return []
    if not value.strip() and rule.required:
        return [fields.required_violation(field, field)]
    return fields.text_violations(rule, value, field, field)


def _found(checked: values.Checked) -> list[Violation]:
    return [] if checked[1] is None else [checked[1]]


def email_violations(value: str, field: str) -> list[Violation]:
    """An email address left blank, too long, or that cannot be one."""
    found = text_violations(fields.EMAIL, value, field)
    return found if not value.strip() else found + _found(values.email(value, field))


def country_violations(value: str, field: str) -> tuple[str, list[Violation]]:
    """The country in canonical spelling, and a blank or unknown country."""
    if not value.strip():
        return value, [fields.required_violation(field, field)]
    country, problem = values.country(value, field)
    return country, _found((country, problem))


def language_violations(value: str | None, field: str) -> list[Violation]:
    """A language code in neither of the reference's forms (blank: ``cell-required``)."""
    if value is None:
        return []
    if not value.strip():
        return [fields.required_violation(field, field)]
    return _found(values.language(value, field))


def timezone_violations(value: str | None, field: str) -> list[Violation]:
    """A time zone that is not an IANA name (blank: ``cell-required``)."""
    if value is None:
        return []
    if not value.strip():
        return [fields.required_violation(field, field)]
    return _found(values.timezone(value, field))


def address_violations(address: Address, where: str) -> list[Violation]:
    """Every field rule of a wholesale address, and the per-country state and postal rules."""
    found = text_violations(fields.ADDRESS_LINE1, address.address_line1, f"{where}.addressLine1")
    found += text_violations(fields.ADDRESS_LINE2, address.address_line2, f"{where}.addressLine2")
    found += text_violations(fields.CITY, address.city, f"{where}.city")
    state, postal = address.state_or_province or "", address.zip_or_postal_code or ""
    found += text_violations(fields.STATE, state, f"{where}.stateOrProvince")
    found += text_violations(fields.POSTAL_CODE, postal, f"{where}.zipOrPostalCode")
    country, problems = country_violations(address.country, f"{where}.country")
    if problems:
        return found + problems
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


def parameter_violations(
    params: ProvisioningParameters | None, calling: bool = True
) -> list[Violation]:
    """The rulebook's rules of the given meetings time zone and (unless ``calling`` is false:
    no calling package, so the calling location is not used) calling location."""
    found: list[Violation] = []
    if params is not None and params.meetings is not None:
        found += timezone_violations(
            params.meetings.timezone, "provisioningParameters.meetings.timezone"
        )
    if calling and params is not None and params.calling is not None:
        found += _location_violations(params.calling.location)
    return found


def calling_violations(
    packages: list[str], params: ProvisioningParameters | None
) -> list[Violation]:
    """A calling package needs ``provisioningParameters.calling.location``, and the given
    parameters follow the rulebook."""
    calling = needs_calling_location(packages)
    found = parameter_violations(params, calling)
    if not calling or (params is not None and params.calling):
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


def update_violations(body: CustomerUpdate) -> list[Violation]:
    """Everything wrong with an update request's fields (the package list is complete)."""
    found = customer_package_violations(body.packages)
    found += text_violations(fields.EXTERNAL_ID, body.external_id, "externalId")
    if body.address is not None:
        found += address_violations(body.address, "address")
    return found + parameter_violations(body.provisioning_parameters)


def precheck_violations(body: CustomerPrecheck) -> list[Violation]:
    """Everything wrong with a precheck request's fields."""
    found = address_violations(body.address, "address")
    if body.packages is not None:
        found += customer_package_violations(body.packages)
        found += calling_violations(body.packages, body.provisioning_parameters)
    if body.customer_info is not None:
        found += email_violations(body.customer_info.primary_email, "customerInfo.primaryEmail")
    return found
