"""Business days and the Setup Assist deadline (docs/design.md §3 item 5).

A Setup Assist request must be submitted no later than six business days before the requested
onboarding completion date: ``completion >= add_business_days(submitted_on, 6)``. Business days
are Monday to Friday minus the public holidays (including observed days) of the location's
country, as the ``holidays`` package knows them.

Countries and subdivisions:

* Any country the ``holidays`` package knows works; :data:`SUPPORTED_COUNTRIES` are the ones the
  project tests and promises. Codes are ISO 3166-1 alpha-2, case-insensitive.
* An unknown country falls back to weekends only: no holidays, never an error, because the
  validator reports bad country codes itself (``cell-invalid-country``).
* A subdivision (state, province, region) adds its regional holidays. It is matched
  case-insensitively by code (``ca``) or by the package's alias (``California``); an unknown
  subdivision falls back to the country's national holidays.
* Years outside the range a country's data covers give what the package knows for them (often only
  fixed-date holidays), without a warning.

Holiday calendars are cached per (country, subdivision, year), and whole deadline computations per
(date, country, subdivision), because the validator asks the same questions for every row.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

import holidays

from bulk.rules.violations import Violation

ASSIST_LEAD_BUSINESS_DAYS = 6
"""How many business days a Setup Assist request must precede the completion date."""

SUPPORTED_COUNTRIES: tuple[str, ...] = (
    "US",
    "CA",
    "GB",
    "AU",
    "DE",
    "FR",
    "NL",
    "ES",
    "IT",
    "IN",
    "JP",
    "BR",
    "MX",
)
"""Countries whose holiday calendars the project tests; others known to ``holidays`` work too."""

_SATURDAY = 5
_ONE_DAY = timedelta(days=1)
# warnings.catch_warnings() swaps process-wide state; serialise the (rare) calendar builds.
_BUILD_LOCK = threading.Lock()


def is_business_day(day: date, country: str, subdivision: str | None = None) -> bool:
    """Whether ``day`` is Monday to Friday and not a public holiday of ``country``
    (and of ``subdivision``, when given)."""
    if day.weekday() >= _SATURDAY:
        return False
    return day not in _holiday_dates(country, subdivision, day.year)


def add_business_days(start: date, days: int, country: str, subdivision: str | None = None) -> date:
    """The date ``days`` business days after ``start``: counting starts the day after ``start``,
    so ``days == 0`` gives ``start`` itself (even when ``start`` is not a business day).

    Raises ``ValueError`` for a negative ``days`` (a programming error)."""
    if days < 0:
        raise ValueError(f"days must be >= 0, not {days}")
    return _add_business_days(start, days, country, subdivision)


def earliest_completion_date(
    submitted_on: date, country: str, subdivision: str | None = None
) -> date:
    """The earliest completion date a request submitted on ``submitted_on`` may ask for."""
    return _add_business_days(submitted_on, ASSIST_LEAD_BUSINESS_DAYS, country, subdivision)


def meets_deadline(
    requested: date, submitted_on: date, country: str, subdivision: str | None = None
) -> bool:
    """Whether ``requested`` is on or after the earliest acceptable completion date."""
    return requested >= earliest_completion_date(submitted_on, country, subdivision)


def completion_date_violations(
    requested: date,
    submitted_on: date,
    country: str,
    subdivision: str | None = None,
    field: str = "requested_completion_date",
) -> list[Violation]:
    """What is wrong with asking for completion on ``requested`` when submitting on
    ``submitted_on``: ``assist-date-past`` before the submission date, ``assist-deadline``
    (naming the earliest acceptable date) when too soon, nothing otherwise."""
    dates = {"requested": requested.isoformat(), "submitted": submitted_on.isoformat()}
    if requested < submitted_on:
        return [Violation.of("assist-date-past", field, **dates)]
    earliest = earliest_completion_date(submitted_on, country, subdivision)
    if requested < earliest:
        return [Violation.of("assist-deadline", field, earliest=earliest.isoformat(), **dates)]
    return []


@lru_cache(maxsize=65536)
def _add_business_days(start: date, days: int, country: str, subdivision: str | None) -> date:
    day = start
    remaining = days
    while remaining:
        day += _ONE_DAY
        if is_business_day(day, country, subdivision):
            remaining -= 1
    return day


@lru_cache(maxsize=4096)
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    code = country.strip().upper()
    known = _subdivision_codes(code)
    if known is None:
        return frozenset()
    subdiv = known.get(subdivision.strip().casefold()) if subdivision else None
    with _BUILD_LOCK, warnings.catch_warnings():
        # Some countries warn for years outside their data range (India: 2001-2035).
        warnings.simplefilter("ignore")
        calendar = holidays.country_holidays(code, subdiv=subdiv, years=year)
    return frozenset(calendar.keys())


@lru_cache(maxsize=512)
def _subdivision_codes(country: str) -> Mapping[str, str] | None:
    """Case-folded subdivision codes and aliases of a country → the package's code; ``None``
    when the package does not know the country."""
    try:
        entity = holidays.country_holidays(country)
    except NotImplementedError:
        return None
    codes: dict[str, str] = {str(c).casefold(): str(c) for c in entity.subdivisions}
    aliases: Mapping[str, str] = getattr(entity, "subdivisions_aliases", {})
    for alias, code in aliases.items():
        codes.setdefault(str(alias).casefold(), str(code))
    return codes


__all__ = [
    "ASSIST_LEAD_BUSINESS_DAYS",
    "SUPPORTED_COUNTRIES",
    "add_business_days",
    "completion_date_violations",
    "earliest_completion_date",
    "is_business_day",
    "meets_deadline",
]
