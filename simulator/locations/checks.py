"""Request checks of ``/v1/locations`` bodies, from the field rulebook
(:mod:`bulk.rules.fields`): the name, the time zone, both languages and the address follow the
same rules as a wholesale calling location and the validator's Locations sheet, on create and on
update alike (docs/validator.md, "Field rules")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bulk.rules import fields
from bulk.rules.addresses import postal_violation, state_violation
from bulk.rules.violations import Violation
from simulator.customers.checks import (
    country_violations,
    errors_only,
    language_violations,
    text_violations,
    timezone_violations,
)
from simulator.locations.schemas import (
    LocationAddress,
    LocationCreate,
    LocationUpdate,
    LocationUpdateAddress,
)

__all__ = ["address_violations", "create_violations", "location_violations", "update_violations"]


def location_violations(
    time_zone: str | None, language: str | None, name: str | None
) -> list[Violation]:
    """An over-long or blank name, an unknown IANA time zone, a language in neither reference
    form (a field that is ``None`` was not given and is not checked)."""
    found = text_violations(fields.LOCATION_NAME, name, "name")
    found += timezone_violations(time_zone, "timeZone")
    found += language_violations(language, "preferredLanguage")
    return found


def address_violations(address: LocationAddress | LocationUpdateAddress) -> list[Violation]:
    """Every field rule of a Locations address, and the per-country state and postal rules
    (an address without a country, which only a partial update can give, has no per-country
    rules to meet)."""
    found = text_violations(fields.ADDRESS_LINE1, address.address1, "address.address1")
    found += text_violations(fields.ADDRESS_LINE2, address.address2, "address.address2")
    found += text_violations(fields.CITY, address.city, "address.city")
    found += text_violations(fields.STATE, address.state, "address.state")
    found += text_violations(fields.POSTAL_CODE, address.postal_code, "address.postalCode")
    if address.country is None:
        return errors_only(found)
    country, problems = country_violations(address.country, "address.country")
    if problems:
        return found + problems
    for rule in (
        state_violation(address.state or "", country, "address.state"),
        postal_violation(address.postal_code or "", country, "address.postalCode"),
    ):
        found += [] if rule is None else [rule]
    return errors_only(found)


def create_violations(body: LocationCreate) -> list[Violation]:
    """Everything wrong with a *Create a Location* body."""
    found = location_violations(body.time_zone, body.preferred_language, body.name)
    found += language_violations(body.announcement_language, "announcementLanguage")
    return found + address_violations(body.address)


def update_violations(
    body: LocationUpdate, stored_address: Mapping[str, Any] | None = None
) -> list[Violation]:
    """Everything wrong with an *Update a Location* body: each given field meets the rule a
    create meets (a blank name, time zone or language is refused, not ignored), and the address
    the update leaves behind (``stored_address`` with the given fields over it) meets the
    address rules, so a new country is checked against the stored state and postal code.
    Without ``stored_address``: the body alone, as it is checked before the location is looked
    up (a bad body is a 400 whether or not the location exists, as on create)."""
    found = location_violations(body.time_zone, body.preferred_language, body.name)
    if body.address is None:
        return found
    given = body.address.model_dump(by_alias=True, exclude_none=True)
    merged = LocationUpdateAddress.model_validate({**(stored_address or {}), **given})
    return found + address_violations(merged)
