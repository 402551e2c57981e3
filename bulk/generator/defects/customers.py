"""Defects planted on a customer's row (or a copy of it).

The External ID is never changed: every other row of the group refers to it. A meetings-only
customer (no calling package, so no locations) hosts the package kinds, whose mistakes then
touch no subscriber.
"""

from __future__ import annotations

from bulk.generator.answer_key import PlantedIssue
from bulk.generator.defects.base import DefectKind, Planting, always, insert_after
from bulk.generator.geography import country_name, state_name
from bulk.generator.model import CustomerGroup, Row
from bulk.rules.hidden_characters import describe
from bulk.rules.packages import CALLING_PACKAGES
from bulk.rules.spreadsheet_text import spreadsheet_effect
from bulk.schema import CUSTOMERS

UNKNOWN_PACKAGE = "webex_contact_center"
"""A plausible package name the API does not have."""


def _required(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "address_line1", None, "cell-required", value="")]


def _too_long(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    text = f"{row.text('address_line1')}, {row.text('city')} Business Park, Building 7"
    while len(text) <= 50:
        text += ", Suite 100"
    return [p.set(row, "address_line1", text, "cell-too-long", length=len(text), limit=50)]


def _email(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    broken = row.text("primary_email").replace("@", " at ", 1)
    return [p.set(row, "primary_email", broken, "cell-invalid-email", reason="no @ sign")]


def _has_state(group: CustomerGroup, row: Row) -> bool:
    return bool(row["state"])


def _no_state(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    reason = f"State/Province is required for {group.market.country} addresses."
    return [p.set(row, "state", None, "cell-invalid-state", value="", reason=reason)]


def _state(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    code = row.text("state")
    name = state_name(group.market.country, code)
    return [p.set(row, "state", name, "cell-unknown-state", reason=f"'{name}' is not a code")]


def _postal(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    broken = row.text("postal_code")[:-1]
    return [p.set(row, "postal_code", broken, "cell-invalid-postal-code", reason="format")]


def _country(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    name = country_name(group.market.country)
    return [p.set(row, "country", name, "cell-invalid-country", reason="")]


def _language(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    word = {"en": "English", "fr": "French", "de": "German"}[group.market.language[:2]]
    return [p.set(row, "language", word, "cell-invalid-language", example="en_US")]


def _forbidden(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    name = f"{row.text('name')} 100% Telecom"
    return [p.set(row, "name", name, "cell-forbidden-character", character="%")]


def _formula_like(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    line = "- Building 7"  # a dash typed as a bullet: a spreadsheet reads it as a formula
    return [p.set(row, "address_line2", line, "cell-formula-like", effect=spreadsheet_effect(line))]


def _invisible(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    name = f"{row.text('name')}\u200e"  # a left-to-right mark pasted from a web page
    hidden = f"{describe(chr(0x200E))} at character {len(name)}"
    return [p.set(row, "name", name, "cell-invisible-character", characters=hidden)]


def _info(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "name", None, "customer-info-required", value="")]


def _meetings_only(group: CustomerGroup, row: Row) -> bool:
    return not group.sites and not CALLING_PACKAGES & set(group.packages)


def _package(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    packages = f"{row.text('packages')}, {UNKNOWN_PACKAGE}"
    issue = p.set(row, "packages", packages, "cell-invalid-package")
    issue.params["value"] = UNKNOWN_PACKAGE
    return [issue]


def _dependency(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    packages = f"{row.text('packages')}, attendant_console"
    return [
        p.set(
            row,
            "packages",
            packages,
            "package-dependency",
            package="attendant_console",
            needs="cx_essentials, webex_calling, webex_suite",
        )
    ]


def _calling_location(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    packages = f"{row.text('packages')}, webex_calling"
    return [
        p.set(
            row,
            "packages",
            packages,
            "calling-location-required",
            reason="A customer with a calling package needs a location on the Locations sheet.",
        )
    ]


def _duplicate(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    copy = insert_after(group.customers, row, row.copy())
    row.planted = True
    return [p.issue("row-duplicate-key", copy, "external_id", other_row=row)]


KINDS: tuple[DefectKind, ...] = (
    DefectKind("customer-required", "cell-required", CUSTOMERS, always, _required),
    DefectKind("customer-too-long", "cell-too-long", CUSTOMERS, always, _too_long),
    DefectKind("customer-email", "cell-invalid-email", CUSTOMERS, always, _email),
    DefectKind("customer-state", "cell-unknown-state", CUSTOMERS, _has_state, _state),
    DefectKind("customer-no-state", "cell-invalid-state", CUSTOMERS, _has_state, _no_state),
    DefectKind("customer-postal", "cell-invalid-postal-code", CUSTOMERS, always, _postal),
    DefectKind("customer-country", "cell-invalid-country", CUSTOMERS, always, _country),
    DefectKind("customer-language", "cell-invalid-language", CUSTOMERS, always, _language),
    DefectKind("customer-percent", "cell-forbidden-character", CUSTOMERS, always, _forbidden),
    DefectKind("customer-formula-like", "cell-formula-like", CUSTOMERS, always, _formula_like),
    DefectKind("customer-invisible", "cell-invisible-character", CUSTOMERS, always, _invisible),
    DefectKind("customer-info", "customer-info-required", CUSTOMERS, always, _info),
    DefectKind("customer-package", "cell-invalid-package", CUSTOMERS, always, _package),
    DefectKind("customer-dependency", "package-dependency", CUSTOMERS, _meetings_only, _dependency),
    DefectKind(
        "customer-calling-location",
        "calling-location-required",
        CUSTOMERS,
        _meetings_only,
        _calling_location,
    ),
    DefectKind("customer-duplicate", "row-duplicate-key", CUSTOMERS, always, _duplicate),
)
"""Defect kinds hosted by a customer row."""
