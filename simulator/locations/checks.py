"""Request checks of ``/v1/locations`` bodies, from the field rulebook
(:mod:`bulk.rules.fields`): the name, the time zone, both languages and the address follow the
same rules as a wholesale calling location and the validator's Locations sheet."""

from __future__ import annotations

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
from simulator.locations.schemas import LocationAddress, LocationCreate

__all__ = ["address_violations", "create_violations", "location_violations"]


def location_violations(time_zone: str, language: str, name: str) -> list[Violation]:
    """An over-long name, an unknown IANA time zone, a language in neither reference form."""
    found = text_violations(fields.LOCATION_NAME, name, "name")
    found += timezone_violations(time_zone, "timeZone")
    found += language_violations(language, "preferredLanguage")
    return found


def address_violations(address: LocationAddress) -> list[Violation]:
    """Every field rule of a Locations address, and the per-country state and postal rules."""
    found = text_violations(fields.ADDRESS_LINE1, address.address1, "address.address1")
    found += text_violations(fields.ADDRESS_LINE2, address.address2, "address.address2")
    found += text_violations(fields.CITY, address.city, "address.city")
    found += text_violations(fields.STATE, address.state, "address.state")
    found += text_violations(fields.POSTAL_CODE, address.postal_code, "address.postalCode")
    country, problems = country_violations(address.country, "address.country")
    if problems:
        return found + problems
    for rule in (
        state_violation(address.state, country, "address.state"),
        postal_violation(address.postal_code, country, "address.postalCode"),
    ):
        found += [] if rule is None else [rule]
    return errors_only(found)


def create_violations(body: LocationCreate) -> list[Violation]:
    """Everything wrong with a *Create a Location* body."""
    found = location_violations(body.time_zone, body.preferred_language, body.name)
    found += language_violations(body.announcement_language, "announcementLanguage")
    return found + address_violations(body.address)
