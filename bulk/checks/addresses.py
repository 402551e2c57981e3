"""Address cells: country (ISO 3166-1 alpha-2), state or province and postal code, checked
against the row's country by the rulebook's per-country rules (:mod:`bulk.rules.addresses`).

A postal code typed into a General cell is stored as a number and loses its leading zeros
(02134 → 2134); the check says so and gives the value the cell should hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bulk.checks.base import Finding, RowCheck, at
from bulk.checks.text import as_text, read_text
from bulk.rules import values
from bulk.rules.addresses import POSTAL_FORMATS, lost_zeros, state_violation, zeros_fix
from bulk.rules.addresses import postal_violation as rule_postal_violation
from bulk.rules.verdicts import country_codes
from bulk.rules.violations import Violation
from bulk.schema import Column
from bulk.workbook.cells import number_text
from bulk.workbook.rows import CustomerRow, LocationRow, TypedRow

__all__ = [
    "POSTAL_FORMATS",
    "AddressCheck",
    "StoredAsNumber",
    "postal_violation",
    "read_country",
    "read_postal_code",
    "read_state",
    "state_violation",
    "valid_countries",
]


class StoredAsNumber(str):
    """Text read from a number cell (Excel dropped any leading zeros)."""

    __slots__ = ()


def valid_countries() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code."""
    return country_codes()


def read_country(raw: Any, column: Column, found: list[Violation]) -> str:
    """A country cell: an upper-case ISO 3166-1 alpha-2 code."""
    code, problem = values.country(as_text(raw), column.key)
    if problem is not None:
        found.append(problem)
    return code


def read_state(raw: Any, column: Column, found: list[Violation]) -> str:
    """A state cell, upper-cased; :class:`AddressCheck` checks it against the country."""
    return read_text(as_text(raw), column, found).upper()


def read_postal_code(raw: Any, column: Column, found: list[Violation]) -> str:
    """A postal code cell: text (marked :class:`StoredAsNumber` when Excel stored a number)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return StoredAsNumber(number_text(raw))
    return read_text(as_text(raw), column, found)


def postal_violation(postal: str, country: str) -> Violation | None:
    """The rulebook's postal code rule, explaining lost leading zeros of a number cell (and
    offering them back)."""
    if not isinstance(postal, StoredAsNumber):
        return rule_postal_violation(postal, country)
    found = rule_postal_violation(postal, country, damage=lost_zeros(postal, country))
    return None if found is None else found.repaired(zeros_fix(postal, country))


class AddressCheck(RowCheck):
    """State and postal code against the row's country (Customers and Locations)."""

    sheets = frozenset({"Customers", "Locations"})

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """The row's state and postal problems, when its country is valid."""
        if not isinstance(row, (CustomerRow, LocationRow)) or row.country not in country_codes():
            return ()
        found = [
            v
            for v in (
                state_violation(row.state, row.country),
                postal_violation(row.postal_code, row.country),
            )
            if v is not None
        ]
        return at(sheet, row.row, found)
