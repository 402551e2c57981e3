"""Defects planted on a Setup Assist row, or on a row inserted after it.

A request with a broken date says nothing about its deadline, so each date kind plants one
issue: a date in the past, a date inside the six-business-day window, or text Excel did not
read as a date. A request for a location without seats needs a location nobody works at: the
kind adds one to the Locations sheet.
"""

from __future__ import annotations

from datetime import date, timedelta

from bulk.generator.answer_key import PlantedIssue
from bulk.generator.defects.base import DefectKind, Planting, always, insert_after, site_of
from bulk.generator.defects.locations import spaced
from bulk.generator.model import CustomerGroup, Formula, Row, Site
from bulk.rules.deadline import earliest_completion_date
from bulk.schema import SETUP_ASSIST


def typed_date(day: date, country: str) -> str:
    """A date the way a user types it in their country's habit (``6/15/2027`` in the US,
    ``15/06/2027`` elsewhere): text Excel leaves alone when the sheet's locale differs."""
    if country == "US":
        return f"{day.month}/{day.day}/{day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _text_date(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    day = row["requested_completion_date"]
    assert isinstance(day, date)
    text = typed_date(day, group.market.country)
    return [p.set(row, "requested_completion_date", text, "cell-invalid-date")]


def _too_soon(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    site = site_of(group, row)
    assert site is not None
    earliest = earliest_completion_date(p.as_of, group.market.country, site.city.state or None)
    day = p.as_of + timedelta(days=p.rng.randint(0, (earliest - p.as_of).days - 1))
    return [
        p.set(
            row,
            "requested_completion_date",
            day,
            "assist-deadline",
            requested=day.isoformat(),
            submitted=p.as_of.isoformat(),
            earliest=earliest.isoformat(),
        )
    ]


def _past(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    day = p.as_of - timedelta(days=p.rng.randint(1, 40))
    return [
        p.set(
            row,
            "requested_completion_date",
            day,
            "assist-date-past",
            requested=day.isoformat(),
            submitted=p.as_of.isoformat(),
        )
    ]


def _channel(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "channel", "email", "cell-invalid-choice", choices="api, form, helpdesk")]


def _network(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    location = row.text("location_name")
    return [p.set(row, "network_check_done", "no", "assist-network-check", location=location)]


def _email(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    broken = row.text("contact_email").split("@")[0]
    return [p.set(row, "contact_email", broken, "cell-invalid-email", reason="no @ sign")]


def _has_phone(group: CustomerGroup, row: Row) -> bool:
    return bool(row["contact_phone"])


def _phone(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    return [p.set(row, "contact_phone", spaced(row.text("contact_phone")), "cell-invalid-phone")]


def _required(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    # Not Contact Name: a defective workbook leaves that column out (header-missing).
    return [p.set(row, "contact_email", None, "cell-required", value="")]


def _formula(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    formula = Formula('=CONCAT("Call ", B2)', "Call")
    return [p.set(row, "notes", formula, "cell-formula")]


def _too_long(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    text = " ".join(["The customer asks for a walkthrough of every hunt group."] * 20)
    return [p.set(row, "notes", text, "cell-too-long", length=len(text), limit=1000)]


def _duplicate(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    copy = insert_after(group.assists, row, row.copy())
    row.planted = True
    location = row.text("location_name")
    return [p.issue("assist-duplicate", copy, "location_name", location=location)]


def _no_seats(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    site = site_of(group, row)
    assert site is not None
    name, n = f"{site.city.name} Project Office", 1
    while any(s.name == name for s in group.sites):
        n += 1
        name = f"{site.city.name} Project Office {n}"
    empty = Site(name, site.city, seats=0, has_assist=True)
    group.sites.append(empty)
    location = group.locations[row.location].copy()
    location["name"], location["main_number"] = name, None
    location.location = len(group.sites) - 1
    location.planted = True
    group.locations.append(location)
    request = row.copy()
    request["location_name"] = name
    request.location = location.location
    insert_after(group.assists, row, request)
    row.planted = True
    return [p.issue("assist-no-seats", request, "location_name", location=name)]


def _unknown_location(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    request = row.copy()
    request["location_name"] = "Annex (closed)"
    request.location = -1
    insert_after(group.assists, row, request)
    row.planted = True
    return [p.issue("ref-unknown-location", request, "location_name", customer=group.external_id)]


def _unknown_customer(p: Planting, group: CustomerGroup, row: Row) -> list[PlantedIssue]:
    request = row.copy()
    request["customer_external_id"] = f"{group.external_id}-OLD"
    request.location = -1
    insert_after(group.assists, row, request)
    row.planted = True
    return [p.issue("ref-unknown-customer", request, "customer_external_id")]


KINDS: tuple[DefectKind, ...] = (
    DefectKind("assist-text-date", "cell-invalid-date", SETUP_ASSIST, always, _text_date),
    DefectKind("assist-too-soon", "assist-deadline", SETUP_ASSIST, always, _too_soon),
    DefectKind("assist-past", "assist-date-past", SETUP_ASSIST, always, _past),
    DefectKind("assist-channel", "cell-invalid-choice", SETUP_ASSIST, always, _channel),
    DefectKind("assist-network", "assist-network-check", SETUP_ASSIST, always, _network),
    DefectKind("assist-email", "cell-invalid-email", SETUP_ASSIST, always, _email),
    DefectKind("assist-phone", "cell-invalid-phone", SETUP_ASSIST, _has_phone, _phone),
    DefectKind("assist-required", "cell-required", SETUP_ASSIST, always, _required),
    DefectKind("assist-formula", "cell-formula", SETUP_ASSIST, always, _formula),
    DefectKind("assist-too-long", "cell-too-long", SETUP_ASSIST, always, _too_long),
    DefectKind("assist-duplicate", "assist-duplicate", SETUP_ASSIST, always, _duplicate),
    DefectKind("assist-no-seats", "assist-no-seats", SETUP_ASSIST, always, _no_seats),
    DefectKind(
        "assist-unknown-location",
        "ref-unknown-location",
        SETUP_ASSIST,
        always,
        _unknown_location,
    ),
    DefectKind(
        "assist-unknown-customer",
        "ref-unknown-customer",
        SETUP_ASSIST,
        always,
        _unknown_customer,
    ),
)
"""Defect kinds hosted by a Setup Assist row."""
