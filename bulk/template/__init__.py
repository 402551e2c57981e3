"""The onboarding workbook template: built from :mod:`bulk.schema`, saved reproducibly."""

from __future__ import annotations

from bulk.template.archive import FIXED_TIMESTAMP, workbook_bytes, write_workbook
from bulk.template.builder import (
    DATA_ROWS,
    INSTRUCTIONS_SHEET,
    LAST_ROW,
    LISTS_SHEET,
    VERSION_NAME,
    build_template,
    write_template,
)
from bulk.template.lists import COUNTRIES, DROPDOWNS, TIME_ZONES, Alert, Dropdown, dropdown_for

__all__ = [
    "COUNTRIES",
    "DATA_ROWS",
    "DROPDOWNS",
    "FIXED_TIMESTAMP",
    "INSTRUCTIONS_SHEET",
    "LAST_ROW",
    "LISTS_SHEET",
    "TIME_ZONES",
    "VERSION_NAME",
    "Alert",
    "Dropdown",
    "build_template",
    "dropdown_for",
    "workbook_bytes",
    "write_template",
    "write_workbook",
]
