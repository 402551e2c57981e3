"""Request checks of customer bodies, reported with the catalogue's codes.

Package rules come from :mod:`bulk.rules.packages` (the same functions the offline validator
runs). The address and contact checks below mirror the reference's notes (50 characters per
address line, ISO 3166 alpha-2 country, no ``%`` in a customer name).
"""

from __future__ import annotations

import pycountry
from email_validator import EmailNotValidError, validate_email

from bulk.rules.packages import customer_package_violations, needs_calling_location
from bulk.rules.violations import RuleViolation, Violation
from simulator.customers.schemas import Address, CustomerCreate, ProvisioningParameters

ADDRESS_LINE_LIMIT = 50


def address_violations(address: Address, where: str) -> list[Violation]:
    """Too-long address lines and an unknown country."""
    found = [
        Violation.of(
            "cell-too-long",
            f"{where}.{name}",
            column=f"{where}.{name}",
            length=len(value),
            limit=ADDRESS_LINE_LIMIT,
        )
        for name, value in (
            ("addressLine1", address.address_line1),
            ("addressLine2", address.address_line2 or ""),
        )
        if len(value) > ADDRESS_LINE_LIMIT
    ]
    if pycountry.countries.get(alpha_2=address.country.upper()) is None:
        found.append(
            Violation.of(
                "cell-invalid-country", f"{where}.country", value=address.country, reason=""
            )
        )
    return found


def email_violations(value: str, field: str) -> list[Violation]:
    """An email address that cannot be one."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return [Violation.of("cell-invalid-email", field, value=value, reason=str(exc))]
    return []


def calling_violations(
    packages: list[str], params: ProvisioningParameters | None
) -> list[Violation]:
    """A calling package needs ``provisioningParameters.calling.location``."""
    if not needs_calling_location(packages):
        return []
    if params is not None and params.calling is not None:
        return address_violations(params.calling.location.address, "callingLocation.address")
    return [
        Violation.of(
            "calling-location-required",
            "provisioningParameters.calling.location",
            reason="A customer with a calling package needs "
            "provisioningParameters.calling.location.",
        )
    ]


def create_violations(body: CustomerCreate) -> list[Violation]:
    """Everything wrong with a provisioning request, before any state is looked at."""
    found = customer_package_violations(body.packages)
    found += address_violations(body.address, "address")
    found += calling_violations(body.packages, body.provisioning_parameters)
    info = body.customer_info
    if info is None and not body.org_id:
        found.append(Violation.of("customer-info-required", "customerInfo", column="customerInfo"))
    if info is not None:
        if "%" in info.name:
            found.append(
                Violation.of(
                    "cell-forbidden-character",
                    "customerInfo.name",
                    column="customerInfo.name",
                    character="%",
                )
            )
        found += email_violations(info.primary_email, "customerInfo.primaryEmail")
    return found


def raise_if_any(violations: list[Violation]) -> None:
    """Refuse the request when anything is wrong."""
    if violations:
        raise RuleViolation(violations)
