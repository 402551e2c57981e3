"""Request checks of subscriber bodies, from the field rulebook (:mod:`bulk.rules.fields`)
with the catalogue's codes.

The package rules are :func:`bulk.rules.packages.subscriber_package_violations`, the same the
offline validator runs.
"""

from __future__ import annotations

from bulk.rules import fields, values
from bulk.rules.violations import Violation
from simulator.errors import invalid

__all__ = ["name_violations", "normalised_phone", "number_violations", "one_package"]


def one_package(package: str | None, packages: list[str] | None) -> str:
    """The single package of a request: ``package`` or a one-element ``packages``."""
    if package and packages:
        raise invalid("give either package or packages, not both", "packages")
    if packages is not None and len(packages) != 1:
        raise invalid("packages must hold exactly one package", "packages")
    chosen = package or (packages[0] if packages else None)
    if not chosen:
        raise invalid("package or packages is required", "packages")
    return chosen


def normalised_phone(value: str | None) -> str | None:
    """A phone number without the separators the reference's examples use (``+1-240-…``),
    as the rulebook writes it (:func:`bulk.rules.values.phone_text`)."""
    if value is None:
        return None
    return values.phone_text(value) or None


def number_violations(phone: str | None, extension: str | None) -> list[Violation]:
    """A phone number that is not valid E.164, an extension that is not 2-10 digits (the
    rulebook's verdicts, :mod:`bulk.rules.values`)."""
    found = []
    if phone is not None:
        found.append(values.phone(phone, "primaryPhoneNumber")[1])
    if extension is not None:
        found.append(values.extension(extension, "extension")[1])
    return [v for v in found if v is not None]


def name_violations(first_name: str | None, last_name: str | None) -> list[Violation]:
    """Names longer than the rulebook allows."""
    found: list[Violation] = []
    for rule, value, field in (
        (fields.FIRST_NAME, first_name, "provisioningParameters.firstName"),
        (fields.LAST_NAME, last_name, "provisioningParameters.lastName"),
    ):
        if value is not None:
            found += fields.text_violations(rule, value, field, field)
    return found
