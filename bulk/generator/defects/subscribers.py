"""Defects planted on a subscriber row, or on a new subscriber row inserted after it.

Seats (subscribers per location) decide the Setup Assist SKU and whether a request has any
seats at all, so a kind that moves a subscriber away from its location only does so where the
location keeps at least one seat; unknown customers and locations are planted on new rows,
which take no seat from anyone. Duplicates copy a value from an earlier, untouched row (the
validator reports the second occurrence) and mark that row too.
"""

from __future__ import annotations

from bulk.generator.answer_key import PlantedIssue
from bulk.generator.defects.base import (
    Applies,
    DefectKind,
    Plant,
    Planting,
    always,
    insert_after,
    site_of,
)
from bulk.generator.defects.locations import spaced
from bulk.generator.model import CustomerGroup, Row, blank_row
from bulk.rules.packages import SUBSCRIBER_PACKAGES, is_calling
from bulk.schema import SUBSCRIBERS

_NON_CALLING = ("webex_meetings", "attendant_console", "cx_standard_agent", "cx_premium_agent")


def _required(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "email", None, "cell-required", value="")]


def _too_long(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    last = row.text("last_name")
    text = "-".join([last] * (64 // max(1, len(last)) + 2))
    return [p.set(row, "last_name", text, "cell-too-long", length=len(text), limit=64)]


def _email(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    broken = row.text("email").replace("@", "@@", 1)
    return [p.set(row, "email", broken, "cell-invalid-email", reason="two @ signs")]


def _phone_and_extension(group: CustomerGroup, row: Row) -> bool:
    return bool(row["phone_number"]) and bool(row["extension"])


def _phone(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "phone_number", spaced(row.text("phone_number")), "cell-invalid-phone")]


def _extension(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "extension", "x" + row.text("extension"), "cell-invalid-extension")]


def _package(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    typo = row.text("package").rstrip("s") + ("s" if not row.text("package").endswith("s") else "")
    return [p.set(row, "package", typo, "cell-invalid-package")]


def _customer_only(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "package", "cisco_calling_plan", "package-not-for-subscriber")]


def _foreign_package(group: CustomerGroup) -> str | None:
    """A non-calling subscriber package the customer does not hold (as its row now reads:
    a customer defect may have added one)."""
    owned = {p.strip() for p in group.customer.text("packages").split(",")}
    return next((pkg for pkg in _NON_CALLING if pkg not in owned), None)


def _has_foreign_package(group: CustomerGroup, row: Row) -> bool:
    return _foreign_package(group) is not None


def _not_on_customer(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    package = _foreign_package(group)
    return [
        p.set(
            row,
            "package",
            package,
            "package-not-on-customer",
            customer=group.external_id,
            packages=group.customer.text("packages"),
        )
    ]


def _can_leave_site(group: CustomerGroup, row: Row) -> bool:
    site = site_of(group, row)
    calling = is_calling(row.text("package")) and bool(row["phone_number"])
    return calling and site is not None and (site.seats >= 2 or not site.has_assist)


def _no_location(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    site = site_of(group, row)
    assert site is not None
    site.seats -= 1
    row["extension"] = None
    issue = p.set(row, "location_name", None, "calling-location-required", value="")
    issue.params["reason"] = f"Package '{row.text('package')}' needs a Location Name."
    return [issue]


def _calling(group: CustomerGroup, row: Row) -> bool:
    return is_calling(row.text("package")) and bool(row["location_name"])


def _no_number(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    row["extension"] = None
    issue = p.set(row, "phone_number", None, "calling-number-required", value="")
    issue.params["package"] = row.text("package")
    return [issue]


def _donor(group: CustomerGroup, row: Row, key: str, same_site: bool = False) -> Row | None:
    for other in group.subscribers:
        if other is row:
            return None
        if other.planted or not other[key]:
            continue
        if not same_site or other.location == row.location:
            return other
    return None


def _duplicate_applies(key: str, same_site: bool = False) -> Applies:
    def applies(group: CustomerGroup, row: Row) -> bool:
        return bool(row[key]) and _donor(group, row, key, same_site) is not None

    return applies


def _duplicate(key: str, code: str, same_site: bool = False) -> Plant:
    def plant(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
        donor = _donor(group, row, key, same_site)
        assert donor is not None
        donor.planted = True
        value = donor.text(key)
        if key == "email":
            value = value[:1].upper() + value[1:]
        location = row.text("location_name")
        return [p.set(row, key, value, code, other_row=donor, location=location)]

    return plant


def _unknown_customer(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    new = blank_row(SUBSCRIBERS)
    missing = f"{group.external_id}-OLD"
    first, last, email = p.builder.person(group, p.rng)
    new["customer_external_id"] = missing
    new["email"], new["first_name"], new["last_name"] = email, first, last
    new["package"] = "webex_meetings"
    insert_after(group.subscribers, row, new)
    return [p.issue("ref-unknown-customer", new, "customer_external_id")]


def _unknown_location(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    new = blank_row(SUBSCRIBERS)
    first, last, email = p.builder.person(group, p.rng)
    package = next(pkg for pkg in group.packages if pkg in SUBSCRIBER_PACKAGES)
    new["customer_external_id"] = group.external_id
    new["email"], new["first_name"], new["last_name"] = email, first, last
    new["package"] = package
    new["location_name"] = "Annex (closed)"
    if is_calling(package):
        city = group.sites[0].city if group.sites else group.market.cities[0]
        new["phone_number"] = p.builder.phones[group.market.country].number(city.area_codes[0])
    insert_after(group.subscribers, row, new)
    return [p.issue("ref-unknown-location", new, "location_name", customer=group.external_id)]


def _keeps_seat(group: CustomerGroup, row: Row) -> bool:
    site = site_of(group, row)
    return site is None or site.seats >= 2 or not site.has_assist


def _action(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    site = site_of(group, row)
    if site is not None:
        site.seats -= 1
    return [p.set(row, "action", "add", "cell-invalid-action")]


KINDS: tuple[DefectKind, ...] = (
    DefectKind("subscriber-required", "cell-required", SUBSCRIBERS, always, _required),
    DefectKind("subscriber-too-long", "cell-too-long", SUBSCRIBERS, always, _too_long),
    DefectKind("subscriber-email", "cell-invalid-email", SUBSCRIBERS, always, _email),
    DefectKind("subscriber-phone", "cell-invalid-phone", SUBSCRIBERS, _phone_and_extension, _phone),
    DefectKind(
        "subscriber-extension",
        "cell-invalid-extension",
        SUBSCRIBERS,
        _phone_and_extension,
        _extension,
    ),
    DefectKind("subscriber-package", "cell-invalid-package", SUBSCRIBERS, always, _package),
    DefectKind(
        "subscriber-customer-only",
        "package-not-for-subscriber",
        SUBSCRIBERS,
        always,
        _customer_only,
    ),
    DefectKind(
        "subscriber-not-on-customer",
        "package-not-on-customer",
        SUBSCRIBERS,
        _has_foreign_package,
        _not_on_customer,
    ),
    DefectKind(
        "subscriber-no-location",
        "calling-location-required",
        SUBSCRIBERS,
        _can_leave_site,
        _no_location,
    ),
    DefectKind(
        "subscriber-no-number", "calling-number-required", SUBSCRIBERS, _calling, _no_number
    ),
    DefectKind(
        "subscriber-duplicate-email",
        "row-duplicate-email",
        SUBSCRIBERS,
        _duplicate_applies("email"),
        _duplicate("email", "row-duplicate-email"),
    ),
    DefectKind(
        "subscriber-duplicate-phone",
        "row-duplicate-phone",
        SUBSCRIBERS,
        _duplicate_applies("phone_number"),
        _duplicate("phone_number", "row-duplicate-phone"),
    ),
    DefectKind(
        "subscriber-duplicate-extension",
        "row-duplicate-extension",
        SUBSCRIBERS,
        _duplicate_applies("extension", same_site=True),
        _duplicate("extension", "row-duplicate-extension", same_site=True),
    ),
    DefectKind(
        "subscriber-unknown-customer",
        "ref-unknown-customer",
        SUBSCRIBERS,
        always,
        _unknown_customer,
    ),
    DefectKind(
        "subscriber-unknown-location",
        "ref-unknown-location",
        SUBSCRIBERS,
        always,
        _unknown_location,
    ),
    DefectKind("subscriber-action", "cell-invalid-action", SUBSCRIBERS, _keeps_seat, _action),
)
"""Defect kinds hosted by a subscriber row."""
