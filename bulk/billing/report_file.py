"""Read a billing reconciliation report CSV (the columns of docs/billing.md) into typed lines.

Any problem is a :class:`ReportFileError` whose message names the file, the CSV line and the
column, in one line: a partner fixes the file or downloads it again, never reads a traceback.

Cells are neutralised for spreadsheets (a leading ``'`` before text that starts like a formula,
:mod:`bulk.rules.spreadsheet_text`): the reader reads them back to the values the API holds, and
:func:`neutralised_report` makes a downloaded report safe to open, whoever served it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bulk.rules.spreadsheet_text import neutralised_csv, restore_csv

REQUIRED_COLUMNS: tuple[str, ...] = (
    "line_type",
    "customer_id",
    "external_customer_id",
    "subscriber_id",
    "email",
    "package",
    "sku",
    "start_date",
    "end_date",
    "user_days",
    "billable_units",
    "quantity",
    "unit_net_price",
    "amount",
    "currency",
    "charge_date",
)
"""Columns every report has; ``location_id`` and ``location_name`` are read when present."""


class ReportFileError(Exception):
    """The report file cannot be used; the message names the file, line and column."""


@dataclass(frozen=True, slots=True)
class UsageLine:
    """Package user-days of a customer (and of one subscriber, in USER reports)."""

    line: int
    customer_id: str
    external_customer_id: str
    subscriber_id: str
    email: str
    package: str
    user_days: int
    billable_units: int


@dataclass(frozen=True, slots=True)
class ChargeLine:
    """A Setup Assist one-time charge for a customer location."""

    line: int
    customer_id: str
    external_customer_id: str
    location_id: str
    location_name: str
    sku: str
    quantity: int
    unit_net_price: Decimal
    amount: Decimal
    currency: str
    charge_date: dt.date


@dataclass(frozen=True, slots=True)
class BillingReportFile:
    """A whole report: its period (``None`` when it has no lines), usage and one-time lines."""

    path: Path
    period: tuple[dt.date, dt.date] | None
    usage: tuple[UsageLine, ...]
    charges: tuple[ChargeLine, ...]

    @property
    def per_user(self) -> bool:
        """Whether this is a USER report (usage lines name subscribers)."""
        return any(u.subscriber_id or u.email for u in self.usage)

    @property
    def per_partner(self) -> bool:
        """Whether this is a PARTNER report (the partner-level breakdown: usage lines name
        no customer, one per package for the whole partner)."""
        return any(not u.customer_id for u in self.usage)

    @property
    def kind(self) -> str:
        """``per user``, ``per partner`` or ``per customer``."""
        if self.per_user:
            return "per user"
        return "per partner" if self.per_partner else "per customer"


def read_report(path: Path) -> BillingReportFile:
    """Read and check a report CSV."""
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a quoted "\r" stays a "\r"
    except FileNotFoundError:
        raise ReportFileError(f"{path}: report file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReportFileError(f"{path}: cannot be read ({error})") from None
    rows = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED_COLUMNS if c not in (rows.fieldnames or ())]
    if missing:
        raise ReportFileError(
            f"{path}: not a billing report CSV (missing column(s) {', '.join(missing)})"
        )
    usage: list[UsageLine] = []
    charges: list[ChargeLine] = []
    periods: set[tuple[dt.date, dt.date]] = set()
    for number, row in enumerate(rows, start=2):
        cells = _Cells(path, number, row)
        periods.add((cells.date("start_date"), cells.date("end_date")))
        kind = cells.text("line_type")
        if kind == "usage":
            usage.append(_usage(number, cells))
        elif kind == "one_time":
            charges.append(_charge(number, cells))
        else:
            raise cells.error("line_type", f"is '{kind}', not usage or one_time")
    if len(periods) > 1:
        raise ReportFileError(f"{path}: lines cover different periods; is this one report?")
    return BillingReportFile(path, next(iter(periods), None), tuple(usage), tuple(charges))


def neutralised_report(content: bytes) -> bytes:
    """A downloaded report CSV with every cell neutralised for spreadsheets. Cells already
    neutralised (the simulator's) are read back first, so they are not quoted twice. Content
    that is not UTF-8 CSV is returned unchanged, for :func:`read_report` to explain."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content
    rows = csv.reader(io.StringIO(text, newline=""))
    safe = neutralised_csv([restore_csv(cell) for cell in row] for row in rows)
    return safe.encode("utf-8-sig" if content.startswith(codecs.BOM_UTF8) else "utf-8")


def _usage(number: int, cells: _Cells) -> UsageLine:
    return UsageLine(
        number,
        cells.text("customer_id"),  # empty on a PARTNER report's partner-level lines
        cells.text("external_customer_id"),
        cells.text("subscriber_id"),
        cells.text("email"),
        cells.text("package", required=True),
        cells.whole("user_days"),
        cells.whole("billable_units"),
    )


def _charge(number: int, cells: _Cells) -> ChargeLine:
    return ChargeLine(
        number,
        cells.text("customer_id", required=True),
        cells.text("external_customer_id"),
        cells.text("location_id"),
        cells.text("location_name"),
        cells.text("sku", required=True),
        cells.whole("quantity"),
        cells.money("unit_net_price"),
        cells.money("amount"),
        cells.text("currency", required=True),
        cells.date("charge_date"),
    )


class _Cells:
    """One CSV line's cells, read with messages that say where a bad one is."""

    def __init__(self, path: Path, number: int, row: Mapping[str, str | None]) -> None:
        self.path, self.number, self.row = path, number, row

    def error(self, column: str, problem: str) -> ReportFileError:
        return ReportFileError(f"{self.path} line {self.number}, column {column}: {problem}")

    def text(self, column: str, *, required: bool = False) -> str:
        value = restore_csv(self.row.get(column) or "").strip()
        if required and not value:
            raise self.error(column, "is empty")
        return value

    def whole(self, column: str) -> int:
        value = self.text(column, required=True)
        if not value.isdigit():
            raise self.error(column, f"is not a whole number: '{value}'")
        return int(value)

    def money(self, column: str) -> Decimal:
        value = self.text(column, required=True)
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise self.error(column, f"is not an amount: '{value}'") from None
        if not amount.is_finite():
            raise self.error(column, f"is not an amount: '{value}'")
        return amount

    def date(self, column: str) -> dt.date:
        value = self.text(column, required=True)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(column, f"is not a date (YYYY-MM-DD): '{value}'") from None
