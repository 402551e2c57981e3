"""Address cells: country (ISO 3166-1 alpha-2), state or province (a subdivision code of the
country; required for US, CA and AU), postal code (required for US, CA, GB and AU; checked
against the country's format). Countries and subdivisions come from pycountry.

A postal code typed into a General cell is stored as a number and loses its leading zeros
(02134 → 2134); the check says so and gives the value the cell should hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pycountry

from bulk.checks.base import Finding, RowCheck, at
from bulk.checks.text import as_text, read_text
from bulk.rules.violations import Violation
from bulk.schema import Column
from bulk.workbook.cells import number_text
from bulk.workbook.rows import CustomerRow, LocationRow, TypedRow

STATE_REQUIRED: frozenset[str] = frozenset({"US", "CA", "AU"})
POSTAL_REQUIRED: frozenset[str] = frozenset({"US", "CA", "GB", "AU"})

_GB = (
    r"GIR ?0AA|(?:[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d(?:\d|[ABEHMNPRV-Y])?|\d[A-HJKPS-UW]))"
    r" ?\d[ABD-HJLNP-UW-Z]{2}"
)
POSTAL_FORMATS: dict[str, tuple[str, str]] = {
    "US": (r"\d{5}(?:-\d{4})?", "5 digits (or ZIP+4: 12345-6789)"),
    "CA": (r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d", "A1A 1A1"),
    "GB": (_GB, "a UK postcode such as EC4M 7RB"),
    "AU": (r"\d{4}", "4 digits"),
    "DE": (r"\d{5}", "5 digits"),
    "FR": (r"\d{5}", "5 digits"),
    "NL": (r"[1-9]\d{3} ?[A-Z]{2}", "1234 AB"),
    "ES": (r"(?:0[1-9]|[1-4]\d|5[0-2])\d{3}", "5 digits"),
    "IT": (r"\d{5}", "5 digits"),
    "IN": (r"[1-9]\d{5}", "6 digits"),
    "JP": (r"\d{3}-?\d{4}", "123-4567"),
    "BR": (r"\d{5}-?\d{3}", "12345-678"),
    "MX": (r"\d{5}", "5 digits"),
    "IE": (r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}", "an Eircode such as A65 F4E2"),
    "NZ": (r"\d{4}", "4 digits"),
    "BE": (r"[1-9]\d{3}", "4 digits"),
    "AT": (r"[1-9]\d{3}", "4 digits"),
    "CH": (r"[1-9]\d{3}", "4 digits"),
    "DK": (r"\d{4}", "4 digits"),
    "NO": (r"\d{4}", "4 digits"),
    "SE": (r"\d{3} ?\d{2}", "123 45"),
    "FI": (r"\d{5}", "5 digits"),
    "PL": (r"\d{2}-\d{3}", "12-345"),
    "PT": (r"\d{4}-\d{3}", "1234-567"),
    "SG": (r"\d{6}", "6 digits"),
    "KR": (r"\d{5}", "5 digits"),
    "CN": (r"\d{6}", "6 digits"),
    "ZA": (r"\d{4}", "4 digits"),
}
_COMPILED = {code: re.compile(rx, re.IGNORECASE) for code, (rx, _) in POSTAL_FORMATS.items()}


class StoredAsNumber(str):
    """Text read from a number cell (Excel dropped any leading zeros)."""

    __slots__ = ()


@lru_cache(maxsize=1)
def valid_countries() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=512)
def subdivision_codes(country: str) -> dict[str, str]:
    """Upper-case subdivision codes of a country without the prefix (``CA`` for ``US-CA``),
    mapped to their names."""
    found = pycountry.subdivisions.get(country_code=country) or []  # type: ignore[no-untyped-call]
    return {s.code.split("-", 1)[1].upper(): s.name for s in found}


def _country_hint(text: str) -> str:
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return ""
    return f"; for {country.name} use {country.alpha_2}"


def read_country(raw: Any, column: Column, found: list[Violation]) -> str:
    """A country cell: an upper-case ISO 3166-1 alpha-2 code."""
    text = as_text(raw)
    code = text.upper()
    if code not in valid_countries():
        found.append(
            Violation.of("cell-invalid-country", column.key, value=text, reason=_country_hint(text))
        )
        return text
    return code


def read_state(raw: Any, column: Column, found: list[Violation]) -> str:
    """A state cell, upper-cased; :class:`AddressCheck` checks it against the country."""
    return read_text(as_text(raw), column, found).upper()


def read_postal_code(raw: Any, column: Column, found: list[Violation]) -> str:
    """A postal code cell: text (marked :class:`StoredAsNumber` when Excel stored a number)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return StoredAsNumber(number_text(raw))
    return read_text(as_text(raw), column, found)


def state_violation(state: str, country: str) -> Violation | None:
    """What is wrong with a state for a country, if anything."""
    codes = subdivision_codes(country)
    if not state:
        if country in STATE_REQUIRED:
            example = next(iter(sorted(codes)), "")
            reason = (
                f"State/Province is required for {country} addresses (a code such as {example})."
            )
            return Violation.of("cell-invalid-state", "state", reason=reason, value="")
        return None
    code = state.removeprefix(country + "-")
    if not codes or code in codes:
        return None
    by_name = {name.casefold(): c for c, name in codes.items()}
    hint = f"; use its code '{by_name[state.casefold()]}'" if state.casefold() in by_name else ""
    reason = f"'{state}' is not a state or province code of {country}{hint}."
    return Violation.of("cell-invalid-state", "state", reason=reason, value=state)


def postal_violation(postal: str, country: str) -> Violation | None:
    """What is wrong with a postal code for a country, if anything."""
    if not postal:
        if country in POSTAL_REQUIRED:
            reason = f"Postal Code is required for {country} addresses."
            return Violation.of("cell-invalid-postal-code", "postal_code", reason=reason, value="")
        return None
    pattern = _COMPILED.get(country)
    if pattern is None or pattern.fullmatch(postal):
        return None
    reason = f"'{postal}' is not a valid {country} postal code ({POSTAL_FORMATS[country][1]})"
    if isinstance(postal, StoredAsNumber):
        reason += _lost_zeros(postal, pattern)
    return Violation.of(
        "cell-invalid-postal-code", "postal_code", reason=reason + ".", value=postal
    )


def _lost_zeros(digits: str, pattern: re.Pattern[str]) -> str:
    for width in range(len(digits) + 1, len(digits) + 4):
        padded = digits.zfill(width)
        if pattern.fullmatch(padded):
            return (
                f": Excel stored it as the number {digits} and dropped the leading zero; "
                f"enter '{padded}' in a cell formatted as text"
            )
    return f": Excel stored it as the number {digits}"


class AddressCheck(RowCheck):
    """State and postal code against the row's country (Customers and Locations)."""

    sheets = frozenset({"Customers", "Locations"})

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """The row's state and postal problems, when its country is valid."""
        if not isinstance(row, (CustomerRow, LocationRow)) or row.country not in valid_countries():
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
