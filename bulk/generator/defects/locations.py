"""Defects planted on a location row (or a copy of it).

The Location Name is never changed: subscribers and Setup Assist rows refer to it. Country and
state decide the holidays of the Setup Assist deadline, so they are broken only at locations
without a Setup Assist request.
"""

from __future__ import annotations

import phonenumbers

from bulk.generator.answer_key import PlantedIssue
from bulk.generator.defects.base import DefectKind, Planting, always, insert_after, site_of
from bulk.generator.geography import country_name, state_name
from bulk.generator.model import CustomerGroup, Formula, Row
from bulk.schema import LOCATIONS


def _no_assist(group: CustomerGroup, row: Row) -> bool:
    site = site_of(group, row)
    return site is not None and not site.has_assist


def _required(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "city", None, "cell-required", value="")]


def _too_long(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    text = f"{row.text('address_line1')} (entrance via the loading dock behind the car park)"
    return [p.set(row, "address_line1", text, "cell-too-long", length=len(text), limit=50)]


def _timezone(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "timezone", f"{row.text('city')} Time", "cell-invalid-timezone")]


def _language(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    word = {"en": "English", "fr": "Français", "de": "Deutsch"}[group.market.language[:2]]
    return [p.set(row, "language", word, "cell-invalid-language", example="en_US")]


def _has_number(group: CustomerGroup, row: Row) -> bool:
    return bool(row["main_number"])


def _phone(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "main_number", spaced(row.text("main_number")), "cell-invalid-phone")]


def spaced(e164: str) -> str:
    """A valid E.164 number written the way people type it, with the international access code
    instead of ``+``: ``00 1 617-555-0123`` (separators after a ``+`` are accepted, as the
    reference's own ``+1-240-555-1212``; docs/validator.md, "Field rules")."""
    number = phonenumbers.parse(e164, None)
    written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return "00 " + str(written).removeprefix("+")


def _postal(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    broken = row.text("postal_code")[:-1]
    return [p.set(row, "postal_code", broken, "cell-invalid-postal-code", reason="format")]


def _state_at_quiet_site(group: CustomerGroup, row: Row) -> bool:
    return _no_assist(group, row) and bool(row["state"])


def _state(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    code = row.text("state")
    name = state_name(group.market.country, code)
    return [p.set(row, "state", name, "cell-unknown-state", reason=f"'{name}' is not a code")]


def _country(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    name = country_name(group.market.country)
    return [p.set(row, "country", name, "cell-invalid-country", reason="")]


def _formula(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    formula = Formula('="Floor "&(1+2)', "Floor 3")
    return [p.set(row, "address_line2", formula, "cell-formula")]


def _duplicate(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    copy = row.copy()
    copy["main_number"] = None
    copy["address_line1"] = p.builder.street(group, p.rng)
    insert_after(group.locations, row, copy)
    row.planted = True
    return [p.issue("row-duplicate-key", copy, "name", other_row=row)]


KINDS: tuple[DefectKind, ...] = (
    DefectKind("location-required", "cell-required", LOCATIONS, always, _required),
    DefectKind("location-too-long", "cell-too-long", LOCATIONS, always, _too_long),
    DefectKind("location-timezone", "cell-invalid-timezone", LOCATIONS, always, _timezone),
    DefectKind("location-language", "cell-invalid-language", LOCATIONS, always, _language),
    DefectKind("location-phone", "cell-invalid-phone", LOCATIONS, _has_number, _phone),
    DefectKind("location-postal", "cell-invalid-postal-code", LOCATIONS, always, _postal),
    DefectKind("location-state", "cell-unknown-state", LOCATIONS, _state_at_quiet_site, _state),
    DefectKind("location-country", "cell-invalid-country", LOCATIONS, _no_assist, _country),
    DefectKind("location-formula", "cell-formula", LOCATIONS, always, _formula),
    DefectKind("location-duplicate", "row-duplicate-key", LOCATIONS, _no_assist, _duplicate),
)
"""Defect kinds hosted by a location row."""
