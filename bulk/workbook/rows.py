"""Typed, normalised rows of the four sheets, for the importer and the web portal.

Each row keeps ``row``, the worksheet row number as Excel shows it. Values are normalised:
strings trimmed (non-breaking spaces removed), phones in E.164, languages canonical
(``en_US``), countries and states upper-case, packages as a tuple, action defaulting to
``create``, dates as ``date``, and the network check as a bool. A value that failed its check
is kept as trimmed text (or ``None`` for dates and flags) so a report can still show it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CustomerRow:
    """A row of the Customers sheet."""

    row: int
    external_id: str
    action: str = "create"
    name: str = ""
    primary_email: str = ""
    language: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    packages: tuple[str, ...] = ()
    existing_org_id: str = ""


@dataclass(frozen=True, slots=True)
class LocationRow:
    """A row of the Locations sheet."""

    row: int
    customer_external_id: str
    name: str
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    timezone: str = ""
    language: str = ""
    emergency_location_id: str = ""
    main_number: str = ""


@dataclass(frozen=True, slots=True)
class SubscriberRow:
    """A row of the Subscribers sheet."""

    row: int
    customer_external_id: str
    email: str
    action: str = "create"
    first_name: str = ""
    last_name: str = ""
    package: str = ""
    location_name: str = ""
    phone_number: str = ""
    extension: str = ""


@dataclass(frozen=True, slots=True)
class AssistRow:
    """A row of the Setup Assist sheet."""

    row: int
    customer_external_id: str
    location_name: str
    requested_completion_date: dt.date | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    channel: str = "api"
    network_check_done: bool | None = None
    notes: str = ""


TypedRow = CustomerRow | LocationRow | SubscriberRow | AssistRow

ROW_TYPES: dict[str, type[TypedRow]] = {
    "Customers": CustomerRow,
    "Locations": LocationRow,
    "Subscribers": SubscriberRow,
    "Setup Assist": AssistRow,
}


@dataclass(slots=True)
class ParsedWorkbook:
    """The typed rows of each sheet, in worksheet order."""

    customers: list[CustomerRow] = field(default_factory=list)
    locations: list[LocationRow] = field(default_factory=list)
    subscribers: list[SubscriberRow] = field(default_factory=list)
    assists: list[AssistRow] = field(default_factory=list)
    template_version: str = ""

    def rows_of(self, sheet: str) -> list[Any]:
        """The (mutable) list of rows of a sheet, by its template name."""
        found: dict[str, list[Any]] = {
            "Customers": self.customers,
            "Locations": self.locations,
            "Subscribers": self.subscribers,
            "Setup Assist": self.assists,
        }
        return found[sheet]

    def add(self, row: TypedRow) -> None:
        """Append a typed row to its sheet's list."""
        if isinstance(row, CustomerRow):
            self.customers.append(row)
        elif isinstance(row, LocationRow):
            self.locations.append(row)
        elif isinstance(row, SubscriberRow):
            self.subscribers.append(row)
        else:
            self.assists.append(row)
