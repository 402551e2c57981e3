"""Request checks of subscriber bodies, with the catalogue's codes.

The package rules are :func:`bulk.rules.packages.subscriber_package_violations`, the same the
offline validator runs.
"""

from __future__ import annotations

import re

from bulk.rules.violations import Violation
from simulator.errors import invalid

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_EXTENSION = re.compile(r"^\d{2,10}$")


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
    """A phone number without the separators the reference's examples use (``+1-240-…``)."""
    if value is None:
        return None
    return re.sub(r"[\s\-().]", "", value) or None


def number_violations(phone: str | None, extension: str | None) -> list[Violation]:
    """A phone number that is not E.164, an extension that is not 2-10 digits."""
    found = []
    if phone is not None and not _E164.match(phone):
        found.append(
            Violation.of("cell-invalid-phone", "primaryPhoneNumber", value=phone, reason="")
        )
    if extension is not None and not _EXTENSION.match(extension):
        found.append(
            Violation.of("cell-invalid-extension", "extension", value=extension, reason="")
        )
    return found
