"""What the dashboard's forms offer and say about a field, read from the field rulebook
(:mod:`bulk.rules`, docs/validator.md "Field rules"), never a second copy: the countries are the
ISO 3166-1 codes the rulebook accepts, the time zones and languages the rulebook's suggested
selections (the template's dropdowns offer the same), the channels and packages its allowed
values; a field's hint states its length limit, forbidden characters and per-country rules from
the same rules the API's checks apply.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from bulk.rules import fields
from bulk.rules.addresses import POSTAL_REQUIRED, STATE_REQUIRED
from bulk.rules.fields import FieldRule
from bulk.rules.verdicts import EXTENSION_DIGITS, country_names

Choices = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class FieldLists:
    """The country codes with their names, the time zone names and the language codes."""

    countries: tuple[tuple[str, str], ...]
    time_zones: tuple[str, ...]
    languages: tuple[str, ...]


@functools.cache
def field_lists() -> FieldLists:
    """The rulebook's lists the forms offer (read once)."""
    return FieldLists(
        tuple(country_names().items()),
        fields.TIMEZONE.choices,
        fields.LOCATION_LANGUAGE.choices,
    )


def plain_choices(values: Iterable[str]) -> Choices:
    """Each value as its own label."""
    return tuple((v, v) for v in values)


def country_choices() -> Choices:
    """``("GB", "GB — United Kingdom")`` for every country, by code, after a blank choice."""
    return (("", "(choose a country)"), *((c, f"{c} — {n}") for c, n in field_lists().countries))


def time_zone_choices() -> Choices:
    """The rulebook's suggested IANA time zones, after a blank choice."""
    return (("", "(choose a time zone)"), *plain_choices(field_lists().time_zones))


def language_choices(blank: str = "(choose a language)") -> Choices:
    """The rulebook's suggested language codes, after a blank choice labelled ``blank``."""
    return (("", blank), *plain_choices(field_lists().languages))


def _listed(codes: Iterable[str]) -> str:
    *head, last = sorted(codes)
    return f"{', '.join(head)} and {last}" if head else last


def rule_hint(rule: FieldRule) -> str:
    """What a field's rule limits, in words: ``"At most 50 characters. No % sign."``."""
    said = [f"At most {rule.max_length} characters."] if rule.max_length else []
    said += [f"No {character} sign." for character in rule.forbidden]
    return " ".join(said)


def hint(rule: FieldRule, *more: str) -> str:
    """``more`` (what the form adds about the field) followed by the rule's own limits."""
    return " ".join(part for part in (*more, rule_hint(rule)) if part)


STATE_HINT = f"Required for {_listed(STATE_REQUIRED)}."
POSTAL_HINT = f"Required for {_listed(POSTAL_REQUIRED)}; checked against the country's format."
EXTENSION_HINT = f"{EXTENSION_DIGITS[0]} to {EXTENSION_DIGITS[1]} digits."


__all__ = [
    "EXTENSION_HINT",
    "POSTAL_HINT",
    "STATE_HINT",
    "Choices",
    "FieldLists",
    "country_choices",
    "field_lists",
    "hint",
    "language_choices",
    "plain_choices",
    "rule_hint",
    "time_zone_choices",
]
