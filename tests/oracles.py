"""Independent oracles for the Setup Assist rules, written from the documents and not from the
code under test (nothing here imports ``bulk.rules``, ``bulk.validation`` or the generator), so
a defect in the shared deadline or SKU code cannot hide by moving both sides of an assertion.

- Seats, SKU and quantity (docs/setup-assist.md): seats are the subscribers at the location;
  1-5 seats is ``EXPRESS`` with quantity 1, 6 or more is ``STANDARD`` with quantity = seats.
- Project phases (docs/setup-assist.md, Projects): an ``EXPRESS`` project has two phases, a
  ``STANDARD`` one eight, in this order.
- Earliest completion date (docs/setup-assist.md): six business days after the submission day,
  business days being Monday-Friday that are not public holidays of the location's country
  (and state or province, where one is given), counted one day at a time.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import holidays

__all__ = [
    "EXPRESS_PHASE_NAMES",
    "STANDARD_PHASE_NAMES",
    "assist_lines",
    "earliest_completion",
    "sku_for",
]

LEAD_BUSINESS_DAYS = 6
EXPRESS_PHASE_NAMES = ["Discovery and Assessment", "Solution Design"]
STANDARD_PHASE_NAMES = [
    "Project Management",
    "Discovery and Assessment",
    "Solution Design",
    "Onboarding (testing) Planning",
    "Implementation",
    "Onboarding Execution",
    "Post-onboarding",
    "Operations handoff",
]


def sku_for(seats: int) -> tuple[str, int]:
    """(SKU, quantity) for a location's seats."""
    return ("EXPRESS", 1) if 1 <= seats <= 5 else ("STANDARD", seats)


def assist_lines(
    subscribers: Iterable[Any], assists: Iterable[Any]
) -> list[tuple[str, str, str, int, int]]:
    """(customer, location, sku, quantity, seats) of each Setup Assist row, sorted, from the
    workbook's rows alone."""
    seats = Counter((s.customer_external_id, s.location_name) for s in subscribers)
    lines = []
    for row in assists:
        count = seats[(row.customer_external_id, row.location_name)]
        lines.append((row.customer_external_id, row.location_name, *sku_for(count), count))
    return sorted(lines)


def _holidays(country: str, subdivision: str | None, year: int) -> set[date]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # India's data ends in 2035: the oracle does not care
        return set(
            holidays.country_holidays(country, subdiv=subdivision or None, years=[year, year + 1])
        )


def earliest_completion(submitted: date, country: str, subdivision: str | None = None) -> date:
    """The sixth business day after ``submitted``, walked one calendar day at a time."""
    off = _holidays(country, subdivision, submitted.year)
    day, counted = submitted, 0
    while counted < LEAD_BUSINESS_DAYS:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            counted += 1
    return day
