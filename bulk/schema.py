"""The single description of the onboarding workbook (template version 1, DESIGN §4).

Everything that knows about sheets and columns (the template builder, the reader, the checks,
the reports, the generator, the importer) reads it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from bulk.rules.languages import LANGUAGES
from bulk.rules.packages import CUSTOMER_PACKAGES, SUBSCRIBER_PACKAGES

TEMPLATE_VERSION = "1"
ACTIONS: tuple[str, ...] = ("create", "update", "delete")
CHANNELS: tuple[str, ...] = ("api", "form", "helpdesk")
YES_NO: tuple[str, ...] = ("yes", "no")


class Kind(StrEnum):
    """What a column holds; decides which cell check applies."""

    TEXT = "text"
    EMAIL = "email"
    PHONE = "phone"
    EXTENSION = "extension"
    COUNTRY = "country"
    STATE = "state"
    POSTAL_CODE = "postal_code"
    TIMEZONE = "timezone"
    LANGUAGE = "language"
    PACKAGES = "packages"
    PACKAGE = "package"
    ACTION = "action"
    DATE = "date"
    CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    """One template column: its header, the key rows use, and what it may hold."""

    header: str
    key: str
    kind: Kind = Kind.TEXT
    required: bool = False
    required_unless: str | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    help: str = ""
    width: int = 18
    forbidden: str = ""

    @property
    def template_header(self) -> str:
        """The header as the template writes it: required columns end with ``*``."""
        return self.header + ("*" if self.marked_required else "")

    @property
    def marked_required(self) -> bool:
        """Whether the template marks the column required: always required, or required unless
        the ``required_unless`` column of the same row is filled (DESIGN §4 marks Customer Name
        and Primary Email with ``*`` although Existing Org ID lets them be blank)."""
        return self.required or self.required_unless is not None


@dataclass(frozen=True)
class Sheet:
    """One data sheet of the template."""

    name: str
    columns: tuple[Column, ...]
    help: str = ""
    by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {c.key: c for c in self.columns})

    def column(self, key: str) -> Column:
        """The column with this key."""
        return self.by_key[key]

    def requirement(self, column: Column) -> str:
        """How the template describes whether ``column`` must be filled."""
        if column.required:
            return "required"
        if column.required_unless is not None:
            return f"required unless {self.column(column.required_unless).header} is given"
        return "optional"


def fold_header(text: str) -> str:
    """Header matching form: case-insensitive, ignoring spaces, underscores, hyphens and a
    trailing ``*`` (DESIGN §4)."""
    return re.sub(r"[\s_\-\u00a0]+", "", text.strip().rstrip("*").strip()).lower()


_ADDRESS_HELP = "Street address, at most 50 characters."
_COUNTRY_HELP = "ISO 3166-1 alpha-2 code, e.g. US, GB, DE."

CUSTOMERS = Sheet(
    "Customers",
    (
        Column(
            "Action",
            "action",
            Kind.ACTION,
            choices=ACTIONS,
            help="create, update or delete; blank = create.",
            width=10,
        ),
        Column(
            "External ID",
            "external_id",
            required=True,
            max_length=255,
            aliases=("Customer External ID", "ExternalId"),
            help="Your own unique ID for this customer.",
            width=20,
        ),
        Column(
            "Customer Name",
            "name",
            required_unless="existing_org_id",
            max_length=255,
            forbidden="%",
            aliases=("Name",),
            help="Company name; no % sign. Blank only with Existing Org ID.",
            width=28,
        ),
        Column(
            "Primary Email",
            "primary_email",
            Kind.EMAIL,
            required_unless="existing_org_id",
            max_length=254,
            help="The customer's main administrator email. Blank only with Existing Org ID.",
            width=28,
        ),
        Column(
            "Language",
            "language",
            Kind.LANGUAGE,
            choices=LANGUAGES,
            help="Customer language, e.g. en_US.",
            width=10,
        ),
        Column(
            "Address Line 1",
            "address_line1",
            required=True,
            max_length=50,
            aliases=("Address",),
            help=_ADDRESS_HELP,
            width=28,
        ),
        Column("Address Line 2", "address_line2", max_length=50, help=_ADDRESS_HELP, width=20),
        Column("City", "city", required=True, max_length=100, width=18),
        Column(
            "State/Province",
            "state",
            Kind.STATE,
            max_length=50,
            aliases=("State", "Province", "State or Province"),
            help="Required for US, CA and AU: the subdivision code, e.g. CA, ON, NSW.",
            width=14,
        ),
        Column(
            "Postal Code",
            "postal_code",
            Kind.POSTAL_CODE,
            max_length=20,
            aliases=("Zip", "Zip Code", "Postcode", "Zip or Postal Code"),
            help="Required for US, CA, GB and AU; format as text to keep leading zeros.",
            width=12,
        ),
        Column("Country", "country", Kind.COUNTRY, required=True, help=_COUNTRY_HELP, width=10),
        Column(
            "Packages",
            "packages",
            Kind.PACKAGES,
            required=True,
            choices=CUSTOMER_PACKAGES,
            help="Comma-separated package names, e.g. webex_calling, webex_meetings.",
            width=36,
        ),
        Column(
            "Existing Org ID",
            "existing_org_id",
            max_length=255,
            aliases=("Org ID",),
            help="Attach to an existing Webex org; then name and email may be blank.",
            width=24,
        ),
    ),
    help="One row per customer organisation.",
)

LOCATIONS = Sheet(
    "Locations",
    (
        Column(
            "Customer External ID",
            "customer_external_id",
            required=True,
            max_length=255,
            aliases=("External ID",),
            width=20,
        ),
        Column(
            "Location Name",
            "name",
            required=True,
            max_length=80,
            aliases=("Location",),
            help="Unique within the customer.",
            width=24,
        ),
        Column(
            "Address Line 1",
            "address_line1",
            required=True,
            max_length=50,
            aliases=("Address",),
            help=_ADDRESS_HELP,
            width=28,
        ),
        Column("Address Line 2", "address_line2", max_length=50, help=_ADDRESS_HELP, width=20),
        Column("City", "city", required=True, max_length=100, width=18),
        Column(
            "State/Province",
            "state",
            Kind.STATE,
            max_length=50,
            aliases=("State", "Province", "State or Province"),
            width=14,
        ),
        Column(
            "Postal Code",
            "postal_code",
            Kind.POSTAL_CODE,
            max_length=20,
            aliases=("Zip", "Zip Code", "Postcode"),
            width=12,
        ),
        Column("Country", "country", Kind.COUNTRY, required=True, help=_COUNTRY_HELP, width=10),
        Column(
            "Time Zone",
            "timezone",
            Kind.TIMEZONE,
            required=True,
            aliases=("Timezone", "TZ"),
            help="IANA time zone, e.g. America/New_York.",
            width=22,
        ),
        Column("Language", "language", Kind.LANGUAGE, required=True, choices=LANGUAGES, width=10),
        Column("Emergency Location ID", "emergency_location_id", max_length=64, width=18),
        Column(
            "Main Number",
            "main_number",
            Kind.PHONE,
            aliases=("Main Phone Number",),
            help="E.164, e.g. +14085550100.",
            width=18,
        ),
    ),
    help="Customer sites. The first location of a customer with a calling package becomes its calling location.",
)

SUBSCRIBERS = Sheet(
    "Subscribers",
    (
        Column(
            "Action",
            "action",
            Kind.ACTION,
            choices=ACTIONS,
            help="create, update or delete; blank = create.",
            width=10,
        ),
        Column(
            "Customer External ID",
            "customer_external_id",
            required=True,
            max_length=255,
            aliases=("External ID",),
            width=20,
        ),
        Column(
            "Email",
            "email",
            Kind.EMAIL,
            required=True,
            max_length=254,
            help="Unique in the workbook.",
            width=30,
        ),
        Column("First Name", "first_name", required=True, max_length=64, width=16),
        Column("Last Name", "last_name", required=True, max_length=64, width=16),
        Column(
            "Package", "package", Kind.PACKAGE, required=True, choices=SUBSCRIBER_PACKAGES, width=22
        ),
        Column(
            "Location Name",
            "location_name",
            max_length=80,
            aliases=("Location",),
            help="Required for calling packages.",
            width=22,
        ),
        Column(
            "Phone Number",
            "phone_number",
            Kind.PHONE,
            aliases=("Phone", "Primary Phone Number"),
            help="E.164, e.g. +14085550100; unique.",
            width=18,
        ),
        Column(
            "Extension",
            "extension",
            Kind.EXTENSION,
            help="2-10 digits, unique within the location.",
            width=10,
        ),
    ),
    help="One row per user.",
)

SETUP_ASSIST = Sheet(
    "Setup Assist",
    (
        Column(
            "Customer External ID",
            "customer_external_id",
            required=True,
            max_length=255,
            aliases=("External ID",),
            width=20,
        ),
        Column(
            "Location Name",
            "location_name",
            required=True,
            max_length=80,
            aliases=("Location",),
            width=22,
        ),
        Column(
            "Requested Completion Date",
            "requested_completion_date",
            Kind.DATE,
            required=True,
            aliases=("Completion Date",),
            help="At least six business days after submission.",
            width=16,
        ),
        Column("Contact Name", "contact_name", required=True, max_length=128, width=20),
        Column(
            "Contact Email", "contact_email", Kind.EMAIL, required=True, max_length=254, width=26
        ),
        Column("Contact Phone", "contact_phone", Kind.PHONE, help="E.164.", width=18),
        Column(
            "Channel",
            "channel",
            Kind.CHOICE,
            choices=CHANNELS,
            help="api, form or helpdesk; blank = api.",
            width=10,
        ),
        Column(
            "Network Check Done",
            "network_check_done",
            Kind.CHOICE,
            choices=YES_NO,
            help="Has the customer run the network connectivity check? yes or no.",
            width=12,
        ),
        Column("Notes", "notes", max_length=1000, width=30),
    ),
    help="One Setup Assist request per customer location. The SKU is derived from the seats.",
)

SHEETS: tuple[Sheet, ...] = (CUSTOMERS, LOCATIONS, SUBSCRIBERS, SETUP_ASSIST)
SHEETS_BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}

__all__ = [
    "ACTIONS",
    "CHANNELS",
    "CUSTOMERS",
    "LOCATIONS",
    "SETUP_ASSIST",
    "SHEETS",
    "SHEETS_BY_NAME",
    "SUBSCRIBERS",
    "TEMPLATE_VERSION",
    "YES_NO",
    "Column",
    "Kind",
    "Sheet",
    "fold_header",
]
