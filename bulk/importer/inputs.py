"""What the importer reads from a validated workbook: the typed rows of the four sheets.

These Protocols name exactly the attributes the importer uses, so it works with the validator's
rows (:mod:`bulk.workbook.rows`) and with any other source of rows (the generator, tests)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol


class CustomerInput(Protocol):
    """A Customers row."""

    @property
    def row(self) -> int:
        """Worksheet row number."""

    @property
    def action(self) -> str:
        """create, update or delete."""

    @property
    def external_id(self) -> str:
        """The partner's unique id of the customer."""

    @property
    def name(self) -> str | None:
        """Company name."""

    @property
    def primary_email(self) -> str | None:
        """Main administrator email."""

    @property
    def language(self) -> str | None:
        """Customer language."""

    @property
    def address_line1(self) -> str:
        """Street address."""

    @property
    def address_line2(self) -> str | None:
        """Second address line."""

    @property
    def city(self) -> str:
        """City."""

    @property
    def state(self) -> str | None:
        """State or province code."""

    @property
    def postal_code(self) -> str | None:
        """Postal code."""

    @property
    def country(self) -> str:
        """ISO 3166-1 alpha-2 country."""

    @property
    def packages(self) -> Sequence[str]:
        """Customer packages."""

    @property
    def existing_org_id(self) -> str | None:
        """Org to attach to, if any."""


class LocationInput(Protocol):
    """A Locations row."""

    @property
    def row(self) -> int:
        """Worksheet row number."""

    @property
    def customer_external_id(self) -> str:
        """The customer it belongs to."""

    @property
    def name(self) -> str:
        """Location name (unique per customer)."""

    @property
    def address_line1(self) -> str:
        """Street address."""

    @property
    def address_line2(self) -> str | None:
        """Second address line."""

    @property
    def city(self) -> str:
        """City."""

    @property
    def state(self) -> str | None:
        """State or province code."""

    @property
    def postal_code(self) -> str | None:
        """Postal code."""

    @property
    def country(self) -> str:
        """ISO 3166-1 alpha-2 country."""

    @property
    def timezone(self) -> str:
        """IANA time zone."""

    @property
    def language(self) -> str:
        """Location language."""

    @property
    def emergency_location_id(self) -> str | None:
        """Emergency location identifier."""


class SubscriberInput(Protocol):
    """A Subscribers row."""

    @property
    def row(self) -> int:
        """Worksheet row number."""

    @property
    def action(self) -> str:
        """create, update or delete."""

    @property
    def customer_external_id(self) -> str:
        """The customer it belongs to."""

    @property
    def email(self) -> str:
        """Subscriber email (unique, case-insensitive)."""

    @property
    def first_name(self) -> str:
        """First name."""

    @property
    def last_name(self) -> str:
        """Last name."""

    @property
    def package(self) -> str:
        """Subscriber package."""

    @property
    def location_name(self) -> str | None:
        """Location of the customer, if any."""

    @property
    def phone_number(self) -> str | None:
        """E.164 phone number."""

    @property
    def extension(self) -> str | None:
        """Extension."""


class AssistInput(Protocol):
    """A Setup Assist row."""

    @property
    def row(self) -> int:
        """Worksheet row number."""

    @property
    def customer_external_id(self) -> str:
        """The customer."""

    @property
    def location_name(self) -> str:
        """The customer location to set up."""

    @property
    def requested_completion_date(self) -> date | None:
        """Requested onboarding completion date."""

    @property
    def contact_name(self) -> str:
        """Contact name."""

    @property
    def contact_email(self) -> str:
        """Contact email."""

    @property
    def contact_phone(self) -> str | None:
        """Contact phone."""

    @property
    def channel(self) -> str:
        """api, form or helpdesk."""

    @property
    def network_check_done(self) -> bool | None:
        """Whether the connectivity check was run."""

    @property
    def notes(self) -> str | None:
        """Free notes."""


class WorkbookInput(Protocol):
    """The rows of a validated workbook."""

    @property
    def customers(self) -> Sequence[CustomerInput]:
        """Customers sheet rows."""

    @property
    def locations(self) -> Sequence[LocationInput]:
        """Locations sheet rows."""

    @property
    def subscribers(self) -> Sequence[SubscriberInput]:
        """Subscribers sheet rows."""

    @property
    def assists(self) -> Sequence[AssistInput]:
        """Setup Assist sheet rows."""
