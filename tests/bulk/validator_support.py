"""Helpers shared by the validator tests: build small workbooks quickly with xlsxwriter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from bulk.schema import SHEETS, TEMPLATE_VERSION

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "workbooks" / "valid" / "sample.xlsx"
AS_OF = dt.date(2026, 11, 25)

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


def write_book(path: Path, rows: Rows, *, version: str | None = TEMPLATE_VERSION) -> Path:
    """Write the four sheets with template headers and the given rows (by column key); dates
    become date cells, text stays text (numbers only when given as numbers)."""
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "in_memory": True}
    )
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for sheet in SHEETS:
        ws = book.add_worksheet(sheet.name)
        for col, column in enumerate(sheet.columns):
            ws.write_string(0, col, column.template_header)
        for r, row in enumerate(rows.get(sheet.name, ()), start=1):
            for col, column in enumerate(sheet.columns):
                _write(ws, r, col, row.get(column.key), date_format)
    if version is not None:
        book.define_name("TemplateVersion", f'="{version}"')
    book.close()
    return path


def _write(ws: Any, row: int, col: int, value: Any, date_format: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_format)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value)
    else:
        ws.write_string(row, col, str(value))


def subscriber_rows(count: int, *, phones: bool = True) -> list[dict[str, Any]]:
    """``count`` valid ``webex_calling`` subscribers of customer ``c1`` at its location ``HQ``,
    with extensions from 100 (and phone numbers from +12175550100 unless not ``phones``)."""
    rows = []
    for i in range(count):
        row = {
            "customer_external_id": "c1",
            "email": f"user{i}@acme.example.com",
            "first_name": "Ann",
            "last_name": f"Lee{i}",
            "package": "webex_calling",
            "location_name": "HQ",
            "extension": f"{100 + i}",
        }
        if phones:
            row["phone_number"] = f"+1217555{100 + i:04d}"
        rows.append(row)
    return rows


def minimal_rows() -> dict[str, list[dict[str, Any]]]:
    """One valid customer with one location, two subscribers and a Setup Assist request."""
    return {
        "Customers": [
            {
                "external_id": "c1",
                "name": "Acme",
                "primary_email": "admin@acme.example.com",
                "address_line1": "1 Main St",
                "city": "Springfield",
                "state": "IL",
                "postal_code": "62701",
                "country": "US",
                "packages": "webex_calling, webex_meetings",
            }
        ],
        "Locations": [
            {
                "customer_external_id": "c1",
                "name": "HQ",
                "address_line1": "1 Main St",
                "city": "Springfield",
                "state": "IL",
                "postal_code": "62701",
                "country": "US",
                "timezone": "America/Chicago",
                "language": "en_US",
            }
        ],
        "Subscribers": subscriber_rows(2),
        "Setup Assist": [
            {
                "customer_external_id": "c1",
                "location_name": "HQ",
                "requested_completion_date": dt.date(2027, 6, 15),
                "contact_name": "Bo",
                "contact_email": "bo@acme.example.com",
                "network_check_done": "yes",
            }
        ],
    }
