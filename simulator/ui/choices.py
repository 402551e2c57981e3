"""The choices the dashboard's forms offer for countries and time zones.

Both lists come from one place, :func:`field_lists`, so they can be repointed at the field
rulebook (``bulk.rules``) when it exposes them: today the countries are ``pycountry``'s ISO
3166-1 list and the time zones the IANA names ``zoneinfo`` knows, the same sources the
simulator's checks accept.
"""

from __future__ import annotations

import functools
import zoneinfo
from dataclasses import dataclass

import pycountry

Choices = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class FieldLists:
    """The country codes with their names, and the time zone names."""

    countries: tuple[tuple[str, str], ...]
    time_zones: tuple[str, ...]


@functools.cache
def field_lists() -> FieldLists:
    """The one source of the country and time zone lists (read once)."""
    countries = sorted((c.alpha_2, c.name) for c in pycountry.countries)
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and z != "Factory")
    return FieldLists(tuple(countries), tuple(zones))


def country_choices() -> Choices:
    """``("GB", "GB — United Kingdom")`` for every country, by code, after a blank choice."""
    return (("", "(choose a country)"), *((c, f"{c} — {n}") for c, n in field_lists().countries))


def time_zone_choices() -> Choices:
    """Every IANA time zone name, after a blank choice."""
    return (("", "(choose a time zone)"), *((z, z) for z in field_lists().time_zones))


__all__ = ["Choices", "FieldLists", "country_choices", "field_lists", "time_zone_choices"]
