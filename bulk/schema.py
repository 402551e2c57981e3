"""The single description of the onboarding workbook (template version 1, docs/design.md §4).

Everything that knows about sheets and columns (the template builder, the reader, the checks,
the reports, the generator, the importer) reads it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bulk.rules import fields as rule
from bulk.rules.addresses import POSTAL_REQUIRED, STATE_REQUIRED
from bulk.rules.deadline import ASSIST_LEAD_BUSINESS_DAYS
from bulk.rules.fields import ACTIONS, CHANNELS, YES_NO, FieldRule, Kind
from bulk.rules.verdicts import EXTENSION_DIGITS

TEMPLATE_VERSION = "1"


@dataclass(frozen=True)
class Column:
    """One template column: its header, the key rows use, and the field rule (from the
    rulebook, :mod:`bulk.rules.fields`) that says what it may hold."""

    header: str
    key: str
    rule: FieldRule = rule.PLAIN_TEXT
    aliases: tuple[str, ...] = ()
    help: str = ""
    width: int = 18
    required_in: frozenset[str] = frozenset()
    """Countries (the row's Country) where the column must be filled although it is optional
    elsewhere: the rulebook's own sets (State/Province, Postal Code)."""

    @property
    def kind(self) -> Kind:
        """What the column holds."""
        return self.rule.kind

    @property
    def required(self) -> bool:
        """Whether every row must fill it."""
        return self.rule.required

    @property
    def required_unless(self) -> str | None:
        """The column whose value makes this one optional."""
        return self.rule.required_unless

    @property
    def max_length(self) -> int | None:
        """The longest value allowed."""
        return self.rule.max_length

    @property
    def choices(self) -> tuple[str, ...]:
        """The allowed (or, for languages, suggested) values."""
        return self.rule.choices

    @property
    def forbidden(self) -> str:
        """Characters the value must not hold."""
        return self.rule.forbidden

    @property
    def template_header(self) -> str:
        """The header as the template writes it: required columns end with ``*``."""
        return self.header + ("*" if self.marked_required else "")

    @property
    def marked_required(self) -> bool:
        """Whether the template marks the column required: always required, or required unless
        the ``required_unless`` column of the same row is filled (docs/design.md §4 marks Customer Name
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
        if column.required_in:
            return f"required in {_either(sorted(column.required_in), 'and')}, optional elsewhere"
        return "optional"


def fold_header(text: str) -> str:
    """Header matching form: case-insensitive, ignoring spaces, underscores, hyphens and a
    trailing ``*`` (docs/design.md §4)."""
    return re.sub(r"[\s_\-\u00a0]+", "", text.strip().rstrip("*").strip()).lower()


def _either(words: tuple[str, ...] | list[str], last: str = "or") -> str:
    """``a, b or c``: how the header help lists the rulebook's values."""
    return f"{', '.join(words[:-1])} {last} {words[-1]}" if len(words) > 1 else "".join(words)


# The header help only words what the rulebook (bulk/rules) decides; no rule is restated here.
_ADDRESS_HELP = f"Street address, at most {rule.ADDRESS_LINE1.max_length} characters."
_COUNTRY_HELP = "ISO 3166-1 alpha-2 code, e.g. US, GB, DE."
_LANGUAGE_HELP = "ISO 639-1 code, optionally with a country: en, en_US, fr_CA."
_ACTION_HELP = f"{_either(ACTIONS)}; blank = {ACTIONS[0]}."
_STATE_HELP = "The subdivision code, e.g. CA, ON, NSW."
_POSTAL_HELP = "Format as text to keep leading zeros."
_NAME_HELP = (
    f"Company name, without {_either(tuple(rule.CUSTOMER_NAME.forbidden))}."
    " Blank only with Existing Org ID."
)
_EXTENSION_HELP = "{}-{} digits, unique within the location.".format(*EXTENSION_DIGITS)


def _address() -> tuple[Column, ...]:
    """The address columns Customers and Locations share."""
    return (
        Column(
            "Address Line 1",
            "address_line1",
            rule.ADDRESS_LINE1,
            aliases=("Address",),
            help=_ADDRESS_HELP,
            width=28,
        ),
        Column("Address Line 2", "address_line2", rule.ADDRESS_LINE2, help=_ADDRESS_HELP, width=20),
        Column("City", "city", rule.CITY, width=18),
        Column(
            "State/Province",
            "state",
            rule.STATE,
            aliases=("State", "Province", "State or Province"),
            help=_STATE_HELP,
            width=14,
            required_in=STATE_REQUIRED,
        ),
        Column(
            "Postal Code",
            "postal_code",
            rule.POSTAL_CODE,
            aliases=("Zip", "Zip Code", "Postcode", "Zip or Postal Code"),
            help=_POSTAL_HELP,
            width=12,
            required_in=POSTAL_REQUIRED,
        ),
        Column("Country", "country", rule.COUNTRY, help=_COUNTRY_HELP, width=10),
    )


CUSTOMERS = Sheet(
    "Customers",
    (
        Column("Action", "action", rule.ACTION, help=_ACTION_HELP, width=10),
        Column(
            "External ID",
            "external_id",
            rule.EXTERNAL_ID,
            aliases=("Customer External ID", "ExternalId"),
            help="Your own unique ID for this customer.",
            width=20,
        ),
        Column(
            "Customer Name",
            "name",
            rule.CUSTOMER_NAME,
            aliases=("Name",),
            help=_NAME_HELP,
            width=28,
        ),
        Column(
            "Primary Email",
            "primary_email",
            rule.PRIMARY_EMAIL,
            help="The customer's main administrator email. Blank only with Existing Org ID.",
            width=28,
        ),
        Column("Language", "language", rule.CUSTOMER_LANGUAGE, help=_LANGUAGE_HELP, width=10),
        *_address(),
        Column(
            "Packages",
            "packages",
            rule.CUSTOMER_PACKAGE_LIST,
            help="Comma-separated package names, e.g. webex_calling, webex_meetings.",
            width=36,
        ),
        Column(
            "Existing Org ID",
            "existing_org_id",
            rule.ORG_ID,
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
            rule.CUSTOMER_REF,
            aliases=("External ID",),
            width=20,
        ),
        Column(
            "Location Name",
            "name",
            rule.LOCATION_NAME,
            aliases=("Location",),
            help="Unique within the customer.",
            width=24,
        ),
        *_address(),
        Column(
            "Time Zone",
            "timezone",
            rule.TIMEZONE,
            aliases=("Timezone", "TZ"),
            help="IANA time zone, e.g. America/New_York.",
            width=22,
        ),
        Column("Language", "language", rule.LOCATION_LANGUAGE, help=_LANGUAGE_HELP, width=10),
        Column(
            "Emergency Location ID", "emergency_location_id", rule.EMERGENCY_LOCATION_ID, width=18
        ),
        Column(
            "Main Number",
            "main_number",
            rule.MAIN_NUMBER,
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
        Column("Action", "action", rule.ACTION, help=_ACTION_HELP, width=10),
        Column(
            "Customer External ID",
            "customer_external_id",
            rule.CUSTOMER_REF,
            aliases=("External ID",),
            width=20,
        ),
        Column("Email", "email", rule.EMAIL, help="Unique in the workbook.", width=30),
        Column("First Name", "first_name", rule.FIRST_NAME, width=16),
        Column("Last Name", "last_name", rule.LAST_NAME, width=16),
        Column("Package", "package", rule.SUBSCRIBER_PACKAGE, width=22),
        Column(
            "Location Name",
            "location_name",
            rule.LOCATION_REF,
            aliases=("Location",),
            help="Required for calling packages.",
            width=22,
        ),
        Column(
            "Phone Number",
            "phone_number",
            rule.PHONE_NUMBER,
            aliases=("Phone", "Primary Phone Number"),
            help="E.164, e.g. +14085550100; unique.",
            width=18,
        ),
        Column(
            "Extension",
            "extension",
            rule.EXTENSION,
            help=_EXTENSION_HELP,
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
            rule.CUSTOMER_REF,
            aliases=("External ID",),
            width=20,
        ),
        Column(
            "Location Name",
            "location_name",
            rule.ASSIST_LOCATION_REF,
            aliases=("Location",),
            width=22,
        ),
        Column(
            "Requested Completion Date",
            "requested_completion_date",
            rule.COMPLETION_DATE,
            aliases=("Completion Date",),
            help=f"At least {ASSIST_LEAD_BUSINESS_DAYS} business days after submission.",
            width=16,
        ),
        Column("Contact Name", "contact_name", rule.CONTACT_NAME, width=20),
        Column("Contact Email", "contact_email", rule.CONTACT_EMAIL, width=26),
        Column("Contact Phone", "contact_phone", rule.CONTACT_PHONE, help="E.164.", width=18),
        Column(
            "Channel",
            "channel",
            rule.CHANNEL,
            help=f"{_either(CHANNELS)}; blank = {CHANNELS[0]}.",
            width=10,
        ),
        Column(
            "Network Check Done",
            "network_check_done",
            rule.NETWORK_CHECK_DONE,
            help=f"Has the customer run the network connectivity check? {_either(YES_NO)}.",
            width=12,
        ),
        Column("Notes", "notes", rule.NOTES, width=30),
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
    "FieldRule",
    "Kind",
    "Sheet",
    "fold_header",
]
