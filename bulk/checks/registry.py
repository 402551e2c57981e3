"""Which check reads which column kind, and the row checks every validation runs."""

from __future__ import annotations

from bulk.checks.addresses import AddressCheck, read_country, read_postal_code, read_state
from bulk.checks.assist import AssistCheck
from bulk.checks.base import CellReader, RowCheck
from bulk.checks.choices import read_action, read_choice, read_yes_no
from bulk.checks.customers import CustomerInfoCheck
from bulk.checks.dates import read_date
from bulk.checks.duplicates import DuplicateCheck
from bulk.checks.emails import read_email
from bulk.checks.extensions import read_extension
from bulk.checks.formula_like import FormulaLikeCheck
from bulk.checks.languages import read_language
from bulk.checks.packages import PackageCheck, read_package, read_packages
from bulk.checks.phones import read_phone
from bulk.checks.references import ReferenceCheck
from bulk.checks.row_countries import RowCountries
from bulk.checks.text import read_text
from bulk.checks.timezones import read_timezone
from bulk.schema import Kind

CELL_READERS: dict[Kind, CellReader] = {
    Kind.TEXT: read_text,
    Kind.EMAIL: read_email,
    Kind.PHONE: read_phone,
    Kind.EXTENSION: read_extension,
    Kind.COUNTRY: read_country,
    Kind.STATE: read_state,
    Kind.POSTAL_CODE: read_postal_code,
    Kind.TIMEZONE: read_timezone,
    Kind.LANGUAGE: read_language,
    Kind.PACKAGES: read_packages,
    Kind.PACKAGE: read_package,
    Kind.ACTION: read_action,
    Kind.DATE: read_date,
    Kind.CHOICE: read_choice,
}
"""The reader for each column kind."""

COLUMN_READERS: dict[tuple[str, str], CellReader] = {
    ("Setup Assist", "network_check_done"): read_yes_no,
}
"""Readers for particular columns whose value is not text (the yes/no flag becomes a bool)."""


def reader_for(sheet: str, key: str, kind: Kind) -> CellReader:
    """The reader of one column of a sheet."""
    return COLUMN_READERS.get((sheet, key), CELL_READERS[kind])


def row_checks() -> list[RowCheck]:
    """Fresh instances of every row check, in reporting order."""
    return [
        AddressCheck(),
        CustomerInfoCheck(),
        ReferenceCheck(),
        DuplicateCheck(),
        PackageCheck(),
        AssistCheck(),
        FormulaLikeCheck(),
        RowCountries(),
    ]
