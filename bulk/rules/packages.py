"""Package rules from the reference API: which packages exist for customers and subscribers,
which depend on which, and what a calling package needs."""

from __future__ import annotations

from collections.abc import Iterable

from bulk.rules.violations import Violation

CUSTOMER_PACKAGES: tuple[str, ...] = (
    "common_area_calling",
    "webex_calling",
    "webex_meetings",
    "webex_suite",
    "webex_voice",
    "cx_essentials",
    "webex_calling_standard",
    "cisco_calling_plan",
    "attendant_console",
    "cx_premium_agent",
    "cx_standard_agent",
    "cx_voice_ports",
    "cx_ai_assistant",
    "webex_ai_agent",
)
"""The 14 customer packages (``WholesalePackagesCustomer`` in the reference)."""

SUBSCRIBER_PACKAGES: tuple[str, ...] = (
    "webex_calling",
    "webex_meetings",
    "webex_suite",
    "webex_voice",
    "cx_essentials",
    "webex_calling_standard",
    "attendant_console",
    "cx_premium_agent",
    "cx_standard_agent",
)
"""The 9 subscriber packages (``WholesalePackagesSubscriber`` in the reference)."""

LEGACY_SUBSCRIBER_PACKAGES: tuple[str, ...] = (
    "webex_calling",
    "webex_meetings",
    "webex_suite",
    "webex_voice",
    "cx_essentials",
    "webex_calling_standard",
)
"""The deprecated single ``package`` field's enum in the reference (narrower than ``packages``)."""

CUSTOMER_ONLY_PACKAGES: frozenset[str] = frozenset(CUSTOMER_PACKAGES) - frozenset(
    SUBSCRIBER_PACKAGES
)
"""Packages a customer can hold but a subscriber cannot (the five not in the subscriber list)."""

CALLING_PACKAGES: frozenset[str] = frozenset(
    {
        "common_area_calling",
        "webex_calling",
        "webex_suite",
        "webex_voice",
        "cx_essentials",
        "webex_calling_standard",
    }
)
"""Packages that carry Webex Calling: the ones ``cisco_calling_plan`` depends on."""

DEPENDENCIES: dict[str, frozenset[str]] = {
    "cisco_calling_plan": CALLING_PACKAGES,
    "attendant_console": frozenset({"webex_calling", "webex_suite", "cx_essentials"}),
}
"""A package → the packages of which the same customer needs at least one (reference notes)."""


def customer_package_violations(packages: Iterable[str]) -> list[Violation]:
    """Unknown names and unmet dependencies in a customer's package list."""
    chosen = list(packages)
    found: list[Violation] = [
        Violation.of(
            "cell-invalid-package",
            "packages",
            value=p,
            reason="; customer packages are " + ", ".join(CUSTOMER_PACKAGES),
        )
        for p in chosen
        if p not in CUSTOMER_PACKAGES
    ]
    found += dependency_violations(chosen)
    return found


def dependency_violations(packages: Iterable[str]) -> list[Violation]:
    """One ``package-dependency`` violation per package whose prerequisite is missing."""
    chosen = set(packages)
    return [
        Violation.of("package-dependency", "packages", package=pkg, needs=", ".join(sorted(needs)))
        for pkg, needs in DEPENDENCIES.items()
        if pkg in chosen and not chosen & needs
    ]


def subscriber_package_violations(
    package: str,
    customer_packages: Iterable[str],
    *,
    customer: str = "",
    has_location: bool,
    has_number: bool,
) -> list[Violation]:
    """Everything wrong with giving ``package`` to a subscriber of a customer holding
    ``customer_packages``, at a location (or not) with a number or extension (or not)."""
    if package in CUSTOMER_ONLY_PACKAGES:
        return [Violation.of("package-not-for-subscriber", "package", value=package)]
    if package not in SUBSCRIBER_PACKAGES:
        return [
            Violation.of(
                "cell-invalid-package",
                "package",
                value=package,
                reason="; subscriber packages are " + ", ".join(SUBSCRIBER_PACKAGES),
            )
        ]
    found: list[Violation] = []
    owned = list(customer_packages)
    if package not in owned:
        found.append(
            Violation.of(
                "package-not-on-customer",
                "package",
                value=package,
                customer=customer,
                packages=", ".join(owned) or "none",
            )
        )
    if is_calling(package):
        if not has_location:
            found.append(
                Violation.of(
                    "calling-location-required",
                    "location_name",
                    reason=f"Package '{package}' needs a Location Name.",
                )
            )
        if not has_number:
            found.append(Violation.of("calling-number-required", "phone_number", package=package))
    return found


def is_calling(package: str) -> bool:
    """Whether a package carries Webex Calling (and so needs a location and a number)."""
    return package in CALLING_PACKAGES


def needs_calling_location(packages: Iterable[str]) -> bool:
    """Whether a customer with these packages needs a calling location at provisioning."""
    return any(is_calling(p) for p in packages)


def customer_location_violations(
    packages: Iterable[str], *, has_location: bool, customer: str = ""
) -> list[Violation]:
    """``calling-location-required`` when a customer with a calling package has no location."""
    calling = sorted(p for p in set(packages) if is_calling(p))
    if not calling or has_location:
        return []
    reason = (
        f"Customer '{customer}' has calling package(s) {', '.join(calling)} and needs a location; "
        "add one on the Locations sheet."
    )
    return [Violation.of("calling-location-required", "packages", reason=reason)]


__all__ = [
    "CALLING_PACKAGES",
    "CUSTOMER_ONLY_PACKAGES",
    "CUSTOMER_PACKAGES",
    "DEPENDENCIES",
    "LEGACY_SUBSCRIBER_PACKAGES",
    "SUBSCRIBER_PACKAGES",
    "customer_location_violations",
    "customer_package_violations",
    "dependency_violations",
    "is_calling",
    "needs_calling_location",
    "subscriber_package_violations",
]
